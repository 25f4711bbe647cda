import { encodeCursor } from '../../shared/cursor.js';
import { isApprover } from '../../shared/grant-rules.js';
import type { GrantDetail, Session } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { listGrantAuditEvents } from '../audit/audit.repository.js';
import type { GrantRow } from '../db/database.js';
import { errors } from '../errors.js';
import { readSettings } from '../settings/settings.repository.js';
import { timelineData, toAccessEvent, toGrant } from './grant-view.js';
import { findGrant, listAccessEvents, listGrants, pageOf, type GrantListFilter } from './grants.repository.js';
import { resolveAgent } from './list-filters.js';

// The read side of grants: lists of sessions and one grant in full, with who may see what. The
// tickets and history modules build their views on `listSessions`; nothing here imports them.

const isLead = (actor: Actor) => actor.role === 'lead' || actor.role === 'admin';

async function approves(deps: Deps, actor: Actor): Promise<boolean> {
  return isApprover(await readSettings(deps.db, actor.tenant, deps.logger), actor.id);
}

async function toSessions(deps: Deps, tenant: string, rows: GrantRow[]): Promise<Session[]> {
  const at = deps.now().toISOString();
  const events = await listAccessEvents(
    deps.db,
    tenant,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...toGrant(row, at),
    viewed: events.filter((e) => e.grant_id === row.id).map(toAccessEvent),
  }));
}

export type SessionQuery = Omit<GrantListFilter, 'tenant'>;

/** A page of sessions; `nextCursor` (opaque, null on the last page) asks for the next. */
export interface SessionPage {
  sessions: Session[];
  nextCursor: string | null;
}

/**
 * Sessions newest first, each with what was viewed, a page at a time (`nextCursor` goes on).
 * Agents see a ticket's history (they work the ticket) and their own sessions, approvers the
 * pending queue; customer-wide and other agents' history is for leads and admins.
 *
 * @example const { sessions, nextCursor } = await listSessions(deps, ann, { ticketId: '48271', limit: 200 });
 */
export async function listSessions(deps: Deps, actor: Actor, query: SessionQuery): Promise<SessionPage> {
  const ownOnly = query.requesterId === actor.id;
  const pendingOnly = query.status?.length === 1 && query.status[0] === 'pending';
  if (!isLead(actor) && !query.ticketId && !ownOnly && !(pendingOnly && (await approves(deps, actor)))) {
    throw errors.forbidden('Only leads and admins can see access history beyond a ticket or their own sessions');
  }
  if (query.agent && !isLead(actor))
    throw errors.forbidden('Only leads and admins can search sessions by agent; use requesterId for your own');
  const requesterIds = query.agent ? await resolveAgent(deps.db, actor.tenant, query.agent) : undefined;
  const page = pageOf(
    await listGrants(deps.db, { ...query, requesterIds, tenant: actor.tenant }),
    query.limit,
    (r) => r.requested_at,
  );
  return {
    sessions: await toSessions(deps, actor.tenant, page.rows),
    nextCursor: page.nextCursor && encodeCursor(page.nextCursor),
  };
}

/**
 * One grant with its audit timeline and access events, for the people involved, approvers and leads.
 *
 * @example const detail = await getGrantDetail(deps, lee, 'gr_3f9c2a7b1d4e5f6a7b8c');
 */
export async function getGrantDetail(deps: Deps, actor: Actor, id: string): Promise<GrantDetail> {
  const row = await findGrant(deps.db, actor.tenant, id);
  if (!row) throw errors.notFound(`Grant ${id}`);
  const involved = row.requester_id === actor.id || row.decided_by_id === actor.id;
  if (!involved && !isLead(actor) && !(await approves(deps, actor))) {
    throw errors.forbidden(
      `Grant ${id} belongs to ${row.requester_id}; only the people involved, approvers and leads can open it`,
    );
  }
  const [timeline, events] = await Promise.all([
    listGrantAuditEvents(deps.db, actor.tenant, id),
    listAccessEvents(deps.db, actor.tenant, [id]),
  ]);
  return {
    ...toGrant(row, deps.now().toISOString()),
    timeline: timeline.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      at: e.occurred_at,
      actorId: e.actor_id,
      data: timelineData(e),
    })),
    accessEvents: events.map(toAccessEvent),
  };
}
