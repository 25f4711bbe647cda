import { Hono, type Context } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, AppEnv, Deps } from '../app-env.js';
import type { GrantRow } from '../db/database.js';
import { seedDemo } from '../demo/seed.js';
import { renderError } from '../errors.js';
import { newIntegrationCredential } from '../integrations/integration-credentials.js';
import { insertCredential } from '../integrations/integrations.repository.js';
import { signingKeyCache, type SigningKeys } from '../keys/signing-keys.js';
import { PANEL_MODULE, startForgeJwks, TEST_APP_ARI, TEST_CLOUD_ID, TRIGGER_MODULE } from '../test/forge-fixtures.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../test/test-db.js';
import { allowGrantToken, type GrantTokenEnv } from '../tokens/allow-grant-token.js';
import { issueGrantToken } from '../tokens/grant-tokens.js';
import { authenticate, type AuthenticateOptions } from './authenticate.js';
import { forgeVerifier } from './forge.js';
import { allowHostCaller } from './host-callers.js';
import { sessionIssuer, type SessionIssuer } from './session-tokens.js';
import { registerTenantHost } from './tenant-hosts.js';

// The middleware alone, on a bare Hono app (no createApp): each way in, what it sets, what it
// refuses and that each refusal is recorded. The handlers echo what the middleware set.

const NOW = '2026-11-23T10:00:00.000Z';
const SITE = 'https://ta.example';
const ann: Actor = { tenant: 'demo', id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com', role: 'agent' };

let forgeJwks: Awaited<ReturnType<typeof startForgeJwks>>;
beforeAll(async () => {
  forgeJwks = await startForgeJwks();
});
afterAll(async () => {
  await forgeJwks.close();
});

describe.each(testDialects)('authenticate() on a bare Hono app on %s', (dialect) => {
  let database: TestDatabase;
  let deps: Deps;
  let keys: SigningKeys;
  let sessions: SessionIssuer;
  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    await seedDemo(database.db, 'demo', NOW);
    const site = { tenant: TEST_CLOUD_ID, host: 'jira', hostKey: `jira:${TEST_CLOUD_ID}`, name: 'Globex' } as const;
    await registerTenantHost(database.db, { ...site, config: {}, ticketUrlTemplate: null }, NOW);
    const logger = { error: () => {}, warn: () => {}, info: () => {} };
    deps = { db: database.db, dialect, now: () => new Date(NOW), logger };
    keys = signingKeyCache(database.db);
    sessions = sessionIssuer(keys, { now: deps.now });
  });
  afterEach(async () => {
    await database.drop();
  });

  const seen = (c: Context<AppEnv & GrantTokenEnv>) =>
    c.json({ actor: c.var.actor ?? null, auth: c.var.auth ?? null, grantToken: c.var.grantToken ?? null });

  function bareApp(overrides: Partial<AuthenticateOptions> = {}) {
    const forgeConfig = { appAri: TEST_APP_ARI, jwksUrl: forgeJwks.jwksUrl, triggerModuleKeys: [TRIGGER_MODULE.key] };
    const forge = forgeVerifier(deps, forgeConfig);
    const app = new Hono<AppEnv & GrantTokenEnv>();
    app.onError(renderError(deps.logger));
    app.use('*', authenticate({ deps, sessions, authMode: 'hosts', publicUrl: SITE, forge, ...overrides }));
    app.get('/me', seen);
    app.post('/change', seen);
    app.post('/grants/:id/events', allowGrantToken({ deps, keys, lateDelivery: true }), seen);
    app.get('/grants/:id/check', allowGrantToken({ deps, keys }), seen);
    app.post('/tickets/:id/closed', allowHostCaller(), seen);
    return app;
  }

  const send = (app: Hono<any>, method: string, path: string, headers: Record<string, string>) =>
    app.request(path, { method, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const failures = async () =>
    (await database.db.selectFrom('auth_failures').select('code').orderBy('id').execute()).map((r) => r.code);
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  function grantToken(expiresAt = '2026-11-23T10:30:00.000Z') {
    const row = {
      id: 'g-1',
      tenant: 'demo',
      requester_id: 'agent-ann',
      customer_id: '1842',
      systems: '["billing-db"]',
      access: 'read',
      expires_at: expiresAt,
    } as GrantRow; // the token takes these fields of the row only
    return keys('grant')
      .then((key) => issueGrantToken(key, row, new Date(NOW)))
      .then((t) => t.token);
  }

  it('takes our session token as a bearer and sets actor and auth', async () => {
    const { token } = await sessions.issue(ann, 'zendesk');
    const res = await send(bareApp(), 'GET', '/me', bearer(token));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ actor: ann, auth: { via: 'session', host: false }, grantToken: null });
    expect(await failures()).toEqual([]);
  });

  it('takes the session cookie, but a state change only with an Origin of this site', async () => {
    const app = bareApp();
    const cookie = `other=1; ta_session=${(await sessions.issue(ann, 'oidc')).token}`;
    const read = await send(app, 'GET', '/me', { cookie });
    expect(await read.json()).toMatchObject({ actor: ann, auth: { via: 'session' } });
    expect((await send(app, 'POST', '/change', { cookie, origin: SITE })).status).toBe(200);
    for (const headers of [{ cookie }, { cookie, origin: 'https://evil.example' }] as Array<Record<string, string>>) {
      const res = await send(app, 'POST', '/change', headers);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('cross_site_refused');
    }
    expect(await failures()).toEqual(['cross_site_refused', 'cross_site_refused']);
  });

  it('refuses forged, foreign and missing credentials with 401 and records each', async () => {
    const app = bareApp();
    const { token } = await sessions.issue(ann, 'zendesk');
    const [head, body, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as object;
    const admin = Buffer.from(JSON.stringify({ ...claims, role: 'admin' }));
    const forged = `${head}.${admin.toString('base64url')}.${signature}`;
    const cases: Array<[Record<string, string>, string]> = [
      [bearer(forged), 'token_bad_signature'],
      [bearer('not-a-jwt'), 'token_malformed'],
      [{ cookie: 'ta_session=%E0%A4%A' }, 'token_malformed'],
      [{ 'x-dev-user': 'admin-ada' }, 'unauthenticated'], // dev headers mean nothing in hosts mode
      [{}, 'unauthenticated'],
    ];
    for (const [headers, code] of cases) {
      const res = await send(app, 'GET', '/me', headers);
      expect([res.status, await errorCode(res)]).toEqual([401, code]);
    }
    expect(await failures()).toEqual(cases.map(([, code]) => code));
  });

  it('trusts x-dev-user in dev mode only, and only when no credential is sent', async () => {
    const app = bareApp({ authMode: 'dev' });
    const dev = await send(app, 'GET', '/me', { 'x-dev-user': 'lead-lee' });
    expect(await dev.json()).toMatchObject({
      actor: { tenant: 'demo', id: 'lead-lee', role: 'lead' },
      auth: { via: 'dev', host: false },
    });
    const unknown = await send(app, 'GET', '/me', { 'x-dev-user': 'nobody' });
    expect([unknown.status, await errorCode(unknown)]).toEqual([401, 'unknown_user']);
    // A credential wins over the header: the session says who calls.
    const session = bearer((await sessions.issue(ann, 'zendesk')).token);
    const withSession = await send(app, 'GET', '/me', { 'x-dev-user': 'admin-ada', ...session });
    expect(await withSession.json()).toMatchObject({ actor: { id: 'agent-ann' }, auth: { via: 'session' } });
  });

  it("takes a Forge token: the panel's as a person, the trigger's only where host callers are allowed", async () => {
    const app = bareApp();
    const panel = await send(app, 'GET', '/me', bearer(await forgeJwks.sign({ now: new Date(NOW) })));
    expect(await panel.json()).toMatchObject({
      actor: { tenant: TEST_CLOUD_ID, id: 'acc-eng', role: 'agent' },
      auth: { via: 'forge', host: false, forgeModuleKey: PANEL_MODULE.key },
    });
    const trigger = bearer(await forgeJwks.sign({ now: new Date(NOW), module: TRIGGER_MODULE, principal: null }));
    const closed = await send(app, 'POST', '/tickets/SUP-1/closed', trigger);
    expect(await closed.json()).toMatchObject({
      auth: { via: 'forge', host: true, forgeModuleKey: TRIGGER_MODULE.key },
    });
    const elsewhere = await send(app, 'GET', '/me', trigger);
    expect([elsewhere.status, await errorCode(elsewhere)]).toEqual([403, 'forge_trigger_not_allowed']);
    const fit = bearer(await forgeJwks.sign({ now: new Date(NOW) }));
    const unconfigured = await send(bareApp({ forge: null }), 'GET', '/me', fit);
    expect([unconfigured.status, await errorCode(unconfigured)]).toEqual([401, 'forge_not_configured']);
    expect(await failures()).toEqual(['forge_trigger_not_allowed', 'forge_not_configured']);
  });

  it('takes an integration credential only where host callers are allowed', async () => {
    const { id, token, secretHash } = newIntegrationCredential();
    await insertCredential(database.db, {
      id,
      tenant: 'demo',
      name: 'ops-closer',
      secret_hash: secretHash,
      scopes: '["tickets:closed"]',
      created_by: 'admin-ada',
      created_at: NOW,
      revoked_at: null,
      last_used_at: null,
    });
    const app = bareApp();
    const closed = await send(app, 'POST', '/tickets/48271/closed', bearer(token));
    expect(await closed.json()).toEqual({
      actor: { tenant: 'demo', id: `integration:${id}`, name: 'ops-closer', email: '', role: 'agent' },
      auth: { via: 'integration', host: true, integrationId: id },
      grantToken: null,
    });
    const elsewhere = await send(app, 'GET', '/me', bearer(token));
    expect([elsewhere.status, await errorCode(elsewhere)]).toEqual([403, 'integration_credential_not_allowed']);
    const wrong = await send(app, 'POST', '/tickets/48271/closed', bearer(`${token.slice(0, -4)}AAAA`));
    expect([wrong.status, await errorCode(wrong)]).toEqual([401, 'integration_credential_invalid']);
    expect(await failures()).toEqual(['integration_credential_not_allowed', 'integration_credential_invalid']);
  });

  it('leaves a grant token to allowGrantToken(), which verifies it and makes the tool the caller', async () => {
    const app = bareApp();
    const token = bearer(await grantToken());
    for (const [method, path] of [
      ['POST', '/grants/g-1/events'],
      ['GET', '/grants/g-1/check'],
    ] as const) {
      const res = await send(app, method, path, token);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        actor: { tenant: 'demo', id: 'agent-ann', name: 'agent-ann', email: '', role: 'agent' },
        auth: { via: 'grant_token', host: false },
        grantToken: {
          gid: 'g-1',
          cid: '1842',
          tenant: 'demo',
          sub: 'agent-ann',
          systems: ['billing-db'],
          access: 'read',
        },
      });
    }
    expect(await failures()).toEqual([]);
  });

  it('refuses a grant token, unchecked, on routes without allowGrantToken() — a HEAD of the check too', async () => {
    const app = bareApp();
    const [head, body] = (await grantToken()).split('.');
    const forged = bearer(`${head}.${body}.${Buffer.from('not the signature').toString('base64url')}`);
    for (const [method, path, headers] of [
      ['GET', '/me', bearer(await grantToken())],
      ['POST', '/change', forged],
      ['HEAD', '/grants/g-1/check', forged],
    ] as const) {
      const res = await send(app, method, path, headers);
      expect(res.status).toBe(401);
      if (method !== 'HEAD') expect(await errorCode(res)).toBe('grant_token_not_allowed');
    }
    // Where it is allowed, the forged one fails its verification.
    const events = await send(app, 'POST', '/grants/g-1/events', forged);
    expect([events.status, await errorCode(events)]).toEqual([401, 'token_bad_signature']);
    expect(await failures()).toEqual([...Array(3).fill('grant_token_not_allowed'), 'token_bad_signature']);
  });

  it('accepts an expired grant token for late event reports only', async () => {
    const app = bareApp();
    const expired = bearer(await grantToken('2026-11-23T09:00:00.000Z'));
    expect((await send(app, 'POST', '/grants/g-1/events', expired)).status).toBe(200);
    const check = await send(app, 'GET', '/grants/g-1/check', expired);
    expect([check.status, await errorCode(check)]).toEqual([401, 'token_expired']);
    expect(await failures()).toEqual(['token_expired']);
  });

  it("finds a route's consent through a mounted sub-app with its own onError", async () => {
    const tools = new Hono<AppEnv & GrantTokenEnv>().get('/grants/:id/check', allowGrantToken({ deps, keys }), seen);
    tools.onError(renderError(deps.logger));
    const app = new Hono<AppEnv>();
    app.onError(renderError(deps.logger));
    app.use('*', authenticate({ deps, sessions, authMode: 'hosts' }));
    app.route('/v1', tools);
    const res = await send(app, 'GET', '/v1/grants/g-1/check', bearer(await grantToken()));
    expect(await res.json()).toMatchObject({ auth: { via: 'grant_token' }, grantToken: { gid: 'g-1' } });
  });
});
