import type { z } from 'zod';
import type { zGrantCheckSchema, zGrantTokenSchema } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import type { SigningKeys } from '../keys/signing-keys.js';
import { errors } from '../errors.js';
import { effectiveStatus, isOpen } from '../grants/grant-view.js';
import { findGrant } from '../grants/grants.repository.js';
import { issueGrantToken, type GrantTokenClaims } from './grant-tokens.js';

/** The requester asks for a token to hand to an internal tool; only while the grant is active. */
export async function grantTokenFor(
  deps: Deps,
  keys: SigningKeys,
  actor: Actor,
  grantId: string,
  publicUrl: string,
): Promise<z.infer<typeof zGrantTokenSchema>> {
  const at = deps.now();
  const row = await findGrant(deps.db, actor.tenant, grantId);
  if (!row) throw errors.notFound(`Grant ${grantId}`);
  if (row.requester_id !== actor.id)
    throw errors.forbidden(`Only the requester (${row.requester_id}) gets a token for grant ${grantId}`);
  const status = effectiveStatus(row, at.toISOString());
  if (status !== 'active')
    throw errors.conflict(
      'grant_not_active',
      `Grant ${grantId} is ${status}; a tool token is issued only during an active session`,
    );
  const { token, expiresAt } = await issueGrantToken(await keys('grant'), row, at);
  await deps.db.transaction().execute((trx) =>
    appendAuditEvents(trx, [
      {
        tenant: row.tenant,
        kind: 'grant.token_issued',
        occurredAt: at.toISOString(),
        actorId: actor.id,
        grantId,
        ticketId: row.ticket_id,
        customerId: row.customer_id,
        data: { expiresAt },
      },
    ]),
  );
  return {
    token,
    expiresAt,
    grantId,
    customerId: row.customer_id,
    jwksUrl: new URL('/.well-known/jwks.json', publicUrl).toString(),
  };
}

/** Whether the grant a tool holds a token for is still active (revocation ends it at once). */
export async function checkGrant(
  deps: Deps,
  actor: Actor,
  grantId: string,
  token: GrantTokenClaims | undefined,
): Promise<z.infer<typeof zGrantCheckSchema>> {
  if (token && token.gid !== grantId)
    throw errors.forbidden(`This grant token is for grant ${token.gid}, not ${grantId}`);
  const row = await findGrant(deps.db, actor.tenant, grantId);
  if (!row) throw errors.notFound(`Grant ${grantId}`);
  if (!token && row.requester_id !== actor.id && actor.role === 'agent')
    throw errors.forbidden(`Grant ${grantId} belongs to ${row.requester_id}`);
  const status = effectiveStatus(row, deps.now().toISOString());
  return {
    grantId,
    active: status === 'active' && isOpen(status),
    status,
    customerId: row.customer_id,
    expiresAt: row.expires_at,
    requesterId: row.requester_id,
  };
}
