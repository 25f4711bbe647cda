import { sql, type Kysely, type Updateable } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  approversAt,
  canApprove,
  canTransition,
  clockOf,
  durationProblem,
  outcomeStillOwed,
  TRANSITIONS,
  type GrantAction,
  type SessionEndStatus,
} from '../../shared/grant-rules.js';
import type { Flag, Grant, Outcome, zCreateGrantSchema } from '../../shared/grants.js';
import { checkReason } from '../../shared/reason.js';
import { addMinutes, secondsBetween } from '../../shared/time.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents, type NewAuditEvent } from '../audit/audit.repository.js';
import type { Database, GrantRow, GrantStatus, GrantsTable } from '../db/database.js';
import { isPostgres } from '../db/locks.js';
import { errors } from '../errors.js';
import { readSettings } from '../settings/settings.repository.js';
import {
  flagCustomerMismatch,
  flagsAtClose,
  flagsAtRequest,
  flagsAtStart,
  flagTicketClosed,
  mergeFlags,
  usualOf,
  type TicketClosed,
} from './flags.js';
import { effectiveStatus, grantFlags, toGrant } from './grant-view.js';
import { twoPersonApproval } from './two-person.js';
import {
  findGrant,
  findOpenGrantFor,
  grantFlagColumns,
  insertGrant,
  listDueGrants,
  otherCustomersTouched,
  recentSessionMinutes,
  transitionGrant,
} from './grants.repository.js';

export type CreateGrantRequest = z.output<typeof zCreateGrantSchema>;

type Trx = Kysely<Database>;

export function audit(
  row: GrantRow,
  kind: string,
  at: string,
  actorId: string | null,
  data: Record<string, unknown> = {},
): NewAuditEvent {
  return {
    tenant: row.tenant,
    kind,
    occurredAt: at,
    actorId,
    grantId: row.id,
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    data,
  };
}

export function label(row: GrantRow): string {
  return `grant ${row.id} (ticket ${row.ticket_id}, customer ${row.customer_id})`;
}

async function ticketUrl(db: Trx, tenant: string, ticketId: string): Promise<string | null> {
  const row = await db.selectFrom('tenants').select('ticket_url_template').where('id', '=', tenant).executeTakeFirst();
  return row?.ticket_url_template ? row.ticket_url_template.replace('{ticketId}', encodeURIComponent(ticketId)) : null;
}

export async function loadGrant(db: Trx, actor: Actor, id: string): Promise<GrantRow> {
  const row = await findGrant(db, actor.tenant, id);
  if (!row) throw errors.notFound(`Grant ${id}`);
  return row;
}

function requireRequester(actor: Actor, row: GrantRow, action: string): void {
  if (row.requester_id !== actor.id)
    throw errors.forbidden(`Only the requester (${row.requester_id}) can ${action} ${label(row)}`);
}

function refuseState(row: GrantRow, status: GrantStatus, action: string): never {
  const hint: Partial<Record<GrantStatus, string>> = {
    lapsed: `its start window passed at ${row.start_by}; request access again`,
    expired: `it expired at ${row.expires_at}`,
  };
  throw errors.conflict(
    `grant_${status}`,
    `Cannot ${action} ${label(row)}: it is ${status}${hint[status] ? ` (${hint[status]})` : ''}`,
  );
}

/** Runs `fn` in a transaction and re-reads the grant as everyone will now see it. */
async function change(
  deps: Deps,
  actor: Actor,
  id: string,
  fn: (trx: Trx, row: GrantRow, at: string) => Promise<void>,
): Promise<Grant> {
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadGrant(trx, actor, id);
    await fn(trx, row, at);
    return toGrant(await loadGrant(trx, actor, id), at);
  });
}

/**
 * Refuses `action` unless the transition table allows it from the grant's effective status, which
 * it returns.
 */
export function allowFrom(row: GrantRow, at: string, action: GrantAction, verb: string = action): GrantStatus {
  const status = effectiveStatus(row, at);
  if (!canTransition(action, status)) refuseState(row, status, verb);
  return status;
}

/** Compare-and-set a transition; losing a race to another request reads as the conflict it is. */
async function move(
  trx: Trx,
  row: GrantRow,
  from: readonly GrantStatus[],
  patch: Updateable<GrantsTable> & { updated_at: string },
  action: string,
): Promise<void> {
  const moved = await transitionGrant(trx, { tenant: row.tenant, id: row.id, from }, patch);
  if (!moved)
    throw errors.conflict(
      'grant_changed',
      `Cannot ${action} ${label(row)}: it changed meanwhile; reload and try again`,
    );
}

/**
 * An agent asks for access. Emergency (break-glass) requests start at once and are flagged.
 *
 * @example await requestGrant(deps, ann, { ticketId: '48271', reason, customerId: '1842', systems: ['billing-db'],
 * access: 'read' });
 */
export async function requestGrant(deps: Deps, actor: Actor, input: CreateGrantRequest): Promise<Grant> {
  const verdict = checkReason(input.reason, {
    customerId: input.customerId,
    systems: input.systems,
    ticketId: input.ticketId,
    ticketSubject: input.ticketSubject ?? null,
  });
  if (!verdict.ok) throw errors.reasonTooVague(verdict.message);
  const now = deps.now();
  const at = now.toISOString();

  return deps.db.transaction().execute(async (trx) => {
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    const unknown = input.systems.filter((s) => !settings.systems.includes(s));
    if (unknown.length > 0) {
      throw errors.invalidInput(
        `systems: ${unknown.join(', ')} not in the allowed list (${settings.systems.join(', ')})`,
        [{ path: 'systems', message: `unknown: ${unknown.join(', ')}` }],
      );
    }
    const durationMinutes = input.durationMinutes ?? settings.defaultDurationMinutes;
    const tooLong = durationProblem(settings, durationMinutes);
    if (tooLong) {
      throw errors.invalidInput(`durationMinutes: ${tooLong}`, [{ path: 'durationMinutes', message: tooLong }]);
    }

    const key = { tenant: actor.tenant, requesterId: actor.id, ticketId: input.ticketId, customerId: input.customerId };
    if (isPostgres(trx)) {
      await sql`select pg_advisory_xact_lock(hashtext(${`grant:${key.tenant}:${key.requesterId}:${key.ticketId}:${key.customerId}`}))`.execute(
        trx,
      );
    }
    const open = await findOpenGrantFor(trx, key, at);
    if (open) {
      throw errors.conflict(
        'grant_already_open',
        `You already have an open grant ${open.id} (${effectiveStatus(open, at)}) for ticket ${input.ticketId} and customer ${input.customerId}; end or cancel it first`,
      );
    }

    const emergency = input.emergency ?? null;
    let flags: Flag[] = flagsAtRequest({ ...input, reasonVague: verdict.vague }, at);
    if (emergency) flags = mergeFlags(flags, flagsAtStart(at, settings));
    // The host's reading of the ticket (the field the admin picked, Jira's label) is the ticket's customer.
    const ticketCustomerId = input.ticketCustomerId ?? null;
    const mismatch = flagCustomerMismatch({ ...input, ticketCustomerId }, at);
    if (mismatch) flags = mergeFlags(flags, [mismatch]);
    const row: GrantRow = {
      id: deps.newGrantId?.() ?? `gr_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
      tenant: actor.tenant,
      ticket_id: input.ticketId,
      ticket_url: await ticketUrl(trx, actor.tenant, input.ticketId),
      requester_id: actor.id,
      requester_name: actor.name,
      requester_email: actor.email,
      reason: input.reason.trim().replace(/\s+/g, ' '),
      reason_vague: verdict.vague ? 1 : 0,
      customer_id: input.customerId,
      systems: JSON.stringify(input.systems),
      access: input.access,
      write_need: input.access === 'write' ? (input.writeNeed ?? null) : null,
      masked_data_checked: input.maskedDataChecked === undefined ? null : input.maskedDataChecked ? 1 : 0,
      unmask_fields: JSON.stringify([...new Set(input.unmaskFields ?? [])]),
      emergency: emergency ? 1 : 0,
      emergency_justification: emergency?.justification ?? null,
      duration_minutes: durationMinutes,
      status: emergency ? 'active' : 'pending',
      requested_at: at,
      decided_by_id: null,
      decided_by_name: null,
      decided_at: null,
      decision_note: null,
      start_by: null,
      started_at: emergency ? at : null,
      expires_at: emergency ? addMinutes(at, durationMinutes) : null,
      ended_at: null,
      ended_by_id: null,
      end_note: null,
      cancelled_at: null,
      outcome: null,
      ...grantFlagColumns(flags),
      event_count: 0,
      record_count: 0,
      updated_at: at,
      extensions: '[]',
      pending_extension: null,
      ended_by_name: null,
    };
    await insertGrant(trx, row);
    const requested = audit(row, 'grant.requested', at, actor.id, {
      reason: row.reason,
      reasonVague: verdict.vague,
      systems: input.systems,
      access: input.access,
      writeNeed: row.write_need,
      maskedDataChecked: input.maskedDataChecked ?? null,
      unmaskFields: input.unmaskFields ?? [],
      durationMinutes,
      emergency,
      ticketCustomerId,
    });
    const events = [requested];
    if (emergency)
      events.push(audit(row, 'grant.started', at, actor.id, { emergency: true, expiresAt: row.expires_at, flags }));
    await appendAuditEvents(trx, events);
    return toGrant(row, at);
  });
}

async function decide(
  deps: Deps,
  actor: Actor,
  id: string,
  outcome: 'approved' | 'denied',
  note: string | null,
): Promise<Grant> {
  const verb = outcome === 'approved' ? 'approve' : 'deny';
  return change(deps, actor, id, async (trx, row, at) => {
    if (row.requester_id === actor.id)
      throw errors.forbidden(`You cannot ${verb} your own request (${row.id}); another approver must decide`);
    allowFrom(row, at, verb);
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    if (!canApprove(settings, actor.id, new Date(at))) {
      const rota = approversAt(settings, new Date(at));
      throw errors.forbidden(
        `You are not an approver right now; ask one of: ${rota.join(', ') || '(none configured — ask an admin)'}`,
      );
    }
    const pair = outcome === 'approved' ? await twoPersonApproval(trx, row, actor, settings, at, note) : null;
    if (pair === 'recorded') return;
    const startBy = outcome === 'approved' ? addMinutes(at, settings.startWindowMinutes) : null;
    await move(
      trx,
      row,
      TRANSITIONS[verb],
      {
        status: outcome,
        decided_by_id: actor.id,
        decided_by_name: actor.name,
        decided_at: at,
        decision_note: note,
        start_by: startBy,
        updated_at: at,
      },
      verb,
    );
    const firstApproval = pair ? { firstApproval: pair } : {};
    await appendAuditEvents(trx, [audit(row, `grant.${outcome}`, at, actor.id, { note, startBy, ...firstApproval })]);
  });
}

export const approveGrant = (deps: Deps, actor: Actor, id: string, note?: string) =>
  decide(deps, actor, id, 'approved', note ?? null);
export const denyGrant = (deps: Deps, actor: Actor, id: string, note: string) =>
  decide(deps, actor, id, 'denied', note);

export function startGrant(deps: Deps, actor: Actor, id: string): Promise<Grant> {
  return change(deps, actor, id, async (trx, row, at) => {
    requireRequester(actor, row, 'start');
    allowFrom(row, at, 'start');
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    const expiresAt = addMinutes(at, row.duration_minutes);
    const flags = mergeFlags(grantFlags(row), flagsAtStart(at, settings));
    const patch = { started_at: at, expires_at: expiresAt, ...grantFlagColumns(flags), updated_at: at };
    await move(trx, row, TRANSITIONS.start, { status: 'active', ...patch }, 'start');
    await appendAuditEvents(trx, [audit(row, 'grant.started', at, actor.id, { expiresAt })]);
  });
}

export function cancelGrant(deps: Deps, actor: Actor, id: string): Promise<Grant> {
  return change(deps, actor, id, async (trx, row, at) => {
    requireRequester(actor, row, 'cancel');
    // From the status it was read in only: a pending request approved meanwhile is a conflict.
    const status = allowFrom(row, at, 'cancel');
    await move(trx, row, [status], { status: 'cancelled', cancelled_at: at, updated_at: at }, 'cancel');
    await appendAuditEvents(trx, [audit(row, 'grant.cancelled', at, actor.id)]);
  });
}

/** The action that closes a session with each end status. */
const CLOSED_BY = { ended: 'end', expired: 'expire', revoked: 'revoke' } as const satisfies Record<
  SessionEndStatus,
  GrantAction
>;

/**
 * Closes a session (`ended`/`expired`/`revoked`) with its flags; shared by end, revoke, the
 * sweeper and closed tickets.
 */
async function closeSession(
  deps: Pick<Deps, 'logger'>,
  trx: Trx,
  row: GrantRow,
  close: {
    status: SessionEndStatus;
    at: string;
    endedAt: string;
    by: string;
    /** The display name of `by` when a person closes it. */
    byName?: string | null;
    note?: string | null;
    outcome?: Outcome;
    flags?: Flag[];
  },
): Promise<boolean> {
  const settings = await readSettings(trx, row.tenant, deps.logger);
  const closeFlags = row.started_at
    ? flagsAtClose(
        {
          startedAt: row.started_at,
          endedAt: close.endedAt,
          recordCount: row.record_count,
          usualMinutes: usualOf(await recentSessionMinutes(trx, row.tenant, row.systems, row.id)),
          otherCustomers: await otherCustomersTouched(trx, row.tenant, row.id, row.customer_id),
          scopeCustomer: row.customer_id,
        },
        settings,
      )
    : [];
  const flags = mergeFlags(grantFlags(row), [...(close.flags ?? []), ...closeFlags]);
  const moved = await transitionGrant(
    trx,
    { tenant: row.tenant, id: row.id, from: TRANSITIONS[CLOSED_BY[close.status]] },
    {
      status: close.status,
      ended_at: close.endedAt,
      ended_by_id: close.by,
      ended_by_name: close.byName ?? null,
      end_note: close.note ?? null,
      ...grantFlagColumns(flags),
      ...(close.outcome ? { outcome: JSON.stringify(close.outcome) } : {}),
      updated_at: close.at,
    },
  );
  if (!moved) return false;
  const durationSeconds = row.started_at ? secondsBetween(row.started_at, close.endedAt) : null;
  await appendAuditEvents(trx, [
    audit(row, `grant.${close.status}`, close.at, close.by === 'system' ? null : close.by, {
      endedAt: close.endedAt,
      durationSeconds,
      note: close.note ?? null,
      outcome: close.outcome ?? null,
      flagsRaised: [...(close.flags ?? []), ...closeFlags].map((f) => f.code),
    }),
  ]);
  return true;
}

/**
 * The requester ends an active session with its outcome. On a session that already expired or was
 * revoked, the outcome is still recorded (once) so the trail says what happened.
 */
export function endGrant(deps: Deps, actor: Actor, id: string, outcome: Outcome): Promise<Grant> {
  return change(deps, actor, id, async (trx, row, at) => {
    requireRequester(actor, row, 'end');
    const status = effectiveStatus(row, at);
    if (canTransition('end', status)) {
      if (
        !(await closeSession(deps, trx, row, {
          status: 'ended',
          at,
          endedAt: at,
          by: actor.id,
          byName: actor.name,
          outcome,
        }))
      ) {
        throw errors.conflict('grant_changed', `Cannot end ${label(row)}: it changed meanwhile; reload and try again`);
      }
      return;
    }
    if (outcomeStillOwed(status, row.outcome !== null)) {
      // Expired by the clock but not yet swept: record the expiry first, as the sweeper would.
      if (status !== row.status) {
        await closeSession(deps, trx, row, { status: 'expired', at, endedAt: row.expires_at ?? at, by: 'system' });
      }
      await move(
        trx,
        { ...row, status },
        [status],
        { outcome: JSON.stringify(outcome), updated_at: at },
        'record the outcome of',
      );
      await appendAuditEvents(trx, [audit(row, 'grant.outcome_recorded', at, actor.id, { outcome })]);
      return;
    }
    refuseState(row, status, 'end');
  });
}

export function revokeGrant(deps: Deps, actor: Actor, id: string, reason: string): Promise<Grant> {
  return change(deps, actor, id, async (trx, row, at) => {
    if (actor.role !== 'lead' && actor.role !== 'admin')
      throw errors.forbidden('Only leads and admins can revoke access');
    allowFrom(row, at, 'revoke');
    if (
      !(await closeSession(deps, trx, row, {
        status: 'revoked',
        at,
        endedAt: at,
        by: actor.id,
        byName: actor.name,
        note: reason,
      }))
    ) {
      throw errors.conflict('grant_changed', `Cannot revoke ${label(row)}: it changed meanwhile; reload and try again`);
    }
  });
}

/**
 * Records the `expired` and `lapsed` events the stored times already imply. Each grant moves by a
 * compare-and-set, so with several sweepers on one database every event is written exactly once.
 */
export async function sweepDueGrants(deps: Deps, limit = 200): Promise<{ expired: number; lapsed: number }> {
  const at = deps.now().toISOString();
  const due = await listDueGrants(deps.db, at, limit);
  const counts = { expired: 0, lapsed: 0 };
  for (const candidate of due) {
    await deps.db.transaction().execute(async (trx) => {
      const row = await findGrant(trx, candidate.tenant, candidate.id);
      if (!row) return;
      const clock = clockOf(row.status);
      if (!clock || effectiveStatus(row, at) !== clock.becomes) return;
      if (clock.action === 'expire') {
        if (await closeSession(deps, trx, row, { status: 'expired', at, endedAt: row.expires_at ?? at, by: 'system' }))
          counts.expired += 1;
      } else {
        const where = { tenant: row.tenant, id: row.id, from: TRANSITIONS.lapse };
        if (await transitionGrant(trx, where, { status: 'lapsed', updated_at: at })) {
          await appendAuditEvents(trx, [audit(row, 'grant.lapsed', at, null, { startBy: row.start_by })]);
          counts.lapsed += 1;
        }
      }
    });
  }
  return counts;
}

/**
 * Revokes a grant still open when its ticket closed, flagged `ticket_closed_while_open` with the
 * report as its note; the tickets module calls it inside the report's transaction. Returns whether
 * this call revoked it (false when another request closed it first).
 *
 * @example
 * const report = { ticketId: '48271', status: 'solved', via: 'api' };
 * if (await revokeForClosedTicket(deps, trx, row, report, 'system', at)) revoked.push(row.id);
 */
export function revokeForClosedTicket(
  deps: Deps,
  trx: Trx,
  row: GrantRow,
  report: TicketClosed,
  by: string,
  at: string,
): Promise<boolean> {
  const flag = flagTicketClosed(report, at);
  return closeSession(deps, trx, row, { status: 'revoked', at, endedAt: at, by, note: flag.reason, flags: [flag] });
}
