import type { CloseCheck, GrantDetail, Session } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { listGrantAuditEvents } from '../audit/audit.repository.js';
import type { GrantRow } from '../db/database.js';
import { errors } from '../errors.js';
import { toAccessEvent, toGrant } from '../grants/grant-view.js';
import { findGrant, listAccessEvents, listGrants, type GrantListFilter } from '../grants/grants.repository.js';
import { listOpenGrantsForTicket } from '../grants/open-grants.repository.js';
import { readSettings } from '../settings/settings.repository.js';

const isLead = (actor: Actor) => actor.role === 'lead' || actor.role === 'admin';

async function toSessions(deps: Deps, tenant: string, rows: GrantRow[]): Promise<Session[]> {
  const at = deps.now().toISOString();
  const events = await listAccessEvents(deps.db, tenant, rows.map((r) => r.id));
  return rows.map((row) => ({ ...toGrant(row, at), viewed: events.filter((e) => e.grant_id === row.id).map(toAccessEvent) }));
}

export type SessionQuery = Omit<GrantListFilter, 'tenant'>;

/**
 * Sessions newest first, each with what was viewed. Agents see a ticket's history (they work the
 * ticket) and their own sessions; customer-wide and other agents' history is for leads and admins.
 */
export async function listSessions(deps: Deps, actor: Actor, query: SessionQuery): Promise<Session[]> {
  const ownOnly = query.requesterId === actor.id;
  const pendingOnly = query.status?.length === 1 && query.status[0] === 'pending';
  if (!isLead(actor) && !query.ticketId && !ownOnly && !(pendingOnly && (await isApprover(deps, actor)))) {
    throw errors.forbidden('Only leads and admins can see access history beyond a ticket or their own sessions');
  }
  const rows = await listGrants(deps.db, { ...query, tenant: actor.tenant });
  return toSessions(deps, actor.tenant, rows);
}

async function isApprover(deps: Deps, actor: Actor): Promise<boolean> {
  const settings = await readSettings(deps.db, actor.tenant, deps.logger);
  return settings.approvers.includes(actor.id) || settings.afterHoursApprovers.includes(actor.id);
}

/** One grant with its audit timeline and access events, for the people involved and for leads. */
export async function getGrantDetail(deps: Deps, actor: Actor, id: string): Promise<GrantDetail> {
  const row = await findGrant(deps.db, actor.tenant, id);
  if (!row) throw errors.notFound(`Grant ${id}`);
  const involved = row.requester_id === actor.id || row.decided_by_id === actor.id;
  if (!involved && !isLead(actor) && !(await isApprover(deps, actor))) {
    throw errors.forbidden(`Grant ${id} belongs to ${row.requester_id}; only the people involved, approvers and leads can open it`);
  }
  const [timeline, events] = await Promise.all([listGrantAuditEvents(deps.db, actor.tenant, id), listAccessEvents(deps.db, actor.tenant, [id])]);
  return {
    ...toGrant(row, deps.now().toISOString()),
    timeline: timeline.map((e) => ({ seq: e.seq, kind: e.kind, at: e.occurred_at, actorId: e.actor_id, data: JSON.parse(e.data) as Record<string, unknown> })),
    accessEvents: events.map(toAccessEvent),
  };
}

/** Whether the ticket may be solved or closed now, and which grants stand in the way. */
export async function closeCheck(deps: Deps, actor: Actor, ticketId: string): Promise<CloseCheck> {
  const at = deps.now().toISOString();
  const open = (await listOpenGrantsForTicket(deps.db, actor.tenant, ticketId, at)).map((r) => toGrant(r, at));
  const how = { pending: 'cancel it or have it denied', approved: 'cancel it', active: 'end it with an outcome note' } as const;
  const lines = open.map((g) => {
    const action = how[g.status as keyof typeof how] ?? 'end it';
    return `${g.id} (${g.status}, ${g.requester.name}, customer ${g.customerId}): ${action}`;
  });
  return {
    canClose: open.length === 0,
    openGrants: open,
    message: open.length === 0 ? 'No open access on this ticket.' : `Ticket ${ticketId} has open data access — ${lines.join('; ')}.`,
  };
}
