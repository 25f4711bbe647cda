/**
 * The connector for a company's own admin tools: mount the guard, keep a reporter running.
 * See README → "Connecting internal tools".
 */
export { createGrantGuard, type GrantClaims, type GrantGuardOptions, type GuardResult } from './grant-guard.js';
export { ticketedAccess, type TicketedAccessVariables } from './hono.js';
export { ticketedAccessNode, type TicketedAccessRequest } from './node.js';
export { createReporter, type Reporter, type ViewedEvent } from './reporter.js';
