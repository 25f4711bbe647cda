import type { Actor, Deps } from '../app-env.js';
import { listSessions, type SessionPage, type SessionQuery } from '../grants/sessions.service.js';

// Read-only history queries over the grants module's session lists (who may see which history is
// decided there, once). Nothing here writes.

/** A session list's date range and size. */
export type SessionRange = Pick<SessionQuery, 'from' | 'to' | 'limit' | 'cursor'>;

/**
 * "Who opened my data": every session that touched a customer, for leads and admins.
 *
 * @example const { sessions } = await customerAccess(deps, lee, '1842', { limit: 200 });
 */
export function customerAccess(
  deps: Deps,
  actor: Actor,
  customerId: string,
  range: SessionRange,
): Promise<SessionPage> {
  return listSessions(deps, actor, { ...range, customerId });
}

/**
 * An agent's sessions, for leads, admins and the agent themselves.
 *
 * @example const { sessions: mine } = await agentSessions(deps, ann, 'agent-ann', { limit: 200 });
 */
export function agentSessions(deps: Deps, actor: Actor, agentId: string, range: SessionRange): Promise<SessionPage> {
  return listSessions(deps, actor, { ...range, requesterId: agentId });
}
