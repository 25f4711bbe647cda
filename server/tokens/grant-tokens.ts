import { decodeJwt, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import type { GrantRow } from '../db/database.js';
import { grantSystems } from '../grants/grant-view.js';
import { TOKEN_ISSUER, type SigningKey } from '../keys/signing-keys.js';
import { authErrorFrom } from '../auth/token-errors.js';

export const GRANT_TOKEN_AUDIENCE = 'ticketed-access-connector';
/** Reporters may deliver queued events this long after the grant (and its token) expired. */
export const LATE_DELIVERY_SECONDS = 7 * 24 * 3600;

/** What a grant token says: this agent, on this grant, for this customer, until the grant expires. */
export interface GrantTokenClaims extends JWTPayload {
  sub: string;
  tenant: string;
  gid: string;
  cid: string;
  systems: string[];
  access: 'read' | 'write';
  exp: number;
}

/**
 * Whether a bearer claims to be one of our grant tokens (read, not verified: whoever accepts it verifies it).
 *
 * @example if (claimsGrantToken(bearer) && !routeAccepts(c, 'grant_token')) throw …;
 */
export function claimsGrantToken(bearer: string): boolean {
  try {
    const { iss, aud } = decodeJwt(bearer);
    return iss === TOKEN_ISSUER && aud === GRANT_TOKEN_AUDIENCE;
  } catch {
    return false;
  }
}

/**
 * Issues the short-lived EdDSA token an internal tool checks before serving data (public key at
 * `/.well-known/jwks.json`). It expires with the grant.
 *
 * @example const token = await issueGrantToken(key, row, new Date());
 */
export async function issueGrantToken(
  key: SigningKey,
  row: GrantRow,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  if (!row.expires_at) throw new Error('only an active grant has a token');
  const exp = Math.floor(Date.parse(row.expires_at) / 1000);
  const token = await new SignJWT({
    tenant: row.tenant,
    gid: row.id,
    cid: row.customer_id,
    systems: grantSystems(row),
    access: row.access,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(GRANT_TOKEN_AUDIENCE)
    .setSubject(row.requester_id)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key.privateKey);
  return { token, expiresAt: row.expires_at };
}

/**
 * Verifies a grant token. `lateDelivery` accepts one that expired up to a week ago — for event
 * reports queued while the tool could not reach us; the events are then judged by when they happened.
 */
export async function verifyGrantToken(
  key: SigningKey,
  token: string,
  now: Date,
  lateDelivery = false,
): Promise<GrantTokenClaims> {
  try {
    const { payload } = await jwtVerify<GrantTokenClaims>(token, key.publicKey, {
      algorithms: ['EdDSA'],
      issuer: TOKEN_ISSUER,
      audience: GRANT_TOKEN_AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'tenant', 'gid', 'cid'],
      ...(lateDelivery ? { clockTolerance: LATE_DELIVERY_SECONDS } : {}),
    });
    return payload;
  } catch (err) {
    throw authErrorFrom(err, 'Grant token');
  }
}
