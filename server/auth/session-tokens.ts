import { jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '../app-env.js';
import { TOKEN_ISSUER, type SigningKey, type SigningKeys } from '../keys/signing-keys.js';
import { authErrorFrom } from './token-errors.js';

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
export async function issueSession(
  key: SigningKey,
  actor: Actor,
  via: string,
  ttlMinutes: number,
  now: Date,
): Promise<IssuedSession> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlMinutes * 60;
  const token = await new SignJWT({ tenant: actor.tenant, name: actor.name, email: actor.email, role: actor.role, via })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
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
      issuer: TOKEN_ISSUER,
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

/** Issues and checks our sessions with the server's session key, on the app's clock. */
export interface SessionIssuer {
  /** A session for a verified user; `via` names how they proved it (`zendesk`, `oidc`). */
  issue(actor: Actor, via: string): Promise<IssuedSession>;
  /** The user a session token speaks for; a 401 `AuthError` when it does not verify. */
  verify(token: string): Promise<Actor>;
  /** How long a session lasts, for the cookie's Max-Age. */
  ttlSeconds: number;
}

/**
 * @example const sessions = sessionIssuer(signingKeyCache(db), { ttlMinutes: 60, now: () => new Date() });
 * const { token } = await sessions.issue(actor, 'oidc');
 */
export function sessionIssuer(keys: SigningKeys, options: { ttlMinutes?: number; now: () => Date }): SessionIssuer {
  const ttlMinutes = options.ttlMinutes ?? 60;
  return {
    issue: async (actor, via) => issueSession(await keys('session'), actor, via, ttlMinutes, options.now()),
    verify: async (token) => verifySession(await keys('session'), token, options.now()),
    ttlSeconds: ttlMinutes * 60,
  };
}
