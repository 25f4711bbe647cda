import type { Kysely } from 'kysely';
import type { ListCursor } from '../../shared/cursor.js';
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

/**
 * What the weekly summary needs of each flagged session requested in [from, to): its id, flags and
 * verdict only, read along the (tenant, flagged, requested_at) index, in no particular order — not the
 * whole rows in queue order.
 */
export function flaggedInPeriod(
  db: Kysely<Database>,
  query: { tenant: string; from: string; to: string; limit: number },
): Promise<Array<{ id: string; flags: string; verdict: string | null }>> {
  return db
    .selectFrom('grants')
    .leftJoin('reviews', (join) =>
      join.onRef('reviews.grant_id', '=', 'grants.id').onRef('reviews.tenant', '=', 'grants.tenant'),
    )
    .select(['grants.id', 'grants.flags', 'reviews.verdict'])
    .where('grants.tenant', '=', query.tenant)
    .where('grants.flagged', '=', 1)
    .where('grants.requested_at', '>=', query.from)
    .where('grants.requested_at', '<', query.to)
    .limit(query.limit)
    .execute();
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
