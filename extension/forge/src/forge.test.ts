import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '@forge/manifest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../server/app.js';
import { registerTenantHost } from '../../../server/auth/tenant-hosts.js';
import {
  PANEL_MODULE,
  startForgeJwks,
  TEST_APP_ARI,
  TEST_CLOUD_ID,
  TRIGGER_MODULE,
} from '../../../server/test/forge-fixtures.js';
import { createTestContext, seedRequest, type TestContext } from '../../../server/test/test-app.js';
import { testDialects } from '../../../server/test/test-db.js';
import type { Backend } from './backend.js';
import { createResolverHandlers } from './resolver-handlers.js';
import { createIssueTrigger } from './trigger.js';
import { createValidator } from './validator.js';

const forgeDir = fileURLToPath(new URL('..', import.meta.url));
const errorsOf = async (manifest: string) =>
  ((await validate(false, manifest)).errors ?? []).filter((e) => e.level === 'error');

describe('manifest.yml', () => {
  it('validates offline with @forge/manifest: zero errors', async () => {
    expect(await errorsOf(join(forgeDir, 'manifest.yml'))).toEqual([]);
  });

  it.each([
    [
      'a validator pointing at a function that does not exist',
      (m: string) => m.replace('      function: validate\n  trigger', '      function: no-such-function\n  trigger'),
    ],
    [
      'a panel without its resource',
      (m: string) => m.replace('      resource: panel\n', '      resource: missing-resource\n'),
    ],
    ['an unknown module type', (m: string) => m.replace('  jira:workflowValidator:', '  jira:workflowValidatorr:')],
  ])('catches a broken copy: %s', async (_label, breakIt) => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-manifest-'));
    cpSync(join(forgeDir, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(forgeDir, 'static'), join(dir, 'static'), { recursive: true });
    copyFileSync(join(forgeDir, 'manifest.yml'), join(dir, 'manifest.yml'));
    expect(await errorsOf(join(dir, 'manifest.yml'))).toEqual([]); // the copy itself is fine
    writeFileSync(join(dir, 'manifest.yml'), breakIt(readFileSync(join(dir, 'manifest.yml'), 'utf8')));
    expect((await errorsOf(join(dir, 'manifest.yml'))).length).toBeGreaterThan(0);
  });
});

describe.each(testDialects)('Forge functions against the real backend on %s', (dialect) => {
  let forge: Awaited<ReturnType<typeof startForgeJwks>>;
  let t: TestContext;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    forge = await startForgeJwks();
  });
  afterAll(async () => {
    await forge.close();
  });
  beforeEach(async () => {
    t = await createTestContext(dialect, new Date().toISOString());
    app = createApp(
      { ...t.deps, now: () => new Date() },
      {
        authMode: 'hosts',
        forge: { appAri: TEST_APP_ARI, jwksUrl: forge.jwksUrl, triggerModuleKeys: [TRIGGER_MODULE.key] },
      },
    );
    await registerTenantHost(t.db, {
      tenant: TEST_CLOUD_ID,
      host: 'jira',
      hostKey: `jira:${TEST_CLOUD_ID}`,
      name: 'Globex Jira',
      config: {},
      ticketUrlTemplate: 'https://globex.atlassian.net/browse/{ticketId}',
    });
    const settings = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    await t.db
      .insertInto('settings')
      .values({
        tenant: TEST_CLOUD_ID,
        value: JSON.stringify({ ...settings, approvers: ['acc-lead'] }),
        updated_at: t.clock.iso(),
        updated_by: null,
      })
      .execute();
  });
  afterEach(async () => {
    await t.close();
  });

  /**
   * What `invokeRemote` does in Forge: the call arrives with a Forge Invocation Token for the user
   * (none for a trigger, which may carry no principal) and the module that invoked.
   */
  const backendAs =
    (principal: string | null, module = PANEL_MODULE): Backend =>
    async ({ path, method, body }) => {
      const res = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${await forge.sign({ principal, module })}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
  const eng = () => backendAs('acc-eng');
  const triggerBackend = () => backendAs(null, TRIGGER_MODULE);
  const statusOf = async (id: string) =>
    ((await eng()({ method: 'GET', path: `/v1/grants/${id}` })).body as { status: string }).status;

  async function openGrant(issueKey = 'SUP-7') {
    const created = await eng()({ method: 'POST', path: '/v1/grants', body: seedRequest({ ticketId: issueKey }) });
    expect(created.status).toBe(201);
    return (created.body as { id: string }).id;
  }

  it('validator: refuses Done while a grant is open, naming it; allows it once access ended', async () => {
    const validate = createValidator(eng());
    expect(await validate({ issue: { key: 'SUP-7' } })).toEqual({ result: true });
    const id = await openGrant();
    const refused = await validate({ issue: { key: 'SUP-7' } });
    expect(refused.result).toBe(false);
    // By the requester's name and the state, with what ends it (the grant id is no help to a person).
    expect(refused.errorMessage).not.toContain(id);
    expect(refused.errorMessage).toMatch(/acc-eng's request for customer 1842 is waiting for approval — withdraw it/);
    await backendAs('acc-lead')({ method: 'POST', path: `/v1/grants/${id}/approve`, body: {} });
    await eng()({ method: 'POST', path: `/v1/grants/${id}/start` });
    expect((await validate({ issue: { key: 'SUP-7' } })).errorMessage).toMatch(/active.*end it with an outcome note/);
    await eng()({
      method: 'POST',
      path: `/v1/grants/${id}/end`,
      body: { outcome: { summary: 'Checked the refund', changedData: false, exposedBeyondScope: false } },
    });
    expect(await validate({ issue: { key: 'SUP-7' } })).toEqual({ result: true });
  });

  it('validator: fails closed with a clear message when the backend hangs or errs', async () => {
    const hung: Backend = () => new Promise(() => {});
    const started = Date.now();
    const slow = await createValidator(hung, 200)({ issue: { key: 'SUP-7' } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(slow).toEqual({ result: false, errorMessage: expect.stringMatching(/did not answer in time/) });
    const broken = await createValidator(async () => ({ status: 401, body: {} }))({ issue: { key: 'SUP-7' } });
    expect(broken).toMatchObject({
      result: false,
      errorMessage: expect.stringMatching(/refused the check \(HTTP 401\)/),
    });
  });

  it('trigger: an issue moved to Done elsewhere has its open grants revoked and flagged; other updates are ignored', async () => {
    const id = await openGrant();
    const trigger = createIssueTrigger(triggerBackend());
    const notDone = await trigger({
      issue: { key: 'SUP-7', fields: { status: { name: 'In Review', statusCategory: { key: 'indeterminate' } } } },
      changelog: { items: [{ field: 'status', fromString: 'Open', toString: 'In Review' }] },
    });
    expect(notDone).toEqual({ reported: false, revoked: [] });
    const noStatusChange = await trigger({
      issue: { key: 'SUP-7', fields: { status: { statusCategory: { key: 'done' } } } },
      changelog: { items: [{ field: 'summary' }] },
    });
    expect(noStatusChange.reported).toBe(false);
    const done = await trigger({
      issue: { key: 'SUP-7', fields: { status: { name: 'Done', statusCategory: { key: 'done' } } } },
      changelog: { items: [{ field: 'status', fromString: 'In Progress', toString: 'Done' }] },
    });
    expect(done).toEqual({ reported: true, revoked: [id] });
    const grant = (await eng()({ method: 'GET', path: `/v1/grants/${id}` })).body as {
      status: string;
      flags: Array<{ code: string; reason: string }>;
    };
    expect(grant.status).toBe('revoked');
    expect(grant.flags).toMatchObject([
      { code: 'ticket_closed_while_open', reason: expect.stringContaining('jira: In Progress → Done') },
    ]);
    // The same trigger code behind the panel's token (a user's) is refused: only the trigger reports.
    const second = await openGrant('SUP-8');
    const asPanel = await createIssueTrigger(eng())({
      issue: { key: 'SUP-8', fields: { status: { name: 'Done', statusCategory: { key: 'done' } } } },
      changelog: { items: [{ field: 'status', fromString: 'Open', toString: 'Done' }] },
    });
    expect(asPanel).toEqual({ reported: false, revoked: [] });
    expect(await statusOf(second)).toBe('pending');
    await expect(
      createIssueTrigger(async () => ({ status: 503, body: {} }))({
        issue: { key: 'SUP-7', fields: { status: { statusCategory: { key: 'done' } } } },
        changelog: { items: [{ field: 'status' }] },
      }),
    ).rejects.toThrow(/503/);
  });

  it("resolver: proxies the panel's API calls as the signed-in Jira user, and nothing else", async () => {
    const postComment = vi.fn(async () => ({ status: 201 }));
    let backendCalls = 0;
    const resolver = createResolverHandlers(async (request) => {
      backendCalls += 1;
      return eng()(request);
    }, postComment);
    expect(await resolver.api({ method: 'GET', path: '/v1/me' })).toEqual({
      status: 200,
      body: { user: { tenant: TEST_CLOUD_ID, id: 'acc-eng', name: 'acc-eng', email: '', role: 'agent' } },
    });
    const created = await resolver.api({
      method: 'POST',
      path: '/v1/grants',
      body: seedRequest({ ticketId: 'SUP-9' }),
    });
    expect(created).toMatchObject({
      status: 201,
      body: { tenant: TEST_CLOUD_ID, ticket: { id: 'SUP-9', url: 'https://globex.atlassian.net/browse/SUP-9' } },
    });
    expect((await resolver.api({ method: 'GET', path: '/auth/logout' })).status).toBe(400);
    expect((await resolver.api({ method: 'DELETE', path: '/v1/grants/x' })).status).toBe(400);
    expect((await resolver.api({ method: 'GET', path: '//evil.example/v1/me' })).status).toBe(400);
    expect(backendCalls).toBe(2); // the refused paths never reached the backend
    expect(await resolver.postComment({ issueKey: 'SUP-9', text: 'Outcome: checked the refund' })).toEqual({
      ok: true,
      status: 201,
    });
    expect(postComment).toHaveBeenCalledWith('SUP-9', 'Outcome: checked the refund');
  });

  it('resolver: refuses the close report, however the path is spelt, and never forwards it', async () => {
    const id = await openGrant('SUP-9');
    let forwarded = 0;
    const counting: Backend = async (request) => {
      forwarded += 1;
      return eng()(request);
    };
    const resolver = createResolverHandlers(
      counting,
      vi.fn(async () => ({ status: 201 })),
    );
    const before = await t.counts();
    for (const path of [
      '/v1/tickets/SUP-9/closed',
      '/v1/tickets/SUP-9/closed/',
      '/v1/tickets/SUP-9/closed?x=1',
      '/v1/tickets/SUP-9/%63losed',
      '/v1/tickets/SUP-9/CLOSED',
      '/v1/tickets/x/../SUP-9/closed',
      '/v1/grants/../tickets/SUP-9/closed',
      '/v1/tickets/SUP-9%2Fclosed',
    ]) {
      const res = await resolver.api({ method: 'POST', path, body: { status: 'done', via: 'panel' } });
      expect(res.status, path).toBe(403);
      expect((res.body as { error: { code: string } }).error.code).toBe('close_report_not_from_host');
    }
    expect(forwarded).toBe(0);
    expect(await t.counts()).toEqual(before);
    // Without the resolver's check the server refuses the panel's token all the same.
    const body = { status: 'done', via: 'x' };
    const direct = await eng()({ method: 'POST', path: '/v1/tickets/SUP-9/closed', body });
    expect(direct.status).toBe(403);
    expect(await statusOf(id)).toBe('pending');
  });
});
