import { sql, type Kysely, type Updateable } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Flag, Grant, Outcome, zCreateGrantSchema } from '../../shared/grants.js';
import { checkReason } from '../../shared/reason.js';
import type { Settings } from '../../shared/settings.js';
import { addMinutes, isBusinessHours, secondsBetween } from '../../shared/time.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents, type NewAuditEvent } from '../audit/audit.repository.js';
import type { Database, GrantRow, GrantStatus, GrantsTable } from '../db/database.js';
import { isPostgres } from '../db/locks.js';
import { errors } from '../errors.js';
import { readSettings } from '../settings/settings.repository.js';
import { flagsAtClose, flagsAtRequest, flagsAtStart, mergeFlags, usualOf } from './flags.js';
import { effectiveStatus, toGrant } from './grant-view.js';
import { findGrant, findOpenGrantFor, insertGrant, listDueGrants, otherCustomersTouched, recentSessionMinutes, transitionGrant } from './grants.repository.js';
import { listOpenGrantsForTicket } from './open-grants.repository.js';

export type CreateGrantRequest = z.output<typeof zCreateGrantSchema>;

type Trx = Kysely<Database>;

function audit(row: GrantRow, kind: string, at: string, actorId: string | null, data: Record<string, unknown> = {}): NewAuditEvent {
  return { tenant: row.tenant, kind, occurredAt: at, actorId, grantId: row.id, ticketId: row.ticket_id, customerId: row.customer_id, data };
}

function label(row: GrantRow): string {
  return `grant ${row.id} (ticket ${row.ticket_id}, customer ${row.customer_id})`;
}

function checkDuration(settings: Settings, minutes: number): void {
  if (minutes > settings.maxDurationMinutes) {
    throw errors.invalidInput(
      `durationMinutes: ${minutes} minutes is above the maximum of ${settings.maxDurationMinutes} minutes set by your admin`,
      [{ path: 'durationMinutes', message: `must be at most ${settings.maxDurationMinutes}` }],
    );
  }
  if (!settings.allowedDurationsMinutes.includes(minutes)) {
    const allowed = settings.allowedDurationsMinutes.join(', ');
    throw errors.invalidInput(`durationMinutes: ${minutes} is not one of the allowed durations (${allowed} minutes)`, [
      { path: 'durationMinutes', message: `must be one of ${allowed}` },
    ]);
  }
}

async function ticketUrl(db: Trx, tenant: string, ticketId: string): Promise<string | null> {
  const row = await db.selectFrom('tenants').select('ticket_url_template').where('id', '=', tenant).executeTakeFirst();
  return row?.ticket_url_template ? row.ticket_url_template.replace('{ticketId}', encodeURIComponent(ticketId)) : null;
}

async function loadGrant(db: Trx, actor: Actor, id: string): Promise<GrantRow> {
  const row = await findGrant(db, actor.tenant, id);
  if (!row) throw errors.notFound(`Grant ${id}`);
  return row;
}

function requireRequester(actor: Actor, row: GrantRow, action: string): void {
  if (row.requester_id !== actor.id) throw errors.forbidden(`Only the requester (${row.requester_id}) can ${action} ${label(row)}`);
}

function refuseState(row: GrantRow, status: GrantStatus, action: string): never {
  const hint: Partial<Record<GrantStatus, string>> = {
    lapsed: `its start window passed at ${row.start_by}; request access again`,
    expired: `it expired at ${row.expires_at}`,
  };
  throw errors.conflict(`grant_${status}`, `Cannot ${action} ${label(row)}: it is ${status}${hint[status] ? ` (${hint[status]})` : ''}`);
}

/** Whether `userId` may approve at `at`: named approvers always; the after-hours rota outside business hours. */
export function canApprove(settings: Settings, userId: string, at: Date): boolean {
  if (settings.approvers.includes(userId)) return true;
  return !isBusinessHours(at, settings.businessHours) && settings.afterHoursApprovers.includes(userId);
}

/** Runs `fn` in a transaction and re-reads the grant as everyone will now see it. */
async function change(deps: Deps, actor: Actor, id: string, fn: (trx: Trx, row: GrantRow, at: string) => Promise<void>): Promise<Grant> {
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadGrant(trx, actor, id);
    await fn(trx, row, at);
    return toGrant(await loadGrant(trx, actor, id), at);
  });
}

/** Compare-and-set a transition; losing a race to another request reads as the conflict it is. */
async function move(trx: Trx, row: GrantRow, from: GrantStatus[], patch: Updateable<GrantsTable> & { updated_at: string }, action: string): Promise<void> {
  const moved = await transitionGrant(trx, { tenant: row.tenant, id: row.id, from }, patch);
  if (!moved) throw errors.conflict('grant_changed', `Cannot ${action} ${label(row)}: it changed meanwhile; reload and try again`);
}

/**
 * An agent asks for access. Emergency (break-glass) requests start at once and are flagged.
 *
 * @example await requestGrant(deps, ann, { ticketId: '48271', reason, customerId: '1842', systems: ['billing-db'], access: 'read' });
 */
export async function requestGrant(deps: Deps, actor: Actor, input: CreateGrantRequest): Promise<Grant> {
  const verdict = checkReason(input.reason, {
    customerId: input.customerId, systems: input.systems, ticketId: input.ticketId, ticketSubject: input.ticketSubject ?? null,
  });
  if (!verdict.ok) throw errors.reasonTooVague(verdict.message);
  const now = deps.now();
  const at = now.toISOString();

  return deps.db.transaction().execute(async (trx) => {
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    const unknown = input.systems.filter((s) => !settings.systems.includes(s));
    if (unknown.length > 0) {
      throw errors.invalidInput(`systems: ${unknown.join(', ')} not in the allowed list (${settings.systems.join(', ')})`, [
        { path: 'systems', message: `unknown: ${unknown.join(', ')}` },
      ]);
    }
    const durationMinutes = input.durationMinutes ?? settings.defaultDurationMinutes;
    checkDuration(settings, durationMinutes);

    const key = { tenant: actor.tenant, requesterId: actor.id, ticketId: input.ticketId, customerId: input.customerId };
    if (isPostgres(trx)) {
      await sql`select pg_advisory_xact_lock(hashtext(${`grant:${key.tenant}:${key.requesterId}:${key.ticketId}:${key.customerId}`}))`.execute(trx);
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
    const row: GrantRow = {
      id: `gr_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
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
      flags: JSON.stringify(flags),
      event_count: 0,
      record_count: 0,
      updated_at: at,
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
    });
    const events = [requested];
    if (emergency) events.push(audit(row, 'grant.started', at, actor.id, { emergency: true, expiresAt: row.expires_at, flags }));
    await appendAuditEvents(trx, events);
    return toGrant(row, at);
  });
}

async function decide(deps: Deps, actor: Actor, id: string, outcome: 'approved' | 'denied', note: string | null): Promise<Grant> {
  const verb = outcome === 'approved' ? 'approve' : 'deny';
  return change(deps, actor, id, async (trx, row, at) => {
    if (row.requester_id === actor.id) throw errors.forbidden(`You cannot ${verb} your own request (${row.id}); another approver must decide`);
    const status = effectiveStatus(row, at);
    if (status !== 'pending') refuseState(row, status, verb);
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    if (!canApprove(settings, actor.id, new Date(at))) {
      const rota = isBusinessHours(new Date(at), settings.businessHours) ? settings.approvers : [...settings.approvers, ...settings.afterHoursApprovers];
      throw errors.forbidden(`You are not an approver right now; ask one of: ${rota.join(', ') || '(none configured — ask an admin)'}`);
    }
    const startBy = outcome === 'approved' ? addMinutes(at, settings.startWindowMinutes) : null;
    await move(trx, row, ['pending'], {
      status: outcome,
      decided_by_id: actor.id,
      decided_by_name: actor.name,
      decided_at: at,
      decision_note: note,
      start_by: startBy,
      updated_at: at,
    }, verb);
    await appendAuditEvents(trx, [audit(row, `grant.${outcome}`, at, actor.id, { note, startBy })]);
  });
}

export const approveGrant = (deps: Deps, actor: Actor, id: string, note?: string) => decide(deps, actor, id, 'approved', note ?? null);
export const denyGrant = (deps: Deps, actor: Actor, id: string, note: string) => decide(deps, actor, id, 'denied', note);

export function startGrant(deps: Deps, actor: Actor, id: string): Promise<Grant> {
  return change(deps, actor, id, async (trx, row, at) => {
    requireRequester(actor, row, 'start');
    const status = effectiveStatus(row, at);
    if (status !== 'approved') refuseState(row, status, 'start');
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    const expiresAt = addMinutes(at, row.duration_minutes);
    const flags = mergeFlags(JSON.parse(row.flags) as Flag[], flagsAtStart(at, settings));
    await move(trx, row, ['approved'], { status: 'active', started_at: at, expires_at: expiresAt, flags: JSON.stringify(flags), updated_at: at }, 'start');
    await appendAuditEvents(trx, [audit(row, 'grant.started', at, actor.id, { expiresAt })]);
  });
}

export function cancelGrant(deps: Deps, actor: Actor, id: string): Promise<Grant> {
  return change(deps, actor, id, async (trx, row, at) => {
    requireRequester(actor, row, 'cancel');
    const status = effectiveStatus(row, at);
    if (status !== 'pending' && status !== 'approved') refuseState(row, status, 'cancel');
    await move(trx, row, [status], { status: 'cancelled', cancelled_at: at, updated_at: at }, 'cancel');
    await appendAuditEvents(trx, [audit(row, 'grant.cancelled', at, actor.id)]);
  });
}

/** Closes an active session (`ended`/`expired`/`revoked`) with its flags; shared by end, revoke and the sweeper. */
async function closeSession(
  deps: Pick<Deps, 'logger'>,
  trx: Trx,
  row: GrantRow,
  close: { status: 'ended' | 'expired' | 'revoked'; at: string; endedAt: string; by: string; note?: string | null; outcome?: Outcome; flags?: Flag[] },
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
  const flags = mergeFlags(JSON.parse(row.flags) as Flag[], [...(close.flags ?? []), ...closeFlags]);
  const moved = await transitionGrant(
    trx,
    { tenant: row.tenant, id: row.id, from: close.status === 'revoked' ? ['pending', 'approved', 'active'] : ['active'] },
    {
      status: close.status,
      ended_at: close.endedAt,
      ended_by_id: close.by,
      end_note: close.note ?? null,
      flags: JSON.stringify(flags),
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
    if (status === 'active') {
      if (!(await closeSession(deps, trx, row, { status: 'ended', at, endedAt: at, by: actor.id, outcome }))) {
        throw errors.conflict('grant_changed', `Cannot end ${label(row)}: it changed meanwhile; reload and try again`);
      }
      return;
    }
    if ((status === 'expired' || status === 'revoked') && row.outcome === null) {
      if (row.status === 'active') await closeSession(deps, trx, row, { status: 'expired', at, endedAt: row.expires_at ?? at, by: 'system' });
      await move(trx, { ...row, status }, [status], { outcome: JSON.stringify(outcome), updated_at: at }, 'record the outcome of');
      await appendAuditEvents(trx, [audit(row, 'grant.outcome_recorded', at, actor.id, { outcome })]);
      return;
    }
    refuseState(row, status, 'end');
  });
}

export function revokeGrant(deps: Deps, actor: Actor, id: string, reason: string): Promise<Grant> {
  return change(deps, actor, id, async (trx, row, at) => {
    if (actor.role !== 'lead' && actor.role !== 'admin') throw errors.forbidden('Only leads and admins can revoke access');
    const status = effectiveStatus(row, at);
    if (status !== 'pending' && status !== 'approved' && status !== 'active') refuseState(row, status, 'revoke');
    if (!(await closeSession(deps, trx, row, { status: 'revoked', at, endedAt: at, by: actor.id, note: reason }))) {
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
      const status = effectiveStatus(row, at);
      if (status === 'expired' && row.status === 'active') {
        if (await closeSession(deps, trx, row, { status: 'expired', at, endedAt: row.expires_at ?? at, by: 'system' })) counts.expired += 1;
      } else if (status === 'lapsed' && row.status === 'approved') {
        if (await transitionGrant(trx, { tenant: row.tenant, id: row.id, from: ['approved'] }, { status: 'lapsed', updated_at: at })) {
          await appendAuditEvents(trx, [audit(row, 'grant.lapsed', at, null, { startBy: row.start_by })]);
          counts.lapsed += 1;
        }
      }
    });
  }
  return counts;
}

/**
 * A ticket was solved or closed some other way (API, mobile, trigger, a Jira transition): every
 * grant still open on it is revoked and flagged. Idempotent: a second report finds nothing open.
 *
 * @example await reportTicketClosed(deps, { tenant: 'acme', ticketId: '48271', status: 'solved', via: 'zendesk webhook', reporterId: null });
 */
export async function reportTicketClosed(
  deps: Deps,
  report: { tenant: string; ticketId: string; status: string; via: string; reporterId: string | null },
): Promise<{ revoked: string[] }> {
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const open = await listOpenGrantsForTicket(trx, report.tenant, report.ticketId, at);
    const note = `Ticket ${report.ticketId} was ${report.status} (${report.via}) while access was open`;
    const revoked: string[] = [];
    for (const row of open) {
      const flag: Flag = { code: 'ticket_closed_while_open', reason: note, at };
      if (await closeSession(deps, trx, row, { status: 'revoked', at, endedAt: at, by: report.reporterId ?? 'system', note, flags: [flag] })) revoked.push(row.id);
    }
    await appendAuditEvents(trx, [
      { tenant: report.tenant, kind: 'ticket.closed_reported', occurredAt: at, actorId: report.reporterId, ticketId: report.ticketId, data: { status: report.status, via: report.via, revoked } },
    ]);
    return { revoked };
  });
}
