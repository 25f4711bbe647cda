import type { z } from 'zod';
import type { Integration, IssuedIntegration, zCreateIntegrationSchema } from '../../shared/integrations.js';
import { zIntegrationScopeSchema } from '../../shared/integrations.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import type { IntegrationCredentialRow } from '../db/database.js';
import { errors } from '../errors.js';
import { newIntegrationCredential } from './integration-credentials.js';
import { integrationErrors } from './integrations.errors.js';
import { findTenantCredential, insertCredential, listCredentials, markRevoked } from './integrations.repository.js';

export type CreateIntegration = z.output<typeof zCreateIntegrationSchema>;

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw errors.forbidden('Only admins can issue, list or revoke integration credentials');
}

function toIntegration(row: IntegrationCredentialRow): Integration {
  return {
    id: row.id,
    name: row.name,
    scopes: zIntegrationScopeSchema.array().parse(JSON.parse(row.scopes)),
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * Issues a credential for one of the company's tools; the bearer is returned this once (only its
 * SHA-256 is stored) and the issuance is audited — with the id and name, never the secret.
 *
 * @example const { secret } = await issueIntegration(deps, ada, { name: 'ops-closer', scopes: ['tickets:closed'] });
 */
export async function issueIntegration(deps: Deps, actor: Actor, input: CreateIntegration): Promise<IssuedIntegration> {
  requireAdmin(actor);
  const at = deps.now().toISOString();
  const { id, token, secretHash } = newIntegrationCredential();
  const scopes = [...new Set(input.scopes)];
  const row: IntegrationCredentialRow = {
    id,
    tenant: actor.tenant,
    name: input.name,
    secret_hash: secretHash,
    scopes: JSON.stringify(scopes),
    created_by: actor.id,
    created_at: at,
    revoked_at: null,
    last_used_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await insertCredential(trx, row);
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'integration.issued',
        occurredAt: at,
        actorId: actor.id,
        data: { integrationId: id, name: input.name, scopes },
      },
    ]);
  });
  return { ...toIntegration(row), secret: token };
}

export async function listIntegrations(deps: Deps, actor: Actor): Promise<Integration[]> {
  requireAdmin(actor);
  return (await listCredentials(deps.db, actor.tenant)).map(toIntegration);
}

/** Revokes at once: the next call with it is refused with 401. Audited. */
export async function revokeIntegration(deps: Deps, actor: Actor, id: string): Promise<Integration> {
  requireAdmin(actor);
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findTenantCredential(trx, actor.tenant, id);
    if (!row) throw errors.notFound(`Integration credential ${id}`);
    if (row.revoked_at || !(await markRevoked(trx, actor.tenant, id, at))) {
      throw integrationErrors.alreadyRevoked(id, row.revoked_at ?? at);
    }
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'integration.revoked',
        occurredAt: at,
        actorId: actor.id,
        data: { integrationId: id, name: row.name },
      },
    ]);
    return toIntegration({ ...row, revoked_at: at });
  });
}
