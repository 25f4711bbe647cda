import { sql, type Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { AccessEventInput } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { groupTransaction } from '../db/group-commit.js';
import type { Database, GrantRow } from '../db/database.js';
import type { AppError } from '../errors.js';
import { errors } from '../errors.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { takeRefusal } from '../http/refused-reports.js';
import type { GrantTokenClaims } from '../tokens/grant-tokens.js';
import { flagShadowAccess, mergeFlags, type ShadowReport } from './flags.js';
import { effectiveStatus, grantFlags } from './grant-view.js';
import { findGrant, grantFlagColumns, insertAccessEvents } from './grants.repository.js';

export interface EventsRecorded {
  accepted: number;
  grantId: string;
  shadow?: number;
  duplicates?: number;
}

type Stamped = AccessEventInput & { occurredAt: string };

async function flagShadow(trx: Kysely<Database>, row: GrantRow, report: ShadowReport, at: string): Promise<void> {
  const flags = mergeFlags(grantFlags(row), [flagShadowAccess(report, at)]);
  await trx
    .updateTable('grants')
    .set({ ...grantFlagColumns(flags), updated_at: at })
    .where('id', '=', row.id)
    .execute();
}

/** Drops events whose reporter id this grant already stored: a retried batch counts once. */
async function withoutDuplicates(trx: Kysely<Database>, grantId: string, events: Stamped[]): Promise<Stamped[]> {
  const ids = events.map((e) => e.id).filter((id): id is string => Boolean(id));
  if (ids.length === 0) return events;
  const seen = new Set(
    (
      await trx
        .selectFrom('access_events')
        .select('client_event_id')
        .where('grant_id', '=', grantId)
        .where('client_event_id', 'in', ids)
        .execute()
    ).map((r) => r.client_event_id),
  );
  const inBatch = new Set<string>();
  return events.filter((e) => !e.id || (!seen.has(e.id) && !inBatch.has(e.id) && Boolean(inBatch.add(e.id))));
}

export interface PayloadSummary {
  eventCount: number;
  payloadBytes: number;
  payloadSha256: string;
}

/**
 * What a refused report keeps of its payload: how many events, how big, and a digest (SHA-256 of
 * the canonical JSON of the events as sent) — enough to match a copy the reporter still holds,
 * never the events themselves, so a refused flood cannot grow the append-only trail.
 */
export function payloadSummary(events: AccessEventInput[]): PayloadSummary {
  const json = canonicalJson(events);
  return {
    eventCount: events.length,
    payloadBytes: Buffer.byteLength(json, 'utf8'),
    payloadSha256: createHash('sha256').update(json).digest('hex'),
  };
}

/**
 * What was viewed, queried, exported or changed.
 * - From the agent's session: accepted only on their own active grant; otherwise 409, with the
 *   attempt audited and the events kept unaccepted (shadow access).
 * - From an internal tool with a grant token (possibly delivered late from its queue): each event
 *   is judged by when it happened; events outside the grant's active window are kept and flagged
 *   as shadow access, never dropped.
 * - A refused report keeps a bounded record (who, which grant id, why, `payloadSummary`); with
 *   `refusals`, past the per-user limit it is answered 429 and writes nothing at all.
 *
 * @example await recordAccessEvents(deps, ann, grantId, [{ kind: 'view', target: 'refund 9912', fields:
 * ['refund_status'] }]);
 */
export async function recordAccessEvents(
  deps: Deps,
  actor: Actor,
  grantId: string,
  events: AccessEventInput[],
  grantToken?: GrantTokenClaims,
  refusals?: RateLimiter,
): Promise<EventsRecorded> {
  const at = deps.now().toISOString();
  // Named members rather than a spread: batches come by the hundred, and same-shaped objects with
  // their keys in sorted order copy fast and reach the audit row's canonical JSON without
  // re-sorting (undefined members stay out of the JSON, as before). Record<keyof …>: a member
  // added to the contract must be added here too.
  const stamped = events.map((e): Stamped & Record<keyof AccessEventInput, unknown> => ({
    customerId: e.customerId,
    fields: e.fields,
    id: e.id,
    kind: e.kind,
    maskedFields: e.maskedFields,
    occurredAt: e.occurredAt ?? at,
    queryName: e.queryName,
    recordCount: e.recordCount,
    target: e.target,
  }));
  let refusal: AppError | null = null;

  const result = await groupTransaction(deps.db, async (trx): Promise<EventsRecorded> => {
    const row = await findGrant(trx, actor.tenant, grantId);
    // Counted before anything of the refused report is written: past the limit, nothing is.
    const limit = () => {
      if (refusals) takeRefusal(refusals, actor, deps.now());
    };
    const record = async (error: AppError, reason: string): Promise<EventsRecorded> => {
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
          data: {
            requestedGrantId: grantId,
            reason,
            via: grantToken ? 'grant_token' : 'session',
            ...payloadSummary(events),
          },
        },
      ]);
      return { accepted: 0, grantId };
    };
    const refuse = (error: AppError, reason: string): Promise<EventsRecorded> => {
      limit();
      return record(error, reason);
    };
    if (grantToken && grantToken.gid !== grantId)
      return refuse(
        errors.forbidden(`This grant token is for grant ${grantToken.gid}, not ${grantId}`),
        'token for another grant',
      );
    if (!row) return refuse(errors.notFound(`Grant ${grantId}`), 'unknown grant');
    if (row.requester_id !== actor.id) {
      return refuse(
        errors.forbidden(`Grant ${grantId} belongs to ${row.requester_id}; report access on your own grant`),
        'not the requester',
      );
    }

    const status = effectiveStatus(row, at);
    const refused = !grantToken && status !== 'active';
    if (refused) limit();
    const fresh = await withoutDuplicates(trx, row.id, stamped);
    const windowEnd = row.ended_at ?? row.expires_at ?? '';
    const inWindow = (e: Stamped) =>
      grantToken
        ? Boolean(row.started_at) && e.occurredAt >= (row.started_at ?? '') && e.occurredAt <= windowEnd
        : status === 'active';
    const accepted = fresh.filter(inWindow);
    const shadow = fresh.filter((e) => !inWindow(e));

    await insertAccessEvents(
      trx,
      fresh.map((e) => ({
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
        client_event_id: e.id ?? null,
        source: grantToken ? ('grant_token' as const) : ('session' as const),
        occurred_at: e.occurredAt,
        accepted: inWindow(e) ? (1 as const) : (0 as const),
      })),
    );

    if (refused) {
      await flagShadow(trx, row, { grantStatus: status }, at);
      return record(
        errors.conflict(
          'grant_not_active',
          `Grant ${grantId} is ${status}, not active: access events are accepted only during an active session (the attempt was recorded)`,
        ),
        `grant ${status}`,
      );
    }
    if (shadow.length > 0) await flagShadow(trx, row, { eventsOutsideWindow: shadow.length }, at);
    if (accepted.length > 0) {
      const records = accepted.reduce((sum, e) => sum + (e.recordCount ?? 1), 0);
      await trx
        .updateTable('grants')
        .set({
          event_count: sql`event_count + ${accepted.length}`,
          record_count: sql`record_count + ${records}`,
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
    }
    if (fresh.length > 0) {
      await appendAuditEvents(trx, [
        {
          tenant: row.tenant,
          kind: shadow.length > 0 && accepted.length === 0 ? 'access.shadow' : 'access.recorded',
          occurredAt: at,
          actorId: actor.id,
          grantId: row.id,
          ticketId: row.ticket_id,
          customerId: row.customer_id,
          data: {
            events: accepted,
            ...(shadow.length > 0 ? { shadow } : {}),
            via: grantToken ? 'grant_token' : 'session',
          },
        },
      ]);
    }
    return {
      accepted: accepted.length,
      grantId,
      ...(grantToken ? { shadow: shadow.length } : {}),
      ...(fresh.length < stamped.length ? { duplicates: stamped.length - fresh.length } : {}),
    };
  });

  if (refusal) throw refusal;
  return result;
}
