import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { listen } from '../test/listen.js';
import { registerTenantHost } from './tenant-hosts.js';

const APP_ARI = 'ari:cloud:ecosystem::app/8a6c3b1e-1111-4222-8333-944455556666';
const CLOUD_ID = 'c0ffee00-0000-4000-8000-000000000001';

// A local JWKS (standing in for Forge's CDN) and a local Jira REST stand-in for user and groups.
let published: JWK[] = [];
let jwksFetches = 0;
const jwksApp = new Hono().get('/.well-known/jwks.json', (c) => {
  jwksFetches += 1;
  return c.json({ keys: published });
});
const jira = new Hono().get('/rest/api/3/user', (c) => {
  if (c.req.header('authorization') !== 'Bearer system-token') return c.json({}, 401);
  const accountId = c.req.query('accountId');
  const groups = accountId === 'acc-lead' ? [{ name: 'support-leads' }] : [{ name: 'jira-software-users' }];
  return c.json({
    accountId,
    displayName: accountId === 'acc-lead' ? 'Lena Lead' : 'Jo Engineer',
    emailAddress: `${accountId}@globex.example`,
    groups: { items: groups },
  });
});

let jwksServer: Awaited<ReturnType<typeof listen>>;
let jiraServer: Awaited<ReturnType<typeof listen>>;
let forgeKey: { privateKey: CryptoKey; publicKey: CryptoKey };
let rotatedKey: { privateKey: CryptoKey; publicKey: CryptoKey };
let publicPem = '';

beforeAll(async () => {
  [jwksServer, jiraServer] = await Promise.all([listen(jwksApp), listen(jira)]);
  forgeKey = await generateKeyPair('RS256', { extractable: true });
  rotatedKey = await generateKeyPair('RS256', { extractable: true });
  publicPem = JSON.stringify(await exportJWK(forgeKey.publicKey));
});
afterAll(async () => {
  await Promise.all([jwksServer.close(), jiraServer.close()]);
});

interface FitOptions {
  kid?: string;
  key?: CryptoKey;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  cloudId?: string;
  /** `null`: no principal, as a trigger's token may come. */
  principal?: string | null;
  /** `app.module.key`: the module that invoked (the issue panel unless told). */
  module?: string;
}

const PANEL = 'ticketed-access-panel';
const TRIGGER = 'ticketed-access-issue-updated';

function fit(o: FitOptions = {}) {
  const now = Math.floor(Date.parse('2026-11-23T10:00:00Z') / 1000);
  const module = o.module ?? PANEL;
  const jwt = new SignJWT({
    ...(o.principal === null ? {} : { principal: o.principal ?? 'acc-eng' }),
    app: {
      id: APP_ARI,
      installationId: 'ari:cloud:ecosystem::installation/1',
      apiBaseUrl: jiraServer.url,
      module: { type: module === TRIGGER ? 'core:trigger' : 'jira:issuePanel', key: module },
    },
    context: { cloudId: o.cloudId ?? CLOUD_ID, moduleKey: module },
  })
    .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? 'forge-1' })
    .setIssuer(o.iss ?? 'forge/invocation-token')
    .setAudience(o.aud ?? APP_ARI)
    .setIssuedAt(now)
    .setExpirationTime(o.exp ?? now + 60);
  if (o.nbf) jwt.setNotBefore(o.nbf);
  return jwt.sign(o.key ?? forgeKey.privateKey);
}

describe.each(testDialects)('Forge invocation tokens on %s', (dialect) => {
  let t: TestContext;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    published = [{ ...(await exportJWK(forgeKey.publicKey)), kid: 'forge-1', alg: 'RS256', use: 'sig' }];
    t = await createTestContext(dialect);
    app = hostsApp([TRIGGER]);
    await registerTenantHost(
      t.db,
      {
        tenant: CLOUD_ID,
        host: 'jira',
        hostKey: `jira:${CLOUD_ID}`,
        name: 'Globex Jira',
        config: {},
        ticketUrlTemplate: 'https://globex.atlassian.net/browse/{ticketId}',
      },
      t.clock.iso(),
    );
    const settings = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const roleMapping = {
      ...settings.roleMapping,
      jira: { groups: { 'support-leads': 'lead' }, defaultRole: 'agent' },
    };
    await t.db
      .insertInto('settings')
      .values({
        tenant: CLOUD_ID,
        value: JSON.stringify({ ...settings, approvers: ['acc-lead'], roleMapping }),
        updated_at: t.clock.iso(),
        updated_by: null,
      })
      .execute();
  });
  afterEach(async () => {
    await t.close();
  });

  const hostsApp = (triggerModuleKeys: string[]) =>
    createApp(t.deps, {
      authMode: 'hosts',
      forge: { appAri: APP_ARI, jwksUrl: `${jwksServer.url}/.well-known/jwks.json`, triggerModuleKeys },
      forgeJwksCooldownMs: 0,
    });

  const call = (token: string, path: string, init: RequestInit = {}, system = true) =>
    app.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(system ? { 'x-forge-oauth-system': 'system-token' } : {}),
      },
    });

  it('accepts a valid FIT: principal is the user, the cloudId the tenant, groups give the role', async () => {
    const me = await (await call(await fit(), '/v1/me')).json();
    expect(me.user).toEqual({
      tenant: CLOUD_ID,
      id: 'acc-eng',
      name: 'Jo Engineer',
      email: 'acc-eng@globex.example',
      role: 'agent',
    });
    const lead = await (await call(await fit({ principal: 'acc-lead' }), '/v1/me')).json();
    expect(lead.user.role).toBe('lead');
    // Without the app system token the user still signs in, with the default role and the accountId as name.
    expect((await (await call(await fit(), '/v1/me', {}, false)).json()).user).toMatchObject({
      id: 'acc-eng',
      role: 'agent',
    });
  });

  it('issues Jira grants in the Jira tenant, never mixing with Zendesk/demo ones', async () => {
    const created = await (
      await call(await fit(), '/v1/grants', {
        method: 'POST',
        body: JSON.stringify(seedRequest({ ticketId: 'SUP-42' })),
      })
    ).json();
    expect(created).toMatchObject({
      tenant: CLOUD_ID,
      ticket: { id: 'SUP-42', url: 'https://globex.atlassian.net/browse/SUP-42' },
    });
    expect((await t.call('lead-lee', 'GET', '/v1/tickets/SUP-42/grants')).body.sessions).toEqual([]);
  });

  it.each<[string, () => Promise<string>, string]>([
    ['a bad signature', () => fit({ key: rotatedKey.privateKey }), 'token_bad_signature'],
    [
      'alg: none',
      async () =>
        new UnsecuredJWT({
          iss: 'forge/invocation-token',
          aud: APP_ARI,
          principal: 'acc-eng',
          exp: 1_900_000_000,
        }).encode(),
      'token_algorithm_refused',
    ],
    [
      'HS256 signed with the public key',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'forge-1' })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({ iss: 'forge/invocation-token', aud: APP_ARI, principal: 'acc-eng', exp: 1_900_000_000 }),
        ).toString('base64url');
        return `${header}.${payload}.${createHmac('sha256', publicPem).update(`${header}.${payload}`).digest('base64url')}`;
      },
      'token_algorithm_refused',
    ],
    ['an expired token', () => fit({ exp: Math.floor(Date.parse('2026-11-23T09:50:00Z') / 1000) }), 'token_expired'],
    [
      'a token not yet valid',
      () => fit({ nbf: Math.floor(Date.parse('2026-11-23T10:30:00Z') / 1000) }),
      'token_not_yet_valid',
    ],
    [
      'another app (wrong audience)',
      () => fit({ aud: 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000' }),
      'token_wrong_audience',
    ],
    ['a wrong issuer', () => fit({ iss: 'forge/something-else' }), 'token_wrong_issuer'],
    ['an unknown kid', () => fit({ kid: 'forge-unknown', key: rotatedKey.privateKey }), 'token_unknown_key'],
    [
      'a site that never installed the app',
      () => fit({ cloudId: 'c0ffee00-0000-4000-8000-00000000dead' }),
      'tenant_not_registered',
    ],
  ])('refuses %s with 401 and writes nothing else', async (_label, make, code) => {
    const before = await t.counts();
    const res = await call(await make(), '/v1/grants', { method: 'POST', body: JSON.stringify(seedRequest()) });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(code);
    expect(await t.counts()).toEqual(before);
    expect((await t.db.selectFrom('auth_failures').select('code').execute()).map((r) => r.code)).toEqual([code]);
  });

  it('picks up a rotated Forge key by refetching the JWKS on an unknown kid', async () => {
    expect((await call(await fit(), '/v1/me')).status).toBe(200);
    const fetchesBefore = jwksFetches;
    published = [
      ...published,
      { ...(await exportJWK(rotatedKey.publicKey)), kid: 'forge-2', alg: 'RS256', use: 'sig' },
    ];
    const res = await call(await fit({ kid: 'forge-2', key: rotatedKey.privateKey }), '/v1/me');
    expect(res.status).toBe(200);
    expect(jwksFetches).toBe(fetchesBefore + 1);
    expect((await call(await fit(), '/v1/me')).status).toBe(200);
    expect(jwksFetches).toBe(fetchesBefore + 1); // cached, not refetched for a known kid
  });

  describe('close reports', () => {
    const post = (token: string, path: string, body: unknown) =>
      call(token, path, { method: 'POST', body: JSON.stringify(body) });
    const closed = (token: string) =>
      post(token, '/v1/tickets/SUP-42/closed', { status: 'done', via: 'jira: In Progress → Done' });
    async function openGrant() {
      const res = await post(await fit(), '/v1/grants', seedRequest({ ticketId: 'SUP-42' }));
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    }
    const grant = async (id: string) =>
      (await (await call(await fit(), `/v1/grants/${id}`)).json()) as Record<string, unknown>;
    const refusedRows = () =>
      t.db.selectFrom('audit_events').selectAll().where('kind', '=', 'ticket.close_report_refused').execute();

    it("accepts the trigger's token, with or without a principal, and revokes the issue's open grants", async () => {
      const first = await openGrant();
      const res = await closed(await fit({ module: TRIGGER, principal: null }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ revoked: [first] });
      expect(await grant(first)).toMatchObject({
        status: 'revoked',
        endedBy: `forge:${TRIGGER}`,
        flags: [{ code: 'ticket_closed_while_open' }],
      });
      // A principal on the trigger's token changes nothing: it is still Jira's report, no role needed.
      const second = await openGrant();
      const withPrincipal = await closed(await fit({ module: TRIGGER, principal: 'acc-nobody' }));
      expect(await withPrincipal.json()).toEqual({ revoked: [second] });
    });

    it("refuses the panel's token (a user's) with 403, changes nothing and records the attempt", async () => {
      const id = await openGrant();
      const before = await t.counts();
      const res = await closed(await fit());
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('close_report_not_from_host');
      expect(await grant(id)).toMatchObject({ status: 'pending', flags: [] });
      expect(await t.counts()).toEqual({ ...before, audit_events: before.audit_events + 1 });
      const [refused] = await refusedRows();
      expect(refused).toMatchObject({ tenant: CLOUD_ID, actor_id: 'acc-eng', ticket_id: 'SUP-42' });
      expect(JSON.parse(refused!.data)).toMatchObject({ signedInVia: 'forge', forgeModuleKey: PANEL, role: 'agent' });
    });

    it('accepts only the configured trigger keys (FORGE_TRIGGER_MODULE_KEYS)', async () => {
      app = hostsApp(['some-other-trigger']);
      await openGrant();
      // Not a trigger here, so a token without principal is no one at all.
      const anonymous = await closed(await fit({ module: TRIGGER, principal: null }));
      expect((await anonymous.json()).error.code).toBe('token_invalid_claims');
      expect((await closed(await fit({ module: TRIGGER }))).status).toBe(403);
      expect((await closed(await fit({ module: 'some-other-trigger', principal: null }))).status).toBe(200);
    });

    it("lets the trigger's token do nothing else; one without principal from another module nothing", async () => {
      const before = await t.counts();
      const me = await call(await fit({ module: TRIGGER, principal: null }), '/v1/me');
      expect(me.status).toBe(403);
      expect((await me.json()).error.code).toBe('forge_trigger_not_allowed');
      const grants = await post(await fit({ module: TRIGGER }), '/v1/grants', seedRequest({ ticketId: 'SUP-42' }));
      expect(grants.status).toBe(403);
      const anonymous = await call(await fit({ principal: null }), '/v1/me');
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error.code).toBe('token_invalid_claims');
      expect(await t.counts()).toEqual(before);
    });
  });
});
