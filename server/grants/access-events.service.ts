import { sql } from 'kysely';
import type { AccessEventInput, Flag } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import type { AppError } from '../errors.js';
import { errors } from '../errors.js';
import { mergeFlags } from './flags.js';
import { effectiveStatus } from './grant-view.js';
import { findGrant, insertAccessEvents } from './grants.repository.js';

/**
 * What was viewed, queried, exported or changed — accepted only on the caller's own active grant.
 * A refused batch is still kept: the attempt goes to the audit trail, and events aimed at a grant
 * that is no longer active are stored unaccepted and flag the grant as shadow access.
 *
 * @example await recordAccessEvents(deps, ann, grantId, [{ kind: 'view', target: 'refund 9912', fields: ['refund_status'] }]);
 */
export async function recordAccessEvents(deps: Deps, actor: Actor, grantId: string, events: AccessEventInput[]): Promise<{ accepted: number; grantId: string }> {
  const at = deps.now().toISOString();
  const summary = events.map((e) => ({ ...e, occurredAt: e.occurredAt ?? at }));
  let refusal: AppError | null = null;

  await deps.db.transaction().execute(async (trx) => {
    const row = await findGrant(trx, actor.tenant, grantId);
    const refuse = async (error: AppError, reason: string) => {
      refusal = error;
      await appendAuditEvents(trx, [
        {
          tenant: actor.tenant,
          kind: 'access.refused',
          occurredAt: at,
          actorId: actor.id,
          grantId: row ? row.id : null,
          ticketId: row?.ticket_id ?? null,
          customerId: row?.customer_id ?? null,
          data: { requestedGrantId: grantId, reason, events: summary },
        },
      ]);
    };
    if (!row) return refuse(errors.notFound(`Grant ${grantId}`), 'unknown grant');
    if (row.requester_id !== actor.id) {
      return refuse(errors.forbidden(`Grant ${grantId} belongs to ${row.requester_id}; report access on your own grant`), 'not the requester');
    }
    const status = effectiveStatus(row, at);
    const rows = summary.map((e) => ({
      tenant: row.tenant,
      grant_id: row.id,
      actor_id: actor.id,
      kind: e.kind,
      target: e.target,
      fields: JSON.stringify(e.fields ?? []),
      record_count: e.recordCount ?? null,
      query_name: e.queryName ?? null,
      masked_fields: JSON.stringify(e.maskedFields ?? []),
      customer_id: e.customerId ?? row.customer_id,
      occurred_at: e.occurredAt,
      accepted: status === 'active' ? (1 as const) : (0 as const),
    }));
    await insertAccessEvents(trx, rows);

    if (status !== 'active') {
      const shadow: Flag = { code: 'shadow_access', reason: `Access reported while the grant was ${status}`, at };
      const flags = mergeFlags(JSON.parse(row.flags) as Flag[], [shadow]);
      await trx.updateTable('grants').set({ flags: JSON.stringify(flags), updated_at: at }).where('id', '=', row.id).execute();
      return refuse(
        errors.conflict('grant_not_active', `Grant ${grantId} is ${status}, not active: access events are accepted only during an active session (the attempt was recorded)`),
        `grant ${status}`,
      );
    }
    const records = summary.reduce((sum, e) => sum + (e.recordCount ?? 1), 0);
    await trx
      .updateTable('grants')
      .set({ event_count: sql`event_count + ${summary.length}`, record_count: sql`record_count + ${records}`, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    await appendAuditEvents(trx, [
      { tenant: row.tenant, kind: 'access.recorded', occurredAt: at, actorId: actor.id, grantId: row.id, ticketId: row.ticket_id, customerId: row.customer_id, data: { events: summary } },
    ]);
  });

  if (refusal) throw refusal;
  return { accepted: events.length, grantId };
}
