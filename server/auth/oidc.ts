import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import type { OidcConfig } from '../config.js';
import { highestRole, type Role } from '../../shared/roles.js';
import type { RoleMapping } from '../../shared/settings.js';
import { AuthError, authErrorFrom } from './token-errors.js';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export interface OidcStart {
  url: string;
  /** Kept by the browser in a short-lived signed cookie until the callback. */
  pending: { state: string; nonce: string; verifier: string; returnTo: string };
}

/** `roleMapping.oidc` of the tenant's settings. */
export type OidcRoleMapping = RoleMapping['oidc'];

export interface OidcUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

const b64url = (buf: Buffer) => buf.toString('base64url');

/**
 * OpenID Connect sign-in for the standalone console: authorization code flow with PKCE (S256),
 * `state` and `nonce`; the ID token is verified against the provider's JWKS; the role comes from a
 * configured claim (e.g. `groups`) through the configured map.
 */
export function oidcClient(config: OidcConfig) {
  let discovery: Promise<Discovery> | null = null;
  let jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  const discover = () => {
    discovery ??= fetch(
      new URL('.well-known/openid-configuration', config.issuer.endsWith('/') ? config.issuer : `${config.issuer}/`),
      { signal: AbortSignal.timeout(5_000) },
    )
      .then(async (res) => {
        if (!res.ok) throw new Error(`OIDC discovery failed: HTTP ${res.status}`);
        return (await res.json()) as Discovery;
      })
      .catch((err: unknown) => {
        discovery = null;
        throw new AuthError(
          'oidc_unavailable',
          `The sign-in provider did not answer: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    return discovery;
  };

  return {
    /** Where to send the browser, and what to remember until it comes back. */
    async start(returnTo: string): Promise<OidcStart> {
      const meta = await discover();
      const pending = {
        state: b64url(randomBytes(16)),
        nonce: b64url(randomBytes(16)),
        verifier: b64url(randomBytes(32)),
        returnTo,
      };
      const url = new URL(meta.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUrl,
        scope: config.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: b64url(createHash('sha256').update(pending.verifier).digest()),
        code_challenge_method: 'S256',
      }).toString();
      return { url: url.toString(), pending };
    },

    /**
     * Exchanges the code, verifies the ID token and maps the user to a role: by the tenant's settings
     * (`roleMapping.oidc`) once an admin mapped any value there, else by OIDC_ROLES_CLAIM / OIDC_ROLE_MAP.
     */
    async finish(
      params: { code?: string; state?: string; error?: string },
      pending: OidcStart['pending'],
      now: Date,
      mapping?: OidcRoleMapping,
    ): Promise<OidcUser> {
      if (params.error) throw new AuthError('oidc_refused', `The sign-in provider refused: ${params.error}`);
      if (!params.code || !params.state || params.state !== pending.state)
        throw new AuthError('oidc_state_mismatch', 'Sign-in response does not match this browser session; start again');
      const meta = await discover();
      const res = await fetch(meta.token_endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: params.code,
          redirect_uri: config.redirectUrl,
          code_verifier: pending.verifier,
        }),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok)
        throw new AuthError('oidc_code_refused', `The sign-in provider refused the code (HTTP ${res.status})`);
      const { id_token: idToken } = (await res.json()) as { id_token?: string };
      if (!idToken) throw new AuthError('oidc_code_refused', 'The sign-in provider returned no ID token');

      jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri));
      let claims: JWTPayload & Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(idToken, jwks, {
          issuer: meta.issuer,
          audience: config.clientId,
          currentDate: now,
          requiredClaims: ['sub', 'exp', 'nonce'],
        }));
      } catch (err) {
        throw authErrorFrom(err, 'ID token');
      }
      if (claims.nonce !== pending.nonce)
        throw new AuthError('oidc_nonce_mismatch', 'ID token was not issued for this sign-in');

      const fromSettings = mapping && Object.keys(mapping.values).length > 0;
      const claim = fromSettings ? mapping.claim : config.rolesClaim;
      const map: Record<string, Role | null> = fromSettings ? mapping.values : config.roleMap;
      const raw = claims[claim];
      const values = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
      const role = highestRole(values.map((v) => (Object.hasOwn(map, v) ? map[v] : null)));
      if (!role)
        throw new AuthError(
          'no_role',
          `Your account has no Ticketed Access role (claim "${claim}": ${values.join(', ') || 'none'})`,
        );
      return {
        id: String(claims.sub),
        name: String(claims.name ?? claims.preferred_username ?? claims.email ?? claims.sub),
        email: String(claims.email ?? ''),
        role,
      };
    },
  };
}
