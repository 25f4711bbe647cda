import { createRoute } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { zSessionTokenSchema, zZendeskTokenSchema } from '../../shared/identity.js';
import type { AppEnv, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { errorResponses, jsonResponse } from '../openapi.js';
import { rememberUser } from './user-directory.js';
import type { Identity } from './identity.js';
import { AuthError } from './token-errors.js';

const PENDING_COOKIE = 'ta_oidc';
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
    400: invalid, 401: refused, 413: tooLarge, 415: wrongType, 429: tooMany,
  },
});

/**
 * Sign-in endpoints: the Zendesk token exchange (JSON or a form; a multipart or other body is 415),
 * OIDC for the console, sign-out, and `/v1/me` is served by the API itself. The HTML location pages
 * use `identity.zendeskSession` directly.
 */
export function authRoutes(deps: Deps, identity: Identity, oidcTenant: string | null) {
  const app = new Hono<AppEnv>();

  app.post('/auth/zendesk/session', async (c) => {
    const type = c.req.header('content-type') ?? '';
    let token: string | undefined;
    if (/^application\/json\b/i.test(type)) {
      token = zZendeskTokenSchema.safeParse(await c.req.json().catch(() => null)).data?.token;
    } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
      token = zZendeskTokenSchema.shape.token.safeParse((await c.req.parseBody())['token']).data;
    } else {
      throw errors.unsupportedMediaType(type, 'application/json or application/x-www-form-urlencoded');
    }
    const session = await identity.zendeskSession(c, token);
    return c.json({ token: session.token, expiresAt: session.expiresAt, user: session.actor });
  });

  app.get('/auth/oidc/login', async (c) => {
    if (!identity.oidc) throw new AuthError('oidc_not_configured', 'Console sign-in (OIDC) is not configured on this server');
    const { url, pending } = await identity.oidc.start(safeReturn(c.req.query('returnTo')));
    const key = await identity.keys('session');
    const sealed = await new SignJWT(pending).setProtectedHeader({ alg: 'EdDSA' }).setAudience('oidc-pending').setExpirationTime('10m').sign(key.privateKey);
    c.header('set-cookie', `${PENDING_COOKIE}=${sealed}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600${identity.secureCookies ? '; Secure' : ''}`);
    return c.redirect(url, 302);
  });

  app.get('/auth/oidc/callback', async (c) => {
    try {
      if (!identity.oidc || !oidcTenant) throw new AuthError('oidc_not_configured', 'Console sign-in (OIDC) is not configured on this server');
      const sealed = (c.req.header('cookie') ?? '').match(new RegExp(`${PENDING_COOKIE}=([^;]+)`))?.[1];
      if (!sealed) throw new AuthError('oidc_state_mismatch', 'Sign-in was not started from this browser; start again');
      const key = await identity.keys('session');
      const pending = zPending.parse((await jwtVerify(sealed, key.publicKey, { audience: 'oidc-pending', currentDate: deps.now() }).catch(() => {
        throw new AuthError('oidc_state_mismatch', 'Sign-in took too long or was tampered with; start again');
      })).payload);
      const user = await identity.oidc.finish({ code: c.req.query('code'), state: c.req.query('state'), error: c.req.query('error') }, pending, deps.now());
      const tenant = await deps.db.selectFrom('tenants').select('id').where('id', '=', oidcTenant).executeTakeFirst();
      if (!tenant) throw new AuthError('tenant_not_registered', `Tenant ${oidcTenant} (OIDC_TENANT) does not exist`);
      const actor = { tenant: oidcTenant, ...user };
      await rememberUser(deps.db, actor, deps.now().toISOString());
      const session = await identity.sessionFor(actor, 'oidc');
      c.header('set-cookie', identity.cookie(session.token, identity.ttlSeconds), { append: true });
      c.header('set-cookie', `${PENDING_COOKIE}=; Path=/auth/oidc; Max-Age=0`, { append: true });
      return c.redirect(pending.returnTo, 302);
    } catch (err) {
      return identity.refuse(c, err);
    }
  });

  app.post('/auth/logout', (c) => {
    c.header('set-cookie', identity.cookie('', 0));
    return c.json({ ok: true });
  });

  return app;
}
