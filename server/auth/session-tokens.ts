import { jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '../app-env.js';
import type { SigningKey } from './signing-keys.js';
import { authErrorFrom } from './token-errors.js';

export const SESSION_ISSUER = 'ticketed-access';
export const SESSION_AUDIENCE = 'ticketed-access-api';

export interface IssuedSession {
  token: string;
  expiresAt: string;
  actor: Actor;
}

/**
 * Our own short-lived session token, handed to the iframe (bearer) or the console (cookie) after a
 * host identity was verified. EdDSA, so it can only come from this server.
 *
 * @example const { token } = await issueSession(key, actor, 'zendesk', 60, new Date());
 */
export async function issueSession(key: SigningKey, actor: Actor, via: string, ttlMinutes: number, now: Date): Promise<IssuedSession> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlMinutes * 60;
  const token = await new SignJWT({ tenant: actor.tenant, name: actor.name, email: actor.email, role: actor.role, via })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(SESSION_ISSUER)
    .setAudience(SESSION_AUDIENCE)
    .setSubject(actor.id)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key.privateKey);
  return { token, expiresAt: new Date(exp * 1000).toISOString(), actor };
}

export async function verifySession(key: SigningKey, token: string, now: Date): Promise<Actor> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['EdDSA'],
      issuer: SESSION_ISSUER,
      audience: SESSION_AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'tenant', 'role'],
    });
    return {
      tenant: String(payload.tenant),
      id: String(payload.sub),
      name: String(payload.name ?? payload.sub),
      email: String(payload.email ?? ''),
      role: payload.role as Role,
    };
  } catch (err) {
    throw authErrorFrom(err, 'Session token');
  }
}
