import type { MiddlewareHandler } from 'hono';
import { decodeJwt } from 'jose';
import type { Actor, AppEnv, AuthInfo, Deps } from '../app-env.js';
import { integrationErrors } from '../integrations/integrations.errors.js';
import { isIntegrationToken, verifyIntegrationToken } from '../integrations/integration-credentials.js';
import { TOKEN_ISSUER } from '../keys/signing-keys.js';
import { claimsGrantToken } from '../tokens/grant-tokens.js';
import { devAuth } from './dev-auth.js';
import { FORGE_ISSUER, type ForgeVerifier } from './forge.js';
import { integrationCaller } from './host-callers.js';
import { routeAccepts } from './route-credentials.js';
import { readSessionCookie } from './session-cookie.js';
import type { SessionIssuer } from './session-tokens.js';
import { refuseSignIn } from './sign-in-refusal.js';
import { AuthError } from './token-errors.js';

export interface AuthenticateOptions {
  /** The database and clock for verifying, and where refusals are recorded. */
  deps: Deps;
  /** Checks our own session tokens (bearer from the Zendesk iframe, or the console's cookie). */
  sessions: Pick<SessionIssuer, 'verify'>;
  /** `dev` also trusts `x-dev-user` when no credential is sent; config refuses it in production. */
  authMode: 'dev' | 'hosts';
  /** Where the console is served: state changes made with the session cookie must come from this origin. */
  publicUrl?: string | undefined;
  /** Verifies Forge invocation tokens; without, a FIT is refused with `forge_not_configured`. */
  forge?: ForgeVerifier | null | undefined;
}

type Caller = { actor: Actor; auth: AuthInfo };

const BEARER = /^Bearer\s+(.+)$/i;
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * Who is calling, and how they proved it, from verified identity only; sets `c.var.actor` and
 * `c.var.auth`. The ways in: our session token as a bearer, the console's session cookie (state
 * changes only with a same-site `Origin`), a Forge invocation token, an integration credential, and
 * — in dev mode, when nothing else is sent — `x-dev-user`. Credentials that do not speak for a
 * person are let through only to routes that accept them: a grant token where `allowGrantToken()`
 * is (that middleware verifies it and sets the caller), a host caller where `allowHostCaller()` is.
 * Every refusal is a 401 (403 for a host caller off its route) and is recorded in `auth_failures`.
 *
 * @example
 * const app = new Hono<AppEnv>();
 * app.use('/v1/*', authenticate({ deps, sessions: sessionIssuer(keys, { now: deps.now }), authMode: 'hosts' }));
 * app.get('/v1/me', (c) => c.json({ user: c.var.actor }));
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const { deps, sessions, forge } = options;
  const dev = options.authMode === 'dev' ? devAuth(deps) : null;
  const expectedOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;

  async function fromBearer(token: string, systemToken: string | undefined): Promise<Caller> {
    // Not a JWT: an admin-issued integration credential, checked against its stored hash.
    if (isIntegrationToken(token)) return integrationCaller(await verifyIntegrationToken(deps.db, token));
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new AuthError('token_malformed', 'Bearer token is not a JWT');
    }
    if (iss === FORGE_ISSUER) {
      if (!forge) {
        const message = 'This server does not accept Forge calls (FORGE_APP_ARI is not set)';
        throw new AuthError('forge_not_configured', message);
      }
      return forge(token, systemToken, deps.now());
    }
    if (iss !== TOKEN_ISSUER) {
      const message = `Bearer token comes from an issuer this server does not accept (${String(iss)})`;
      throw new AuthError('token_wrong_issuer', message);
    }
    return { actor: await sessions.verify(token), auth: { via: 'session', host: false } };
  }

  return async function authenticate(c, next) {
    const bearer = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = readSessionCookie(c);
    if (!bearer && !cookie && dev) return dev(c, next);
    try {
      if (bearer && claimsGrantToken(bearer)) {
        // Left to the route's allowGrantToken(), which verifies it; refused unchecked anywhere else.
        if (!routeAccepts(c, 'grant_token')) {
          const message = 'A grant token only reports access events and checks its grant; sign in for anything else';
          throw new AuthError('grant_token_not_allowed', message);
        }
      } else if (bearer) {
        const { actor, auth } = await fromBearer(bearer, c.req.header('x-forge-oauth-system'));
        // The host's credentials (Forge trigger, integrations) report tickets closed, nothing else.
        if (auth.host && !routeAccepts(c, 'host')) throw integrationErrors.hostCredentialNotAllowed(auth);
        c.set('actor', actor);
        c.set('auth', auth);
      } else if (cookie) {
        const origin = c.req.header('origin');
        if (!SAFE_METHODS.includes(c.req.method) && (!origin || (expectedOrigin && origin !== expectedOrigin))) {
          throw new AuthError('cross_site_refused', 'State changes with the session cookie must come from this site');
        }
        c.set('actor', await sessions.verify(cookie));
        c.set('auth', { via: 'session', host: false });
      } else {
        const message = 'Sign in first: no session token, Forge token or session cookie was sent';
        throw new AuthError('unauthenticated', message);
      }
    } catch (err) {
      await refuseSignIn(deps, c, err);
    }
    await next();
  };
}
