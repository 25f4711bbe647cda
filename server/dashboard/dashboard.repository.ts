import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { openNow } from '../grants/grant-predicates.js';

// The dashboard's counts, each along one of the list indexes (2026-12-01-0003-list-indexes): a
// count of index entries or of the few open rows, never a scan of the whole table.

const count = (n: unknown) => Number(n ?? 0);

/** Open sessions by stored status, decided "now" like every other read (openNow). */
export async function openCounts(db: Kysely<Database>, tenant: string, nowIso: string) {
  const rows = await db
    .selectFrom('grants')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('tenant', '=', tenant)
    .where('status', 'in', ['pending', 'approved', 'active'])
    .where(openNow(nowIso))
    .groupBy('status')
    .execute();
  const of = (s: string) => count(rows.find((r) => r.status === s)?.n);
  return { active: of('active'), approved: of('approved'), pending: of('pending') };
}

/** Pending requests not made by `userId` (the ones they could decide). */
export async function pendingOfOthers(db: Kysely<Database>, tenant: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('grants')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant', '=', tenant)
    .where('status', '=', 'pending')
    .where('requester_id', '!=', userId)
    .executeTakeFirst();
  return count(row?.n);
}

/**
 * Flagged sessions that are over and have no verdict: every flagged grant (index count) less the
 * reviewed ones (a verdict needs flags) less the flagged ones still open (few, by status).
 */
export async function reviewsWaiting(db: Kysely<Database>, tenant: string, nowIso: string): Promise<number> {
  const [flagged, reviewed, open] = await Promise.all([
    db
      .selectFrom('grants')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .where('flagged', '=', 1)
      .executeTakeFirst(),
    db
      .selectFrom('reviews')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .executeTakeFirst(),
    db
      .selectFrom('grants')
      .leftJoin('reviews', (j) =>
        j.onRef('reviews.grant_id', '=', 'grants.id').onRef('reviews.tenant', '=', 'grants.tenant'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .where('grants.tenant', '=', tenant)
      .where('grants.status', 'in', ['pending', 'approved', 'active'])
      .where('grants.flagged', '=', 1)
      .where('reviews.verdict', 'is', null)
      .where((eb) => openNow(nowIso)(eb as never))
      .executeTakeFirst(),
  ]);
  return Math.max(0, count(flagged?.n) - count(reviewed?.n) - count(open?.n));
}

/** The longest-waiting flagged session without a verdict that is over, oldest request first. */
export function oldestWaiting(db: Kysely<Database>, tenant: string, nowIso: string) {
  return db
    .selectFrom('grants')
    .leftJoin('reviews', (j) =>
      j.onRef('reviews.grant_id', '=', 'grants.id').onRef('reviews.tenant', '=', 'grants.tenant'),
    )
    .select(['grants.id', 'grants.flags'])
    .where('grants.tenant', '=', tenant)
    .where('grants.flagged', '=', 1)
    .where('reviews.verdict', 'is', null)
    .where((eb) => eb.not(openNow(nowIso)(eb as never)))
    .orderBy('grants.requested_at', 'asc')
    .orderBy('grants.id', 'asc')
    .limit(1)
    .executeTakeFirst();
}

/** Sessions requested per UTC day in [from, to), along (tenant, requested_at, id). */
export async function sessionsPerDay(db: Kysely<Database>, tenant: string, from: string, to: string) {
  const day = sql<string>`substr(requested_at, 1, 10)`;
  const rows = await db
    .selectFrom('grants')
    .select([day.as('day'), (eb) => eb.fn.countAll().as('n')])
    .where('tenant', '=', tenant)
    .where('requested_at', '>=', from)
    .where('requested_at', '<', to)
    .groupBy(day)
    .execute();
  return new Map(rows.map((r) => [r.day, count(r.n)]));
}
