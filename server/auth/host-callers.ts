import type { Actor, AuthInfo } from '../app-env.js';
import type { IntegrationCredentialRow } from '../db/database.js';

const CLOSE_REPORT = /^\/v1\/tickets\/[^/]+\/closed$/;

/**
 * The one route a host caller (the Forge trigger, an integration credential) may use, and the one
 * route only a host caller may use: `POST /v1/tickets/:ticketId/closed`.
 *
 * @example if (auth.host && !isCloseReport(c.req.method, c.req.path)) throw …;
 */
export function isCloseReport(method: string, path: string): boolean {
  return method === 'POST' && CLOSE_REPORT.test(path);
}

/** The integration credential as a caller: the tool, named by its credential, in the credential's tenant. */
export function integrationCaller(row: IntegrationCredentialRow): { actor: Actor; auth: AuthInfo } {
  return {
    actor: { tenant: row.tenant, id: `integration:${row.id}`, name: row.name, email: '', role: 'agent' },
    auth: { via: 'integration', host: true, integrationId: row.id },
  };
}
