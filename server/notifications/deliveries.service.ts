import type { Delivery } from '../../shared/notifications.js';
import type { Actor, Deps } from '../app-env.js';
import type { OutboxRow, OutboxState } from '../db/database.js';
import { errors } from '../errors.js';
import { listDeliveries, requeue } from './outbox.repository.js';
import { streamStatus } from './siem.js';

const toDelivery = (r: OutboxRow): Delivery => ({
  id: r.id,
  topic: r.topic,
  channel: r.channel,
  grantId: r.grant_id,
  auditEventId: r.audit_event_id,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

function requireLeadOrAdmin(actor: Actor) {
  if (actor.role !== 'admin' && actor.role !== 'lead')
    throw errors.forbidden('Only leads and admins can see deliveries');
}

/** A tenant's deliveries, newest first, a page at a time (`before` = the last id of the page). */
export async function getDeliveries(
  deps: Deps,
  actor: Actor,
  q: { state?: OutboxState; grantId?: string; limit: number; before?: number },
) {
  requireLeadOrAdmin(actor);
  const rows = await listDeliveries(deps.db, { tenant: actor.tenant, ...q, beforeId: q.before });
  const deliveries = rows.map(toDelivery);
  return { deliveries, nextBefore: rows.length === q.limit ? (rows.at(-1)?.id ?? null) : null };
}

/** An admin puts a dead-lettered delivery back in the queue once its channel works again. */
export async function retryDelivery(deps: Deps, actor: Actor, id: number) {
  if (actor.role !== 'admin') throw errors.forbidden('Only admins can retry deliveries');
  if (!(await requeue(deps.db, actor.tenant, id, deps.now().toISOString())))
    throw errors.conflict('delivery_not_dead', `Delivery ${id} is not dead-lettered (or does not exist)`);
  return { id, state: 'pending' as const };
}

export async function getStreams(deps: Deps, actor: Actor, maxAttempts: number) {
  requireLeadOrAdmin(actor);
  return { streams: await streamStatus(deps.db, actor.tenant, maxAttempts) };
}
