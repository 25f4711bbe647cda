import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { decodeJwt } from 'jose';
import type { Actor, AppEnv, AuthInfo, Deps } from '../app-env.js';
import type { ForgeConfig, OidcConfig } from '../config.js';
import { AppError } from '../errors.js';
import { integrationErrors } from '../integrations/integrations.errors.js';
import { isIntegrationToken, verifyIntegrationToken } from '../integrations/integration-credentials.js';
import { recordAuthFailure } from './auth-failures.js';
import { devAuth } from './dev-auth.js';
import { FORGE_ISSUER, forgeVerifier, type JiraUserLookup } from './forge.js';
import { integrationCaller, isCloseReport } from './host-callers.js';
import { oidcClient } from './oidc.js';
import { issueSession, SESSION_ISSUER, verifySession, type IssuedSession } from './session-tokens.js';
import { signingKeyCache } from './signing-keys.js';
import { AuthError } from './token-errors.js';
import { GRANT_TOKEN_AUDIENCE, verifyGrantToken } from '../tokens/grant-tokens.js';
import { verifyZendeskToken, type ZendeskUserLookup } from './zendesk.js';

export const SESSION_COOKIE = 'ta_session';

export interface IdentityOptions {
  authMode: 'dev' | 'hosts';
  sessionTtlMinutes?: number;
  forge?: ForgeConfig | null;
  oidc?: OidcConfig | null;
  secureCookies?: boolean;
  publicUrl?: string;
  /** Tests replace the host API look-ups with local stand-ins. */
  zendeskUserLookup?: ZendeskUserLookup;
  jiraUserLookup?: JiraUserLookup;
  forgeJwksCooldownMs?: number;
}

export type Identity = ReturnType<typeof createIdentity>;

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

function cookieValue(c: Context, name: string): string | undefined {
  const header = c.req.header('cookie') ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return rest.join('='); // malformed percent-encoding: verification refuses it with 401, not a URIError 500
      }
    }
  }
  return undefined;
}

type Caller = { actor: Actor; auth: AuthInfo };

/**
 * Who is calling, and how they proved it, from verified identity only: our session token (bearer
 * from the Zendesk iframe, or the console's cookie), a Forge invocation token, a grant token, an
 * integration credential, or — in dev mode only — `x-dev-user`. Host callers (the Forge trigger,
 * integration credentials) are let through to the close report only.
 */
export function createIdentity(deps: Deps, options: IdentityOptions) {
  const keys = signingKeyCache(deps.db);
  const ttl = options.sessionTtlMinutes ?? 60;
  const verifyForge = options.forge ? forgeVerifier(deps.db, options.forge, options.jiraUserLookup, options.forgeJwksCooldownMs) : null;
  const oidc = options.oidc ? oidcClient(options.oidc) : null;
  const dev = devAuth(deps);
  const expectedOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;

  async function refuse(c: Context, err: unknown): Promise<never> {
    const authError = err instanceof AppError ? err : new AuthError('unauthenticated', 'Sign-in could not be checked');
    await recordAuthFailure(
      deps.db,
      { code: authError.code, source: clientAddress(c), method: c.req.method, path: c.req.path, detail: authError.message },
      deps.now(),
    ).catch((e: unknown) => deps.logger.error('[auth] could not record a refused sign-in', e));
    throw authError;
  }

  async function fromBearer(c: Context<AppEnv>, token: string): Promise<Caller> {
    // Not a JWT: an admin-issued integration credential, checked against its stored hash.
    if (isIntegrationToken(token)) return integrationCaller(await verifyIntegrationToken(deps.db, token));
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new AuthError('token_malformed', 'Bearer token is not a JWT');
    }
    if (iss === FORGE_ISSUER) {
      if (!verifyForge) throw new AuthError('forge_not_configured', 'This server does not accept Forge calls (FORGE_APP_ARI is not set)');
      return verifyForge(token, c.req.header('x-forge-oauth-system'), deps.now());
    }
    if (iss !== SESSION_ISSUER) throw new AuthError('token_wrong_issuer', `Bearer token comes from an issuer this server does not accept (${String(iss)})`);
    if (decodeJwt(token).aud === GRANT_TOKEN_AUDIENCE) {
      // Grant tokens only report events (late delivery allowed) and check status.
      const reporting = c.req.method === 'POST' && /^\/v1\/grants\/[^/]+\/events$/.test(c.req.path);
      const checking = c.req.method === 'GET' && /^\/v1\/grants\/[^/]+\/check$/.test(c.req.path);
      if (!reporting && !checking) throw new AuthError('grant_token_not_allowed', 'A grant token only reports access events and checks its grant; sign in for anything else');
      const claims = await verifyGrantToken(await keys('grant'), token, deps.now(), reporting);
      c.set('grantToken', claims);
      const actor: Actor = { tenant: claims.tenant, id: claims.sub, name: claims.sub, email: '', role: 'agent' };
      return { actor, auth: { via: 'grant_token', host: false } };
    }
    const actor = await verifySession(await keys('session'), token, deps.now());
    return { actor, auth: { via: 'session', host: false } };
  }

  const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = cookieValue(c, SESSION_COOKIE);
    if (!bearer && !cookie && options.authMode === 'dev') return dev(c, next);
    try {
      if (bearer) {
        const { actor, auth } = await fromBearer(c, bearer);
        // The host's credentials (Forge trigger, integrations) report tickets closed, nothing else.
        if (auth.host && !isCloseReport(c.req.method, c.req.path)) {
          throw integrationErrors.hostCredentialNotAllowed(auth);
        }
        c.set('actor', actor);
        c.set('auth', auth);
      } else if (cookie) {
        const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
        const origin = c.req.header('origin');
        if (unsafe && (!origin || (expectedOrigin && origin !== expectedOrigin))) {
          throw new AuthError('cross_site_refused', 'State changes with the session cookie must come from this site');
        }
        c.set('actor', await verifySession(await keys('session'), cookie, deps.now()));
        c.set('auth', { via: 'session', host: false });
      } else {
        throw new AuthError('unauthenticated', 'Sign in first: no session token, Forge token or session cookie was sent');
      }
    } catch (err) {
      await refuse(c, err);
    }
    await next();
  };

  async function sessionFor(actor: Actor, via: string): Promise<IssuedSession> {
    return issueSession(await keys('session'), actor, via, ttl, deps.now());
  }

  return {
    authenticate,
    sessionFor,
    keys,
    oidc,
    refuse,
    /** Exchanges the token Zendesk posts to a location URL for our session (issue 3 § Zendesk). */
    async zendeskSession(c: Context, token: string | undefined): Promise<IssuedSession> {
      try {
        if (!token) throw new AuthError('unauthenticated', 'Zendesk did not post a signed token; enable signed URLs for the app');
        return await sessionFor(await verifyZendeskToken(deps.db, token, deps.now(), options.zendeskUserLookup), 'zendesk');
      } catch (err) {
        return refuse(c, err);
      }
    },
    cookie(token: string, maxAgeSeconds: number): string {
      return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${options.secureCookies ? '; Secure' : ''}`;
    },
    ttlSeconds: ttl * 60,
    secureCookies: Boolean(options.secureCookies),
  };
}
