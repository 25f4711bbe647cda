import type { OPEN_STATUSES } from '../../shared/grant-rules.js';
import type { CloseCheck, Grant } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { toGrant } from '../grants/grant-view.js';
import { listOpenGrantsForTicket } from '../grants/open-grants.repository.js';
import { listSessions, type SessionPage, type SessionQuery } from '../grants/sessions.service.js';

/** Each open status in words, by the requester's name, with what ends it (the close-check message). */
const OPEN_LINE = {
  pending: (g: Grant) =>
    `${g.requester.name}'s request for customer ${g.customerId} is waiting for approval — withdraw it or have it denied`,
  approved: (g: Grant) =>
    `${g.requester.name}'s approved access to customer ${g.customerId} has not started (start by ${hhmm(g.startBy)} UTC) — withdraw it`,
  active: (g: Grant) =>
    `${g.requester.name}'s access to customer ${g.customerId} is active until ${hhmm(g.expiresAt)} UTC — end it with an outcome note`,
} as const satisfies Record<(typeof OPEN_STATUSES)[number], (g: Grant) => string>;

const hhmm = (iso: string | null) => (iso ? iso.slice(11, 16) : '—');

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
  const lines = open.map((g) => OPEN_LINE[g.status as keyof typeof OPEN_LINE]?.(g) ?? `${g.requester.name}'s access`);
  const message =
    open.length === 0
      ? 'No open access on this ticket.'
      : `Ticket ${ticketId} cannot be solved while data access is open: ${lines.join('; ')}.`;
  return { canClose: open.length === 0, openGrants: open, message };
}
