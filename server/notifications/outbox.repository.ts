import { sql, type Insertable, type Kysely } from 'kysely';
import type { AuditEventRow, Database, OutboxRow, OutboxState, OutboxTable } from '../db/database.js';
import { isPostgres } from '../db/locks.js';
import { announcementsOf } from './topics.js';

/**
 * Queues the announcements of audit events just written, in the caller's transaction: the event
 * and the promise to tell people of it commit or vanish together. Kinds nobody is told of cost nothing.
 *
 * @example await enqueueAnnouncements(trx, writtenAuditRows);
 */
export async function enqueueAnnouncements(db: Kysely<Database>, events: readonly AuditEventRow[]): Promise<void> {
  const rows = announcementsOf(events);
  if (rows.length > 0) await enqueue(db, rows);
}

/** Inserts outbox rows; one already queued for the same dedupe key and channel is kept as it is. */
export async function enqueue(db: Kysely<Database>, rows: Insertable<OutboxTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('outbox')
    .values(rows)
    .onConflict((oc) => oc.columns(['dedupe_key', 'channel']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Claims up to `limit` due rows for `owner` until `leaseUntil`, counting the attempt. PostgreSQL
 * skips rows another instance holds (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a time,
 * so the single UPDATE is already atomic. A row whose lease ran out (its worker died) is due again.
 */
export async function claimDue(
  db: Kysely<Database>,
  input: { owner: string; now: string; leaseUntil: string; limit: number },
): Promise<OutboxRow[]> {
  const due = db
    .selectFrom('outbox')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', input.now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', input.now)]))
    .orderBy('id')
    .limit(input.limit);
  const claimed = await db
    .updateTable('outbox')
    .set((eb) => ({ lease_owner: input.owner, lease_until: input.leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', isPostgres(db) ? due.forUpdate().skipLocked() : due)
    // Checked again on the row being updated: a row another worker claimed in between is left alone.
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', input.now)]))
    .returningAll()
    .execute();
  // RETURNING keeps no order on PostgreSQL; people are told in the order things happened.
  return claimed.sort((a, b) => a.id - b.id);
}

/**
 * Settles a claimed row: delivered, skipped (the tenant has no such channel), dead, or back to
 * pending at `nextAttemptAt`. Only the lease holder may: a worker whose lease ran out and was
 * re-claimed changes nothing (false).
 */
export async function settle(
  db: Kysely<Database>,
  row: Pick<OutboxRow, 'id' | 'lease_owner'>,
  outcome: { state: OutboxState; at: string; error?: string | null; nextAttemptAt?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      state: outcome.state,
      lease_owner: null,
      lease_until: null,
      last_error: outcome.error ?? null,
      ...(outcome.state === 'delivered' ? { delivered_at: outcome.at } : {}),
      ...(outcome.nextAttemptAt ? { next_attempt_at: outcome.nextAttemptAt } : {}),
    })
    .where('id', '=', row.id)
    .where('lease_owner', '=', row.lease_owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface DeliveryFilter {
  tenant: string;
  state?: OutboxState;
  grantId?: string;
  beforeId?: number;
  limit: number;
}

/** A tenant's deliveries, newest first. */
export function listDeliveries(db: Kysely<Database>, f: DeliveryFilter): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll().where('tenant', '=', f.tenant);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.grantId) q = q.where('grant_id', '=', f.grantId);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Puts a dead row back in the queue (an admin fixed the channel). */
export async function requeue(db: Kysely<Database>, tenant: string, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'pending', attempts: 0, next_attempt_at: at, last_error: null })
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** For the SIEM streams and tests: how many rows each state holds. */
export async function countByState(db: Kysely<Database>, tenant: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['state', sql<number>`count(*)`.as('n')])
    .where('tenant', '=', tenant)
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
