import { createRoute } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import {
  zLoggedOutSchema,
  zSessionTokenSchema,
  zZendeskTokenSchema,
  type LoggedOut,
  type SessionToken,
} from '../../shared/identity.js';
import type { AppEnv, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import type { SigningKeys } from '../keys/signing-keys.js';
import { errorResponses, jsonResponse } from '../openapi.js';
import { readSettings } from '../settings/settings.repository.js';
import { rememberUser, tenantExists } from './identity.repository.js';
import type { oidcClient } from './oidc.js';
import {
  clearOidcPending,
  clearSessionCookie,
  readOidcPending,
  setOidcPending,
  setSessionCookie,
} from './session-cookie.js';
import type { SessionIssuer } from './session-tokens.js';
import { refuseSignIn } from './sign-in-refusal.js';
import { AuthError } from './token-errors.js';
import type { ZendeskSessionExchange } from './zendesk-session.js';

const notConfigured = () =>
  new AuthError('oidc_not_configured', 'Console sign-in (OIDC) is not configured on this server');

const zPending = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), returnTo: z.string() });

/** Only same-site relative paths, so the sign-in cannot be used as an open redirect. */
const safeReturn = (value: string | undefined) => (value && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) ? value : '/console');

const { 400: invalid, 401: refused, 413: tooLarge, 415: wrongType, 429: tooMany } = errorResponses;

/**
 * The token exchange in the OpenAPI document. The route below stays plain Hono (it takes JSON or a
 * form and must record refusals), so this is documentation that the fuzz test holds to the server.
 */
export const zendeskSessionDoc = createRoute({
  method: 'post',
  path: '/auth/zendesk/session',
  summary: 'Exchange the token Zendesk signs for the app (signed URLs) for our session token',
  tags: ['auth'],
  security: [],
  request: {
    body: {
      content: {
        'application/json': { schema: zZendeskTokenSchema },
        'application/x-www-form-urlencoded': { schema: zZendeskTokenSchema },
      },
      required: true,
    },
  },
  responses: {
    200: jsonResponse(zSessionTokenSchema, 'The session and who it is for'),
    400: invalid,
    401: refused,
    413: tooLarge,
    415: wrongType,
    429: tooMany,
  },
});

/** Sign-out in the document: it clears the console's session cookie, whoever calls. */
export const logoutDoc = createRoute({
  method: 'post',
  path: '/auth/logout',
  summary: 'Sign out of the console: clears the session cookie',
  tags: ['auth'],
  security: [],
  responses: { 200: jsonResponse(zLoggedOutSchema, 'Signed out'), 400: invalid, 413: tooLarge, 429: tooMany },
});

export interface AuthRoutesOptions {
  /** Seals the OIDC sign-in in flight (the session key: only this server can have written it). */
  keys: SigningKeys;
  sessions: SessionIssuer;
  zendeskSession: ZendeskSessionExchange;
  /** Console sign-in; without, its endpoints answer 401 `oidc_not_configured`. */
  oidc: ReturnType<typeof oidcClient> | null;
  /** The tenant console users signing in with OIDC belong to. */
  oidcTenant: string | null;
  secureCookies: boolean;
}

/**
 * Sign-in endpoints: the Zendesk token exchange (JSON or a form; a multipart or other body is 415),
 * OIDC for the console, sign-out, and `/v1/me` is served by the API itself. The HTML location pages
 * use the same Zendesk exchange directly (ui-boot.ts).
 */
export function authRoutes(deps: Deps, options: AuthRoutesOptions) {
  const { keys, sessions, oidc, oidcTenant } = options;
  const cookies = { secure: options.secureCookies };
  const app = new Hono<AppEnv>();

  app.post('/auth/zendesk/session', async (c) => {
    const type = c.req.header('content-type') ?? '';
    let token: string | undefined;
    if (/^application\/json\b/i.test(type)) {
      token = zZendeskTokenSchema.safeParse(await c.req.json().catch(() => null)).data?.token;
    } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
      token = zZendeskTokenSchema.shape.token.safeParse((await c.req.parseBody()).token).data;
    } else {
      throw errors.unsupportedMediaType(type, 'application/json or application/x-www-form-urlencoded');
    }
    const session = await options.zendeskSession(c, token);
    return c.json({ token: session.token, expiresAt: session.expiresAt, user: session.actor } satisfies SessionToken);
  });

  app.get('/auth/oidc/login', async (c) => {
    if (!oidc) throw notConfigured();
    const { url, pending } = await oidc.start(safeReturn(c.req.query('returnTo')));
    const key = await keys('session');
    const sealed = await new SignJWT(pending)
      .setProtectedHeader({ alg: 'EdDSA' })
      .setAudience('oidc-pending')
      .setExpirationTime('10m')
      .sign(key.privateKey);
    setOidcPending(c, sealed, cookies);
    return c.redirect(url, 302);
  });

  app.get('/auth/oidc/callback', async (c) => {
    try {
      if (!oidc || !oidcTenant) throw notConfigured();
      const sealed = readOidcPending(c);
      if (!sealed) throw new AuthError('oidc_state_mismatch', 'Sign-in was not started from this browser; start again');
      const key = await keys('session');
      const pending = zPending.parse(
        (
          await jwtVerify(sealed, key.publicKey, { audience: 'oidc-pending', currentDate: deps.now() }).catch(() => {
            throw new AuthError('oidc_state_mismatch', 'Sign-in took too long or was tampered with; start again');
          })
        ).payload,
      );
      const answer = { code: c.req.query('code'), state: c.req.query('state'), error: c.req.query('error') };
      const settings = await readSettings(deps.db, oidcTenant, deps.logger);
      const user = await oidc.finish(answer, pending, deps.now(), settings.roleMapping.oidc);
      if (!(await tenantExists(deps.db, oidcTenant))) {
        throw new AuthError('tenant_not_registered', `Tenant ${oidcTenant} (OIDC_TENANT) does not exist`);
      }
      const actor = { tenant: oidcTenant, ...user };
      await rememberUser(deps.db, actor, deps.now().toISOString());
      const session = await sessions.issue(actor, 'oidc');
      setSessionCookie(c, session.token, sessions.ttlSeconds, cookies);
      clearOidcPending(c);
      return c.redirect(pending.returnTo, 302);
    } catch (err) {
      return refuseSignIn(deps, c, err);
    }
  });

  app.post('/auth/logout', (c) => {
    clearSessionCookie(c, cookies);
    return c.json({ ok: true } satisfies LoggedOut);
  });

  return app;
}
