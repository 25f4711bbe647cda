import { Hono } from 'hono';
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { seedRequest, createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { listen } from '../test/listen.js';
import { registerTenantHost } from './tenant-hosts.js';

// A stand-in for the Zendesk API on loopback: it answers GET /api/v2/users/:id.json only with the
// admin's API token, and counts calls so the cache can be seen working.
const zendeskUsers: Record<string, { name: string; email: string; role: string; custom_role_id?: number }> = {
  '1001': { name: 'Zoe Agent', email: 'zoe@acme.example', role: 'agent' },
  '1002': { name: 'Lars Lead', email: 'lars@acme.example', role: 'agent', custom_role_id: 777 },
  '1003': { name: 'Erin End-user', email: 'erin@acme.example', role: 'end-user' },
  '1004': { name: 'Ari Admin', email: 'ari@acme.example', role: 'admin' },
};
let apiCalls = 0;
const zendeskApi = new Hono().get('/api/v2/users/:file', (c) => {
  apiCalls += 1;
  const expected = `Basic ${Buffer.from('api@acme.example/token:zd-secret').toString('base64')}`;
  if (c.req.header('authorization') !== expected) return c.json({ error: "Couldn't authenticate you" }, 401);
  const id = c.req.param('file').replace('.json', '');
  const user = zendeskUsers[id];
  return user ? c.json({ user: { id: Number(id), ...user } }) : c.json({ error: 'RecordNotFound' }, 404);
});

let api: Awaited<ReturnType<typeof listen>>;
let appKey: { privateKey: CryptoKey; publicKey: CryptoKey };
let otherKey: { privateKey: CryptoKey; publicKey: CryptoKey };
let publicKeyPem: string;

beforeAll(async () => {
  api = await listen(zendeskApi);
  appKey = await generateKeyPair('RS256', { extractable: true });
  otherKey = await generateKeyPair('RS256', { extractable: true });
  publicKeyPem = await exportSPKI(appKey.publicKey);
});
afterAll(async () => {
  await api.close();
});

const AUD = 'https://acme.zendesk.com/api/v2/apps/installations/123.json';

function zafToken(
  overrides: { iss?: string; aud?: string; sub?: string; exp?: number; nbf?: number; key?: CryptoKey; now?: Date } = {},
) {
  const now = Math.floor((overrides.now ?? new Date('2026-11-23T10:00:00Z')).getTime() / 1000);
  const jwt = new SignJWT({ qsh: 'abc' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(overrides.iss ?? 'acme.zendesk.com')
    .setAudience(overrides.aud ?? AUD)
    .setSubject(overrides.sub ?? '1001')
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 300)
    .setJti(crypto.randomUUID());
  if (overrides.nbf) jwt.setNotBefore(overrides.nbf);
  return jwt.sign(overrides.key ?? appKey.privateKey);
}

describe.each(testDialects)('Zendesk signed URLs on %s', (dialect) => {
  let t: TestContext;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    app = createApp(t.deps, { authMode: 'hosts' });
    await registerTenantHost(
      t.db,
      {
        tenant: 'acme',
        host: 'zendesk',
        hostKey: 'zendesk:acme',
        name: 'Acme',
        config: {
          publicKeyPem,
          installationId: '123',
          apiEmail: 'api@acme.example',
          apiToken: 'zd-secret',
          apiBaseUrl: api.url,
        },
        ticketUrlTemplate: 'https://acme.zendesk.com/agent/tickets/{ticketId}',
      },
      t.clock.iso(),
    );
    const settings = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    await t.db
      .insertInto('settings')
      .values({
        tenant: 'acme',
        value: JSON.stringify({
          ...settings,
          approvers: ['1002'],
          roleMapping: {
            ...settings.roleMapping,
            zendesk: { admin: 'admin', agent: 'agent', customRoles: { '777': 'lead' } },
          },
        }),
        updated_at: t.clock.iso(),
        updated_by: null,
      })
      .execute();
  });
  afterEach(async () => {
    await t.close();
  });

  const exchange = (token: string | undefined, asForm = true) =>
    app.request(
      '/auth/zendesk/session',
      asForm
        ? {
            method: 'POST',
            body: new URLSearchParams(token ? { token } : {}),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }
        : { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json' } },
    );
  const asBearer = (token: string, path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  const failures = () => t.db.selectFrom('auth_failures').selectAll().execute();

  it('exchanges a valid token for a short-lived session carrying the user from the Zendesk API', async () => {
    const res = await exchange(await zafToken());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toEqual({
      tenant: 'acme',
      id: '1001',
      name: 'Zoe Agent',
      email: 'zoe@acme.example',
      role: 'agent',
    });
    expect(Date.parse(body.expiresAt) - Date.parse(t.clock.iso())).toBe(60 * 60_000);
    const me = await asBearer(body.token, '/v1/me');
    expect((await me.json()).user).toMatchObject({ tenant: 'acme', id: '1001', role: 'agent' });
    // The grant it creates carries the verified name and the tenant's ticket link.
    const grant = await asBearer(body.token, '/v1/grants', { method: 'POST', body: JSON.stringify(seedRequest()) });
    expect(await grant.json()).toMatchObject({
      tenant: 'acme',
      requester: { id: '1001', name: 'Zoe Agent' },
      ticket: { url: 'https://acme.zendesk.com/agent/tickets/48271' },
    });
  });

  it('maps custom roles and admins through settings, caches the API look-up, and refuses end users', async () => {
    const before = apiCalls;
    const lead = await (
      await exchange(await zafToken({ sub: 'https://acme.zendesk.com/api/v2/users/1002.json' }))
    ).json();
    expect(lead.user.role).toBe('lead');
    await exchange(await zafToken({ sub: '1002' }));
    expect(apiCalls - before).toBeLessThanOrEqual(1);
    expect((await (await exchange(await zafToken({ sub: '1004' }))).json()).user.role).toBe('admin');
    const endUser = await exchange(await zafToken({ sub: '1003' }));
    expect(endUser.status).toBe(401);
    expect((await endUser.json()).error.code).toBe('no_role');
  });

  it.each([
    ['a bad signature', async () => zafToken({ key: otherKey.privateKey }), 'token_bad_signature'],
    [
      'alg: none',
      async () => new UnsecuredJWT({ iss: 'acme.zendesk.com', aud: AUD, sub: '1001', exp: 1_900_000_000 }).encode(),
      'token_algorithm_refused',
    ],
    [
      'HS256 signed with the RS256 public key',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({ iss: 'acme.zendesk.com', aud: AUD, sub: '1001', exp: 1_900_000_000 }),
        ).toString('base64url');
        const signature = createHmac('sha256', publicKeyPem).update(`${header}.${payload}`).digest('base64url');
        return `${header}.${payload}.${signature}`;
      },
      'token_algorithm_refused',
    ],
    ['an expired token', async () => zafToken({ now: new Date('2026-11-23T09:00:00Z') }), 'token_expired'],
    [
      'a token not yet valid',
      async () => zafToken({ nbf: Date.parse('2026-11-23T11:00:00Z') / 1000 }),
      'token_not_yet_valid',
    ],
    [
      'a wrong audience (another installation)',
      async () => zafToken({ aud: 'https://acme.zendesk.com/api/v2/apps/installations/999.json' }),
      'token_wrong_audience',
    ],
    ['an issuer that is not Zendesk', async () => zafToken({ iss: 'acme.evil.example' }), 'token_wrong_issuer'],
    [
      'an account that never installed the app',
      async () => zafToken({ iss: 'globex.zendesk.com' }),
      'tenant_not_registered',
    ],
    ['garbage', async () => 'not-a-jwt', 'token_malformed'],
    ['no token at all', async () => undefined, 'unauthenticated'],
  ])('refuses %s with 401, records it, and writes nothing else', async (_label, make, code) => {
    const before = await t.counts();
    const res = await exchange(await make());
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(code);
    expect(await t.counts()).toEqual(before);
    expect((await failures()).map((f) => f.code)).toEqual([code]);
  });

  it("serves the sidebar to Zendesk's signed POST with a session in the page, and nothing to an unsigned one", async () => {
    const post = (body: URLSearchParams) =>
      app.request('/zendesk/sidebar', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const page = await post(
      new URLSearchParams({ token: await zafToken(), origin: 'https://acme.zendesk.com', app_guid: 'g-1' }),
    );
    expect(page.status).toBe(200);
    const boot = JSON.parse(
      /window\.__TA_BOOT__=(.*?)<\/script>/.exec(await page.text())![1]!.replace(/\\u003c/g, '<'),
    );
    expect(boot).toMatchObject({
      host: 'zendesk',
      location: 'ticket_sidebar',
      session: { token: expect.any(String), expiresAt: expect.any(String) },
    });
    expect(boot.devUser).toBeUndefined();
    expect((await (await asBearer(boot.session.token, '/v1/me')).json()).user.id).toBe('1001');
    expect((await post(new URLSearchParams({ origin: 'https://acme.zendesk.com' }))).status).toBe(401);
    expect((await app.request('/zendesk/sidebar')).status).toBe(401);
    // The standalone console sends a browser without a session to sign in.
    const consolePage = await app.request('/console?tab=reviews');
    expect(consolePage.status).toBe(302);
    expect(consolePage.headers.get('location')).toBe('/auth/oidc/login?returnTo=%2Fconsole%3Ftab%3Dreviews');
  });

  it("serves the console (nav_bar) to Zendesk's signed POST on any console path, signed in as the Zendesk user", async () => {
    for (const path of ['/zendesk/console', '/zendesk/console/sessions/gr_1']) {
      const page = await app.request(path, {
        method: 'POST',
        body: new URLSearchParams({ token: await zafToken(), origin: 'https://acme.zendesk.com', app_guid: 'g-2' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(page.status, path).toBe(200);
      const boot = JSON.parse(
        /window\.__TA_BOOT__=(.*?)<\/script>/.exec(await page.text())![1]!.replace(/\\u003c/g, '<'),
      );
      expect(boot).toMatchObject({ host: 'zendesk', location: 'nav_bar', session: { token: expect.any(String) } });
      expect(boot.devUser).toBeUndefined();
      expect((await (await asBearer(boot.session.token, '/v1/me')).json()).user.id).toBe('1001');
    }
    expect((await app.request('/zendesk/console/history')).status).toBe(401);
  });

  it('takes the token as JSON or a form only: anything else (broken multipart too) is 415', async () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x']) {
      const init = { method: 'POST', body: 'token=x', headers: { 'content-type': type } };
      const res = await app.request('/auth/zendesk/session', init);
      expect(res.status, type).toBe(415);
      expect((await res.json()).error.code).toBe('unsupported_media_type');
    }
    expect(await failures()).toEqual([]);
  });

  it('accepts each token once: a replay is refused', async () => {
    const token = await zafToken();
    expect((await exchange(token)).status).toBe(200);
    const replay = await exchange(token, false);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe('token_replayed');
  });

  it('rate-limits the record of refused sign-ins per source and code', async () => {
    for (let i = 0; i < 8; i += 1) expect((await exchange('garbage')).status).toBe(401);
    expect(await failures()).toHaveLength(5);
  });

  it('refuses forged, expired and foreign session tokens on the API', async () => {
    const { token } = await (await exchange(await zafToken())).json();
    const [head, body] = token.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'admin' })).toString('base64url')}.${token.split('.')[2]}`;
    expect((await (await asBearer(forged, '/v1/settings')).json()).error.code).toBe('token_bad_signature');
    t.clock.advance(61);
    expect((await (await asBearer(token, '/v1/me')).json()).error.code).toBe('token_expired');
    // dev headers mean nothing in hosts mode
    expect((await app.request('/v1/me', { headers: { 'x-dev-user': 'admin-ada' } })).status).toBe(401);
  });

  it('keeps tenants apart: an acme session cannot see or touch a demo grant', async () => {
    const demoGrant = (await t.call('agent-ann', 'POST', '/v1/grants', seedRequest())).body;
    const { token } = await (await exchange(await zafToken({ sub: '1004' }))).json();
    const before = await t.counts();
    expect((await asBearer(token, `/v1/grants/${demoGrant.id}`)).status).toBe(404);
    expect(
      (
        await asBearer(token, `/v1/grants/${demoGrant.id}/revoke`, {
          method: 'POST',
          body: JSON.stringify({ reason: 'x' }),
        })
      ).status,
    ).toBe(404);
    expect((await (await asBearer(token, '/v1/tickets/48271/grants')).json()).sessions).toEqual([]);
    expect(await t.counts()).toEqual(before);
  });

  it('enforces the rules on verified identities: an agent cannot change settings or approve', async () => {
    const agent = (await (await exchange(await zafToken({ sub: '1001' }))).json()).token;
    const lead = (await (await exchange(await zafToken({ sub: '1002' }))).json()).token;
    const settings = await (await asBearer(agent, '/v1/settings')).json();
    expect((await asBearer(agent, '/v1/settings', { method: 'PUT', body: JSON.stringify(settings) })).status).toBe(403);
    const grant = await (
      await asBearer(agent, '/v1/grants', { method: 'POST', body: JSON.stringify(seedRequest()) })
    ).json();
    expect((await asBearer(agent, `/v1/grants/${grant.id}/approve`, { method: 'POST', body: '{}' })).status).toBe(403);
    const approved = await asBearer(lead, `/v1/grants/${grant.id}/approve`, { method: 'POST', body: '{}' });
    expect(await approved.json()).toMatchObject({
      status: 'approved',
      decision: { by: { id: '1002', name: 'Lars Lead' } },
    });
  });
});
