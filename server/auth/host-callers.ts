import type { MiddlewareHandler } from 'hono';
import type { Actor, AppEnv, AuthInfo } from '../app-env.js';
import type { IntegrationCredentialRow } from '../db/database.js';
import { acceptsCredential } from './route-credentials.js';

/**
 * Route middleware: this route takes a host caller (the Forge trigger, an integration credential).
 * It does nothing itself — `authenticate` reads the mark and refuses a host caller on every route
 * without it (403 `forge_trigger_not_allowed`, `integration_credential_not_allowed`). The one such
 * route is `POST /v1/tickets/:ticketId/closed`, which in turn refuses everyone else.
 *
 * @example createRoute({ method: 'post', path: '/tickets/{ticketId}/closed', middleware: [allowHostCaller()], … })
 */
export function allowHostCaller(): MiddlewareHandler<AppEnv> {
  return acceptsCredential('host', async function allowHostCaller(_c, next) {
    await next();
  } satisfies MiddlewareHandler<AppEnv>);
}

/** The integration credential as a caller: the tool, named by its credential, in the credential's tenant. */
export function integrationCaller(row: IntegrationCredentialRow): { actor: Actor; auth: AuthInfo } {
  return {
    actor: { tenant: row.tenant, id: `integration:${row.id}`, name: row.name, email: '', role: 'agent' },
    auth: { via: 'integration', host: true, integrationId: row.id },
  };
}
