import { CompiledQuery, type Insertable, type Kysely, type Updateable } from 'kysely';
import type {
  AccessEventRow,
  AccessEventsTable,
  Database,
  GrantRow,
  GrantStatus,
  GrantsTable,
  NewGrantRow,
} from '../db/database.js';
import type { ListCursor } from '../../shared/cursor.js';
import type { Flag } from '../../shared/grants.js';
import { USUAL_SAMPLE_STATUSES } from './flags.js';
import { dueNow, openNow } from './grant-predicates.js';
import { applyListFilters, type FlagFilter } from './list-filters.js';

export type AccessEventInsert = Insertable<AccessEventsTable>;

export async function insertGrant(db: Kysely<Database>, row: NewGrantRow): Promise<void> {
  await db.insertInto('grants').values(row).execute();
}

export function findGrant(db: Kysely<Database>, tenant: string, id: string): Promise<GrantRow | undefined> {
  return db.selectFrom('grants').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
}

export function findOpenGrantFor(
  db: Kysely<Database>,
  key: { tenant: string; requesterId: string; ticketId: string; customerId: string },
  nowIso: string,
): Promise<GrantRow | undefined> {
  return db
    .selectFrom('grants')
    .selectAll()
    .where('tenant', '=', key.tenant)
    .where('ticket_id', '=', key.ticketId)
    .where('requester_id', '=', key.requesterId)
    .where('customer_id', '=', key.customerId)
    .where(openNow(nowIso))
    .executeTakeFirst();
}

/**
 * Moves a grant on only if it is still in one of `from` — the compare-and-set that makes each
 * transition (and the sweeper's expiry) happen once even with several server processes.
 * Returns whether this call made the change.
 */
export async function transitionGrant(
  db: Kysely<Database>,
  where: { tenant: string; id: string; from: readonly GrantStatus[] },
  patch: Updateable<GrantsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('grants')
    .set(patch)
    .where('tenant', '=', where.tenant)
    .where('id', '=', where.id)
    .where('status', 'in', where.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The columns that hold a grant's flags: the JSON and the indexed `flagged` the review queue reads.
 * Every write of `flags` goes through here so the two never disagree.
 *
 * @example await db.updateTable('grants').set({ ...grantFlagColumns(flags), updated_at: at })…
 */
export const grantFlagColumns = (flags: readonly Flag[]): { flags: string; flagged: 0 | 1 } => ({
  flags: JSON.stringify(flags),
  flagged: flags.length > 0 ? 1 : 0,
});

export interface GrantListFilter {
  tenant: string;
  ticketId?: string;
  customerId?: string;
  requesterId?: string;
  status?: GrantStatus[];
  /** An agent by id or name: resolved to requester ids by resolveAgent (list-filters.ts). */
  agent?: string | undefined;
  /** Requester ids the agent search resolved to (any of them). */
  requesterIds?: string[] | undefined;
  flag?: FlagFilter | undefined;
  from?: string;
  to?: string;
  limit: number;
  /** Rows after this one in the list's order (keyset pagination). */
  cursor?: ListCursor | undefined;
}

/** Newest first, `limit + 1` rows so the caller knows whether there is a next page. */
export function listGrants(db: Kysely<Database>, filter: GrantListFilter): Promise<GrantRow[]> {
  return grantListQuery(db, filter).execute();
}

/** The query `listGrants` runs, unexecuted, so a test can ask the database for its plan. */
export function grantListQuery(db: Kysely<Database>, filter: GrantListFilter) {
  let query = db.selectFrom('grants').selectAll().where('tenant', '=', filter.tenant);
  if (filter.ticketId) query = query.where('ticket_id', '=', filter.ticketId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
  if (filter.status) query = query.where('status', 'in', filter.status);
  query = applyListFilters(query, filter);
  if (filter.from) query = query.where('requested_at', '>=', filter.from);
  if (filter.to) query = query.where('requested_at', '<', filter.to);
  const { cursor } = filter;
  if (cursor) query = query.where((eb) => eb(eb.refTuple('requested_at', 'id'), '<', eb.tuple(cursor.at, cursor.id)));
  return query
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
}

/**
 * One page out of `limit + 1` rows: the first `limit`, and the cursor of the last when more follow.
 *
 * @example const { rows, nextCursor } = pageOf(await listGrants(db, filter), filter.limit, (r) => r.requested_at);
 */
export function pageOf<Row extends { id: string }>(
  rows: Row[],
  limit: number,
  sortTime: (row: Row) => string,
): { rows: Row[]; nextCursor: ListCursor | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1] as Row;
  return { rows: page, nextCursor: { at: sortTime(last), id: last.id } };
}

const EVENT_COLUMNS = [
  'tenant',
  'grant_id',
  'actor_id',
  'kind',
  'target',
  'fields',
  'record_count',
  'query_name',
  'masked_fields',
  'customer_id',
  'client_event_id',
  'source',
  'parameters',
  'occurred_at',
  'accepted',
] as const satisfies ReadonlyArray<keyof AccessEventInsert>;

/** Values the table would default, for rows that leave them out (the insert names every column). */
const EVENT_DEFAULTS: Partial<Record<(typeof EVENT_COLUMNS)[number], unknown>> = {
  source: 'session',
  masked_fields: '[]',
};

// Event batches arrive by the hundred: the multi-row INSERT is built once per database and batch
// size, then only re-bound (building a 100-row insert costs more than running it).
const insertSql = new WeakMap<object, Map<number, string>>();

function eventInsertSql(db: Kysely<Database>, count: number): string {
  const { adapter } = db.getExecutor();
  const bySize = insertSql.get(adapter) ?? new Map<number, string>();
  insertSql.set(adapter, bySize);
  let text = bySize.get(count);
  if (!text) {
    const probe = Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, `p${i}`])) as unknown as AccessEventInsert;
    const compiled = db
      .insertInto('access_events')
      .values(Array.from({ length: count }, () => probe))
      .compile();
    const expected = Array.from({ length: count }, () => EVENT_COLUMNS.map((_, i) => `p${i}`)).flat();
    if (JSON.stringify(compiled.parameters) !== JSON.stringify(expected))
      throw new Error('insertAccessEvents: column order no longer matches the query');
    text = compiled.sql;
    if (bySize.size < 50) bySize.set(count, text);
  }
  return text;
}

export async function insertAccessEvents(db: Kysely<Database>, rows: AccessEventInsert[]): Promise<void> {
  // Chunked to stay under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const parameters = chunk.flatMap((row) =>
      EVENT_COLUMNS.map((column) => row[column] ?? EVENT_DEFAULTS[column] ?? null),
    );
    await db.executeQuery(CompiledQuery.raw(eventInsertSql(db, chunk.length), parameters));
  }
}

export async function listAccessEvents(
  db: Kysely<Database>,
  tenant: string,
  grantIds: string[],
): Promise<AccessEventRow[]> {
  if (grantIds.length === 0) return [];
  return db
    .selectFrom('access_events')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('grant_id', 'in', grantIds)
    .orderBy('id')
    .execute();
}

/** Grants the sweeper owes an `expired` or `lapsed` record, oldest due first. */
export function listDueGrants(db: Kysely<Database>, nowIso: string, limit: number): Promise<GrantRow[]> {
  return db.selectFrom('grants').selectAll().where(dueNow(nowIso)).limit(limit).execute();
}

/** Minutes of the latest closed sessions on exactly these systems, for "far above the usual". */
export async function recentSessionMinutes(
  db: Kysely<Database>,
  tenant: string,
  systems: string,
  excludeId: string,
  limit = 50,
): Promise<number[]> {
  const rows = await db
    .selectFrom('grants')
    .select(['started_at', 'ended_at'])
    .where('tenant', '=', tenant)
    .where('systems', '=', systems)
    .where('status', 'in', USUAL_SAMPLE_STATUSES)
    .where('id', '!=', excludeId)
    .where('started_at', 'is not', null)
    .orderBy('ended_at', 'desc')
    .limit(limit)
    .execute();
  return rows
    .filter((r) => r.started_at && r.ended_at)
    .map((r) => (Date.parse(r.ended_at as string) - Date.parse(r.started_at as string)) / 60_000);
}

/** Customers other than `scope` that accepted events on this grant touched. */
export async function otherCustomersTouched(
  db: Kysely<Database>,
  tenant: string,
  grantId: string,
  scope: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('access_events')
    .select('customer_id')
    .distinct()
    .where('tenant', '=', tenant)
    .where('grant_id', '=', grantId)
    .where('accepted', '=', 1)
    .where('customer_id', 'is not', null)
    .where('customer_id', '!=', scope)
    .execute();
  return rows.map((r) => r.customer_id as string).sort();
}
