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
import { USUAL_SAMPLE_STATUSES } from './flags.js';
import { dueNow, openNow } from './grant-predicates.js';

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

export interface GrantListFilter {
  tenant: string;
  ticketId?: string;
  customerId?: string;
  requesterId?: string;
  status?: GrantStatus[];
  from?: string;
  to?: string;
  limit: number;
}

/** Newest first. */
export function listGrants(db: Kysely<Database>, filter: GrantListFilter): Promise<GrantRow[]> {
  let query = db.selectFrom('grants').selectAll().where('tenant', '=', filter.tenant);
  if (filter.ticketId) query = query.where('ticket_id', '=', filter.ticketId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
  if (filter.status) query = query.where('status', 'in', filter.status);
  if (filter.from) query = query.where('requested_at', '>=', filter.from);
  if (filter.to) query = query.where('requested_at', '<', filter.to);
  return query.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
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
