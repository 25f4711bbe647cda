import { sql, type Kysely } from 'kysely';
import type { ListCursor } from '../../shared/cursor.js';
import { isPostgres } from '../db/locks.js';
import type { Database, GrantRow } from '../db/database.js';

export type ReviewRow = Database['reviews'];

/**
 * Grants that raised at least one flag, latest change first, optionally only the unreviewed ones;
 * `limit + 1` rows so the caller knows whether a next page follows. Reads the indexed `flagged`
 * column (grants_flagged_idx), never a scan of `flags`.
 */
export function listFlaggedGrants(
  db: Kysely<Database>,
  query: FlaggedQuery,
): Promise<Array<GrantRow & { verdict: string | null }>> {
  return flaggedGrantsQuery(db, query).execute();
}

export interface FlaggedQuery {
  tenant: string;
  state: 'flagged' | 'reviewed' | 'all';
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: ListCursor | undefined;
}

/** The query `listFlaggedGrants` runs, unexecuted, so a test can ask the database for its plan. */
export function flaggedGrantsQuery(db: Kysely<Database>, query: FlaggedQuery) {
  let q = db
    .selectFrom('grants')
    .leftJoin('reviews', (join) =>
      join.onRef('reviews.grant_id', '=', 'grants.id').onRef('reviews.tenant', '=', 'grants.tenant'),
    )
    .selectAll('grants')
    .select('reviews.verdict')
    .where('grants.tenant', '=', query.tenant)
    .where('grants.flagged', '=', 1);
  if (query.state === 'flagged') q = q.where('reviews.verdict', 'is', null);
  if (query.state === 'reviewed') q = q.where('reviews.verdict', 'is not', null);
  if (query.from) q = q.where('grants.requested_at', '>=', query.from);
  if (query.to) q = q.where('grants.requested_at', '<', query.to);
  const { cursor } = query;
  if (cursor)
    q = q.where((eb) => eb(eb.refTuple('grants.updated_at', 'grants.id'), '<', eb.tuple(cursor.at, cursor.id)));
  return q
    .orderBy('grants.updated_at', 'desc')
    .orderBy('grants.id', 'desc')
    .limit(query.limit + 1);
}

export function findReviews(db: Kysely<Database>, tenant: string, grantIds: string[]): Promise<ReviewRow[]> {
  if (grantIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('reviews').selectAll().where('tenant', '=', tenant).where('grant_id', 'in', grantIds).execute();
}

export async function saveReview(db: Kysely<Database>, row: ReviewRow): Promise<void> {
  const { tenant: _t, grant_id: _g, ...update } = row;
  await db
    .insertInto('reviews')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant', 'grant_id']).doUpdateSet(update))
    .execute();
}

export interface PeriodCounts {
  flaggedSessions: number;
  perFlag: Record<string, number>;
  reviewed: { ok: number; concern: number };
  /** The unreviewed session flagged first, with its earliest flag's time. */
  oldest: { grantId: string; flaggedAt: string } | null;
}

/**
 * The review summary's counts for a period, counted by the database along the (tenant, flagged,
 * requested_at) index — flags unpacked from their JSON there (json_each / jsonb_array_elements) —
 * so a week of a large tenant is three grouped reads, not thousands of rows parsed by the server.
 *
 * @example const counts = await countFlaggedInPeriod(db, { tenant: 'demo', from, to });
 */
export async function countFlaggedInPeriod(
  db: Kysely<Database>,
  q: { tenant: string; from: string; to: string },
): Promise<PeriodCounts> {
  const pg = isPostgres(db);
  const period = sql`g.tenant = ${q.tenant} and g.flagged = 1 and g.requested_at >= ${q.from} and g.requested_at < ${q.to}`;
  const review = sql`left join reviews r on r.grant_id = g.id and r.tenant = g.tenant`;
  const flags = pg ? sql`jsonb_array_elements(g.flags::jsonb) as f(value)` : sql`json_each(g.flags) as f`;
  const field = (name: string) => (pg ? sql`f.value->>${name}` : sql`json_extract(f.value, ${`$.${name}`})`);
  const [perFlag, verdicts, oldest] = await Promise.all([
    sql<{ code: string; n: number }>`select ${field('code')} as code, count(*) as n
      from grants g cross join ${flags} where ${period} group by 1`.execute(db),
    sql<{ verdict: string | null; n: number }>`select r.verdict as verdict, count(*) as n
      from grants g ${review} where ${period} group by r.verdict`.execute(db),
    sql<{ id: string; at: string }>`select g.id as id, min(${field('at')}) as at
      from grants g ${review} cross join ${flags}
      where ${period} and (r.verdict is null or r.verdict not in ('ok', 'concern'))
      group by g.id order by 2, 1 limit 1`.execute(db),
  ]);
  const count = (verdict: string) => Number(verdicts.rows.find((v) => v.verdict === verdict)?.n ?? 0);
  const first = oldest.rows[0];
  return {
    flaggedSessions: verdicts.rows.reduce((sum, v) => sum + Number(v.n), 0),
    perFlag: Object.fromEntries(perFlag.rows.map((r) => [r.code, Number(r.n)])),
    reviewed: { ok: count('ok'), concern: count('concern') },
    oldest: first ? { grantId: first.id, flaggedAt: first.at } : null,
  };
}
