import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ERROR_CODES, type ErrorCode } from '../../shared/error-codes.js';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** What a verified grant token says (see server/tokens/grant-tokens.ts). */
export interface GrantClaims extends JWTPayload {
  sub: string;
  tenant: string;
  gid: string;
  cid: string;
  systems: string[];
  access: 'read' | 'write';
}

export type GuardResult =
  | { ok: true; claims: GrantClaims; token: string }
  | { ok: false; status: ContentfulStatusCode; code: ErrorCode; message: string };

/** A refusal with its status from the error catalogue, so a code means the same here as in the API. */
const refuse = (code: ErrorCode, message: string): GuardResult => ({
  ok: false,
  status: ERROR_CODES[code],
  code,
  message,
});

export interface GrantGuardOptions {
  /** Where Ticketed Access runs, e.g. `https://access.example.com`. */
  serverUrl: string;
  /** How long a "still active" answer is trusted before asking again (revocation lag). Default 10 s. */
  statusCacheMs?: number;
  /**
   * When Ticketed Access cannot be reached: `trust-token` serves on a valid, unexpired token (its
   * expiry still bounds access) — `refuse` answers 503. Default `trust-token`.
   */
  whenServerUnreachable?: 'trust-token' | 'refuse';
}

const ISSUER = 'ticketed-access';
const AUDIENCE = 'ticketed-access-connector';

/**
 * The check an internal tool runs on every request: a valid grant token (signature from the
 * server's JWKS, audience, expiry) for this very customer, whose grant is still active.
 *
 * @example
 *   const guard = createGrantGuard({ serverUrl: 'https://access.example.com' });
 *   const result = await guard.check(token, '1842');
 */
export function createGrantGuard(options: GrantGuardOptions) {
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', options.serverUrl), { cooldownDuration: 5_000 });
  const statusCacheMs = options.statusCacheMs ?? 10_000;
  const statuses = new Map<string, { active: boolean; until: number }>();

  async function stillActive(claims: GrantClaims, token: string): Promise<boolean | 'unreachable'> {
    const cached = statuses.get(claims.gid);
    if (cached && cached.until > Date.now()) return cached.active;
    try {
      const res = await fetch(new URL(`/v1/grants/${encodeURIComponent(claims.gid)}/check`, options.serverUrl), {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(3_000),
      });
      if (res.status >= 500) return 'unreachable';
      const active = res.ok && ((await res.json()) as { active: boolean }).active === true;
      statuses.set(claims.gid, { active, until: Date.now() + statusCacheMs });
      return active;
    } catch {
      return 'unreachable';
    }
  }

  return {
    async check(token: string | undefined, customerId: string | undefined): Promise<GuardResult> {
      if (!token)
        return refuse(
          'grant_token_missing',
          'Open this customer from the ticket: a Ticketed Access grant token is required',
        );
      let claims: GrantClaims;
      try {
        ({ payload: claims } = await jwtVerify<GrantClaims>(token, jwks, {
          algorithms: ['EdDSA'],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['gid', 'cid', 'exp'],
        }));
      } catch (err) {
        const expired = err instanceof Error && err.name === 'JWTExpired';
        return refuse(
          expired ? 'grant_expired' : 'grant_token_invalid',
          expired ? 'The grant has expired; request access again from the ticket' : 'The grant token is not valid',
        );
      }
      if (!customerId || customerId !== claims.cid) {
        return refuse('outside_grant_scope', `This grant covers customer ${claims.cid} only`);
      }
      const active = await stillActive(claims, token);
      if (active === 'unreachable' && options.whenServerUnreachable === 'refuse') {
        return refuse(
          'grant_unverifiable',
          'Ticketed Access cannot be reached to confirm the grant; try again shortly',
        );
      }
      if (active === false)
        return refuse('grant_not_active', 'The grant was ended or revoked; request access again from the ticket');
      return { ok: true, claims, token };
    },
  };
}
