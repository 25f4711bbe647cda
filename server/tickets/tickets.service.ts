import type { OPEN_STATUSES } from '../../shared/grant-rules.js';
import type { CloseCheck } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { toGrant } from '../grants/grant-view.js';
import { listOpenGrantsForTicket } from '../grants/open-grants.repository.js';
import { listSessions, type SessionPage, type SessionQuery } from '../grants/sessions.service.js';

/** What the requester does to end each open status, for the close-check message. */
const HOW_TO_END = {
  pending: 'cancel it or have it denied',
  approved: 'cancel it',
  active: 'end it with an outcome note',
} as const satisfies Record<(typeof OPEN_STATUSES)[number], string>;

/**
 * Every session on a ticket, newest first; anyone who works the ticket may see them.
 *
 * @example const { sessions } = await ticketSessions(deps, ann, '48271', { limit: 200 });
 */
export function ticketSessions(
  deps: Deps,
  actor: Actor,
  ticketId: string,
  range: Pick<SessionQuery, 'from' | 'to' | 'limit' | 'cursor'>,
): Promise<SessionPage> {
  return listSessions(deps, actor, { ...range, ticketId });
}

/**
 * Whether the ticket may be solved or closed now, and which grants stand in the way. Runs on every
 * ticket save: the read is shared with the other checks of the same turn (open-grants.repository.ts).
 *
 * @example const { canClose, message } = await closeCheck(deps, ann, '48271');
 */
export async function closeCheck(deps: Deps, actor: Actor, ticketId: string): Promise<CloseCheck> {
  const at = deps.now().toISOString();
  const open = (await listOpenGrantsForTicket(deps.db, actor.tenant, ticketId, at)).map((r) => toGrant(r, at));
  const lines = open.map((g) => {
    const action = HOW_TO_END[g.status as keyof typeof HOW_TO_END] ?? 'end it';
    return `${g.id} (${g.status}, ${g.requester.name}, customer ${g.customerId}): ${action}`;
  });
  const message =
    open.length === 0
      ? 'No open access on this ticket.'
      : `Ticket ${ticketId} has open data access — ${lines.join('; ')}.`;
  return { canClose: open.length === 0, openGrants: open, message };
}
