import Provider from 'oidc-provider';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig, type OidcConfig } from '../config.js';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

// A real OpenID provider (the `oidc-provider` package) on loopback. Its interaction step signs in
// whichever account the test names next, so the rest of the flow — authorize, PKCE, code exchange,
// ID token, JWKS — is the provider's own.
const accounts: Record<string, { name: string; email: string; groups: string[] }> = {
  'u-lead': { name: 'Lia Lead', email: 'lia@corp.example', groups: ['everyone', 'ta-leads'] },
  'u-admin': { name: 'Abe Admin', email: 'abe@corp.example', groups: ['ta-admins', 'ta-leads'] },
  'u-none': { name: 'Nia Nobody', email: 'nia@corp.example', groups: ['everyone'] },
};
let nextAccount = 'u-lead';
let issuer = '';
let server: import('node:http').Server;
const PUBLIC_URL = 'http://ta.test';

beforeAll(async () => {
  const provider = new Provider('http://127.0.0.1', {
    clients: [
      {
        client_id: 'ta-console',
        client_secret: 'console-secret',
        redirect_uris: [`${PUBLIC_URL}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub'], email: ['email'], profile: ['name'], groups: ['groups'] },
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, ...accounts[sub] }),
    }),
    loadExistingGrant: async (ctx: any) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  });
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    if (ctx.path.startsWith('/interaction/')) {
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: nextAccount } },
        { mergeWithLastSubmission: false },
      );
      ctx.respond = false;
      return;
    }
    await next();
  });
  server = provider.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  issuer = `http://127.0.0.1:${port}`;
  provider.issuer = issuer;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** Follows the browser's redirects through the provider, keeping its cookies. */
async function browseProvider(url: string): Promise<string> {
  const jar = new Map<string, string>();
  let next = url;
  for (let hop = 0; hop < 10; hop += 1) {
    if (next.startsWith(PUBLIC_URL)) return next;
    const res = await fetch(next, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name, value.join('='));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`provider stopped at ${next} with ${res.status}: ${await res.text()}`);
    next = new URL(location, next).toString();
  }
  throw new Error('too many redirects');
}

describe.each(testDialects)('console sign-in with OpenID Connect on %s', (dialect) => {
  let t: TestContext;
  let app: ReturnType<typeof createApp>;
  let oidc: OidcConfig;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    const config = loadConfig({
      PUBLIC_URL,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'ta-console',
      OIDC_CLIENT_SECRET: 'console-secret',
      OIDC_TENANT: 'demo',
      OIDC_ROLE_MAP: 'ta-admins=admin,ta-leads=lead',
      OIDC_SCOPES: 'openid email profile groups',
      NODE_ENV: 'production',
      AUTH_MODE: 'hosts',
    });
    oidc = config.oidc!;
    app = createApp(
      { ...t.deps, now: () => new Date() },
      { authMode: 'hosts', oidc, secureCookies: config.secureCookies, publicUrl: PUBLIC_URL },
    );
  });
  afterEach(async () => {
    await t.close();
  });

  async function signIn(account: string, returnTo = '/console?tab=reviews') {
    nextAccount = account;
    const login = await app.request(`/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const pendingCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const callback = await browseProvider(authorize.toString());
    const url = new URL(callback);
    return app.request(url.pathname + url.search, { headers: { cookie: pendingCookie } });
  }

  it('signs a lead in with authorization code + PKCE and sets a Secure, HttpOnly, SameSite session cookie', async () => {
    const res = await signIn('u-lead');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console?tab=reviews');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ta_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0]!;
    const me = await (await app.request('/v1/me', { headers: { cookie: session } })).json();
    expect(me.user).toEqual({
      tenant: 'demo',
      id: 'u-lead',
      name: 'Lia Lead',
      email: 'lia@corp.example',
      role: 'lead',
    });
    // Leads read history with the cookie; state changes need a same-site Origin.
    expect((await app.request('/v1/customers/1842/access', { headers: { cookie: session } })).status).toBe(200);
    const crossSite = await app.request('/v1/grants', {
      method: 'POST',
      body: '{}',
      headers: { cookie: session, 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    expect((await crossSite.json()).error.code).toBe('cross_site_refused');
  });

  it('maps the highest role from the groups claim', async () => {
    const res = await signIn('u-admin');
    const session = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('ta_session='))!
      .split(';')[0]!;
    expect((await (await app.request('/v1/me', { headers: { cookie: session } })).json()).user.role).toBe('admin');
  });

  it('refuses an account with no mapped role, and a callback that was not started by this browser', async () => {
    const res = await signIn('u-none');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('no_role');
    const forged = await app.request('/auth/oidc/callback?code=abc&state=xyz');
    expect((await forged.json()).error.code).toBe('oidc_state_mismatch');
    expect((await t.db.selectFrom('auth_failures').select('code').execute()).map((r) => r.code).sort()).toEqual([
      'no_role',
      'oidc_state_mismatch',
    ]);
  });

  it("maps claim values by the tenant's settings once an admin mapped any there, instead of OIDC_ROLE_MAP", async () => {
    const settings = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const roleMapping = {
      ...settings.roleMapping,
      oidc: { claim: 'groups', values: { everyone: 'agent', 'ta-leads': null } },
    };
    expect((await t.call('admin-ada', 'PUT', '/v1/settings', { ...settings, roleMapping })).status).toBe(200);
    const roleOf = async (account: string) => {
      const res = await signIn(account);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ta_session='));
      if (!cookie) return (await res.json()).error.code;
      const me = await app.request('/v1/me', { headers: { cookie: cookie.split(';')[0]! } });
      return (await me.json()).user.role;
    };
    // u-none's "everyone" now maps to agent; u-lead's "ta-leads" maps to no role, so "everyone" decides.
    expect(await roleOf('u-none')).toBe('agent');
    expect(await roleOf('u-lead')).toBe('agent');
    // ta-admins is not mapped in settings, so the environment's map no longer applies to it.
    expect(await roleOf('u-admin')).toBe('no_role');
  });

  it('never redirects off-site after sign-in', async () => {
    const res = await signIn('u-lead', 'https://evil.example/steal');
    expect(res.headers.get('location')).toBe('/console');
  });
});
