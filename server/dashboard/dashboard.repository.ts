import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { openNow } from '../grants/grant-predicates.js';

// The dashboard's counts, each answered from an index alone: the open ones from grants_open_counts_idx
// (2026-12-02-0014), the flagged total and the days from the list indexes (2026-12-01-0003).

const count = (n: unknown) => Number(n ?? 0);

/** Open sessions by stored status, decided "now" like every other read (openNow). */
export async function openCounts(db: Kysely<Database>, tenant: string, nowIso: string) {
  const rows = await openCountsQuery(db, tenant, nowIso).execute();
  const of = (s: string) => count(rows.find((r) => r.status === s)?.n);
  return { active: of('active'), approved: of('approved'), pending: of('pending') };
}

/** The query `openCounts` runs, unexecuted, so a test can ask the database for its plan. */
export function openCountsQuery(db: Kysely<Database>, tenant: string, nowIso: string) {
  return db
    .selectFrom('grants')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('tenant', '=', tenant)
    .where('status', 'in', ['pending', 'approved', 'active'])
    .where(openNow(nowIso))
    .groupBy('status');
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

/**
 * Sessions requested on each UTC day (`YYYY-MM-DD`), up to `to`: one range count per day along
 * (tenant, requested_at, id), index entries only — a GROUP BY over a day expression would sort them.
 */
export async function sessionsPerDay(db: Kysely<Database>, tenant: string, days: string[], to: string) {
  const counts = new Map<string, number>();
  for (const day of days) {
    const start = `${day}T00:00:00.000Z`;
    const next = new Date(Date.parse(start) + 86_400_000).toISOString();
    const row = await db
      .selectFrom('grants')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .where('requested_at', '>=', start)
      .where('requested_at', '<', next < to ? next : to)
      .executeTakeFirst();
    counts.set(day, count(row?.n));
  }
  return counts;
}

/** The flags of every flagged session requested in [from, to), along (tenant, flagged, requested_at, id). */
export function flagsInPeriod(db: Kysely<Database>, tenant: string, from: string, to: string) {
  return db
    .selectFrom('grants')
    .select('flags')
    .where('tenant', '=', tenant)
    .where('flagged', '=', 1)
    .where('requested_at', '>=', from)
    .where('requested_at', '<', to)
    .execute();
}
