import { Hono } from 'hono';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_EVENTS_MAX_BYTES } from '../../shared/grants.js';
import { createApp } from '../app.js';
import { listen } from '../test/listen.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import {
  createReporter,
  ticketedAccess,
  ticketedAccessNode,
  type Reporter,
  type TicketedAccessVariables,
} from './index.js';
import { MAX_BATCH_BYTES } from './reporter.js';

describe.each(testDialects)('the connector for internal tools, against a real server on %s', (dialect) => {
  let t: TestContext;
  let server: Awaited<ReturnType<typeof listen>>;
  let taApp: ReturnType<typeof createApp>;
  let queueFile: string;
  let reporter: Reporter;

  beforeEach(async () => {
    t = await createTestContext(dialect, new Date().toISOString());
    taApp = createApp({ ...t.deps, now: () => new Date() }, { authMode: 'dev' });
    server = await listen(taApp);
    queueFile = join(mkdtempSync(join(tmpdir(), 'ta-queue-')), 'queue.jsonl');
    reporter = createReporter({ serverUrl: server.url, queueFile, retryBaseMs: 10 });
  });
  afterEach(async () => {
    reporter.stop();
    await server.close();
    await t.close();
  });

  const api = async (user: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { 'x-dev-user': user, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  async function activeGrantToken() {
    const { body: grant } = await api('agent-ann', 'POST', '/v1/grants', seedRequest());
    await api('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {});
    await api('agent-ann', 'POST', `/v1/grants/${grant.id}/start`);
    const { body } = await api('agent-ann', 'POST', `/v1/grants/${grant.id}/token`);
    return { grantId: grant.id as string, token: body.token as string };
  }

  /** A small admin tool: refunds by customer, guarded. */
  function tool(serverUrl = server.url) {
    return new Hono<{ Variables: TicketedAccessVariables }>()
      .use(
        '/customers/:customerId/*',
        ticketedAccess({ serverUrl, reporter, statusCacheMs: 0, customerOf: (c) => c.req.param('customerId') }),
      )
      .get('/customers/:customerId/refunds/:refundId', (c) => {
        c.var.recordView({
          kind: 'view',
          target: `refund ${c.req.param('refundId')}`,
          fields: ['refund_status', 'gateway_response_code'],
          recordCount: 1,
        });
        return c.json({ refund: c.req.param('refundId'), status: 'failed', gateway_response_code: '54' });
      })
      .get('/customers/:customerId/profile', (c) => c.json({ customer: c.req.param('customerId') }));
  }
  const get = (app: ReturnType<typeof tool>, path: string, token?: string) =>
    app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const storedEvents = async (grantId: string) =>
    (await api('agent-ann', 'GET', `/v1/grants/${grantId}`)).body.accessEvents as Array<{
      target: string;
      source: string;
      accepted: boolean;
      fields: string[];
    }>;

  it('refuses without a grant token, with a bad one, or for another customer', async () => {
    const { token } = await activeGrantToken();
    const app = tool();
    expect((await (await get(app, '/customers/1842/profile')).json()).error.code).toBe('grant_token_missing');
    expect((await get(app, '/customers/1842/profile', 'not-a-token')).status).toBe(401);
    const other = await get(app, '/customers/2207/profile', token);
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatchObject({
      code: 'outside_grant_scope',
      message: 'This grant covers customer 1842 only',
    });
    expect(reporter.pendingCount()).toBe(0);
  });

  it('serves during an active grant and reports what each request viewed', async () => {
    const { grantId, token } = await activeGrantToken();
    const app = tool();
    expect((await get(app, '/customers/1842/refunds/9912', token)).status).toBe(200);
    expect((await get(app, '/customers/1842/profile', token)).status).toBe(200);
    expect(await reporter.flush()).toEqual({ delivered: 2, pending: 0, dead: 0 });
    expect(await storedEvents(grantId)).toMatchObject([
      {
        target: 'refund 9912',
        fields: ['refund_status', 'gateway_response_code'],
        source: 'grant_token',
        accepted: true,
      },
      { target: 'GET /customers/1842/profile', source: 'grant_token', accepted: true },
    ]);
  });

  it('stops serving as soon as the grant is revoked or ended', async () => {
    const { grantId, token } = await activeGrantToken();
    const app = tool();
    expect((await get(app, '/customers/1842/profile', token)).status).toBe(200);
    await api('lead-lee', 'POST', `/v1/grants/${grantId}/revoke`, { reason: 'Customer asked us to stop' });
    const res = await get(app, '/customers/1842/profile', token);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('grant_not_active');
  });

  it('keeps events through a server outage and a tool restart, then delivers each exactly once', async () => {
    const { grantId, token } = await activeGrantToken();
    const app = tool();
    expect((await get(app, '/customers/1842/refunds/1', token)).status).toBe(200); // warms the JWKS cache
    await reporter.flush();

    await server.close(); // Ticketed Access goes down
    for (const id of ['2', '3', '4']) expect((await get(app, `/customers/1842/refunds/${id}`, token)).status).toBe(200);
    expect(await reporter.flush()).toMatchObject({ delivered: 0, pending: 3 });

    reporter.stop();
    const restarted = createReporter({ serverUrl: server.url, queueFile, retryBaseMs: 10 }); // the tool restarts
    expect(restarted.pendingCount()).toBe(3);

    server = await listen(taApp, server.port); // Ticketed Access is back
    restarted.start();
    await expect.poll(() => restarted.pendingCount(), { timeout: 5_000 }).toBe(0);
    restarted.stop();
    expect((await storedEvents(grantId)).map((e) => e.target)).toEqual([
      'refund 1',
      'refund 2',
      'refund 3',
      'refund 4',
    ]);
  });

  it('never duplicates a batch whose answer was lost after the server stored it', async () => {
    const { grantId, token } = await activeGrantToken();
    let lost = 0;
    // A flaky proxy: forwards the first delivery to the server, then answers 502 as if it timed out.
    const proxy = await listen(
      new Hono().all('*', async (c) => {
        const res = await fetch(server.url + c.req.path, {
          method: c.req.method,
          headers: c.req.raw.headers,
          body: await c.req.text(),
        });
        if (c.req.method === 'POST' && lost === 0) {
          lost += 1;
          return c.json({ error: 'upstream timeout' }, 502);
        }
        return res;
      }),
    );
    const flaky = createReporter({ serverUrl: proxy.url, queueFile: `${queueFile}.flaky`, retryBaseMs: 10 });
    for (const n of [1, 2, 3]) flaky.report(token, grantId, { kind: 'view', target: `refund ${n}` });
    expect(await flaky.flush()).toMatchObject({ delivered: 0, pending: 3 });
    expect(await flaky.flush()).toMatchObject({ delivered: 3, pending: 0 });
    await proxy.close();
    expect((await storedEvents(grantId)).map((e) => e.target)).toEqual(['refund 1', 'refund 2', 'refund 3']);
    expect((await api('agent-ann', 'GET', `/v1/grants/${grantId}`)).body.eventCount).toBe(3);
  });

  it("splits batches at the server's body limit: wide events are delivered, not refused with 413", async () => {
    expect(MAX_BATCH_BYTES).toBe(ACCESS_EVENTS_MAX_BYTES);
    const { grantId, token } = await activeGrantToken();
    // The widest event the schema allows: 500 fields of 200 characters, about 100 KB each.
    const fields = Array.from({ length: 500 }, (_, i) => `column_${i}_`.padEnd(200, 'x'));
    for (let n = 0; n < 12; n++) reporter.report(token, grantId, { kind: 'view', target: `wide table ${n}`, fields });
    expect(await reporter.flush()).toEqual({ delivered: 12, pending: 0, dead: 0 });
    expect((await api('agent-ann', 'GET', `/v1/grants/${grantId}`)).body.eventCount).toBe(12);
  });

  it('keeps events that arrive after the grant ended, flagged as shadow access', async () => {
    const { grantId, token } = await activeGrantToken();
    await api('agent-ann', 'POST', `/v1/grants/${grantId}/end`, {
      outcome: { summary: 'Done', changedData: false, exposedBeyondScope: false },
    });
    const late = await fetch(`${server.url}/v1/grants/${grantId}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            id: 'evt-after-end-1',
            kind: 'view',
            target: 'refund 9912',
            occurredAt: new Date(Date.now() + 60_000).toISOString(),
          },
        ],
      }),
    });
    expect(late.status).toBe(202);
    expect(await late.json()).toMatchObject({ accepted: 0, shadow: 1 });
    const grant = (await api('lead-lee', 'GET', `/v1/grants/${grantId}`)).body;
    expect(grant.flags.map((f: { code: string }) => f.code)).toContain('shadow_access');
    expect(grant.accessEvents).toMatchObject([{ target: 'refund 9912', accepted: false, source: 'grant_token' }]);
    // A grant token does nothing else.
    const other = await fetch(`${server.url}/v1/settings`, { headers: { authorization: `Bearer ${token}` } });
    expect((await other.json()).error.code).toBe('grant_token_not_allowed');
  });

  it('guards a plain Node http (or Express) tool the same way', async () => {
    const { grantId, token } = await activeGrantToken();
    const guard = ticketedAccessNode({
      serverUrl: server.url,
      reporter,
      statusCacheMs: 0,
      customerOf: (req) => /\/customers\/([^/]+)/.exec(req.url ?? '')?.[1],
    });
    const http = createServer((req, res) =>
      guard(req, res, () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/customers/1842/orders`, { headers: { 'x-grant-token': token } })).status).toBe(200);
    expect((await fetch(`${base}/customers/3120/orders`, { headers: { 'x-grant-token': token } })).status).toBe(403);
    expect((await fetch(`${base}/customers/1842/orders`)).status).toBe(401);
    await new Promise((resolve) => http.close(resolve));
    await reporter.flush();
    expect((await storedEvents(grantId)).map((e) => e.target)).toEqual(['GET /customers/1842/orders']);
  });
});
