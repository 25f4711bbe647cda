import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const DIST = fileURLToPath(new URL('../../dist/extension/', import.meta.url));
const json = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const issuePaths = (body: any) => (body.error.issues as { path: string }[]).map((i) => i.path);

describe.each(testDialects)('the edge on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const authFailures = async () => {
    const row = await t.db
      .selectFrom('auth_failures')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const stored = async () => ({ ...(await t.counts()), auth_failures: await authFailures() });

  it('refuses NUL characters with 400 naming the field before sign-in or storage, writing nothing', async () => {
    const before = await stored();
    const closed = json('{"ticket_id":1,"status":"solved"}');
    const hook = await t.app.request('/hooks/zendesk/acme%00/ticket-updated', closed);
    expect(hook.status).toBe(400);
    expect(issuePaths(await hook.json())).toEqual(['path']);
    const bearer = await t.app.request('/v1/grants/g%00', { headers: { authorization: 'Bearer junk' } });
    expect(issuePaths(await bearer.json())).toEqual(['path']); // refused before a refusal is recorded
    const customer = await t.call('lead-lee', 'GET', '/v1/customers/18%0042/access');
    expect(customer.status).toBe(400);
    expect(issuePaths(customer.body)).toEqual(['path']);
    const search = await t.call('lead-lee', 'GET', '/v1/grants?requesterId=agent-ann%00');
    expect(search.status).toBe(400);
    expect(issuePaths(search.body)).toEqual(['query.requesterId']);
    const withNul = seedRequest({ reason: `${seedRequest().reason}\u0000` });
    const request = await t.call('agent-ann', 'POST', '/v1/grants', withNul);
    expect(request.status).toBe(400);
    expect(issuePaths(request.body)).toEqual(['body.reason']);
    expect(await stored()).toEqual(before);
    // The same request without the NUL goes through, so the refusal above was the NUL's.
    expect((await t.call('agent-ann', 'POST', '/v1/grants', seedRequest())).status).toBe(201);
  });

  it('refuses an oversized sign-in or location-page body with 413 before the handler runs', async () => {
    const control = await t.app.request('/auth/zendesk/session', json('{"token":"junk"}'));
    expect(control.status).toBe(401); // a refused sign-in the handler records
    const before = await stored();
    const big = JSON.stringify({ token: 'x'.repeat(17 * 1024) });
    const session = await t.app.request('/auth/zendesk/session', json(big, { 'content-length': String(big.length) }));
    expect(session.status).toBe(413);
    expect(await session.json()).toEqual({
      error: { code: 'body_too_large', message: 'Request body is larger than the 16 KB this route accepts' },
    });
    const form = new URLSearchParams({ token: 'x'.repeat(17 * 1024) });
    const page = await t.app.request('/zendesk/sidebar', { method: 'POST', body: form });
    expect(page.status).toBe(413);
    expect(page.headers.get('content-type')).toContain('application/json');
    expect(await stored()).toEqual(before);
  });

  it('reads the largest legitimate event batch (1000 events) and refuses one over 1 MB', async () => {
    const { body: grant } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/start`);
    const fields = Array.from({ length: 20 }, (_, i) => `refunds.column_${i}`);
    const events = Array.from({ length: 1000 }, (_, i) => ({
      id: `evt-${String(i).padStart(8, '0')}`,
      kind: 'query',
      target: `billing-db.refunds #${9000 + i}`,
      fields,
      recordCount: 3,
      queryName: 'refund-by-id',
      customerId: '1842',
      occurredAt: t.clock.iso(),
    }));
    const batch = JSON.stringify({ events });
    expect(batch.length).toBeGreaterThan(500 * 1024);
    const accepted = await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/events`, batch);
    expect(accepted).toMatchObject({ status: 202, body: { accepted: 1000 } });
    const before = await stored();
    const over = JSON.stringify({ events: [{ kind: 'view', target: 'x'.repeat(1024 * 1024) }] });
    expect((await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/events`, over)).status).toBe(413);
    expect(await stored()).toEqual(before);
  });

  it('limits refused sign-ins and refused tokens per address: 429 with Retry-After, nothing recorded', async () => {
    const limits = { signInRefusalsPerMinute: 2, apiRefusalsPerMinute: 3 };
    const app = createApp(t.deps, { authMode: 'hosts', edge: { limits } });
    const signIn = () => app.request('/auth/zendesk/session', json('{"token":"junk"}'));
    expect([(await signIn()).status, (await signIn()).status]).toEqual([401, 401]);
    const recorded = await authFailures();
    const limited = await signIn();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({
      error: { code: 'rate_limited', message: expect.stringContaining('refused sign-ins') },
    });
    const signedPage = { method: 'POST', body: new URLSearchParams({ token: 'junk' }) };
    expect((await app.request('/zendesk/sidebar', signedPage)).status).toBe(429);

    const api = () => app.request('/v1/settings', { headers: { authorization: 'Bearer junk' } });
    for (let i = 0; i < 3; i++) expect((await api()).status).toBe(401);
    expect((await api()).status).toBe(429);
    expect(await authFailures()).toBe(recorded + 3);
    t.clock.advance(1);
    expect((await signIn()).status).toBe(401);
  });
});

describe('the edge: headers, sign-in rate, paths, compression (sqlite)', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext('sqlite');
  });
  afterEach(async () => {
    await t.close();
  });

  const csp = (res: Response) => res.headers.get('content-security-policy') ?? '';
  const sidebarHtml = () => readFileSync(`${DIST}sidebar.html`, 'utf8');
  const sidebarScript = () => /src="(\/assets\/sidebar-[^"]+\.js)"/.exec(sidebarHtml())![1]!;
  const framedBy = [
    ['/zendesk/sidebar', 'https://*.zendesk.com'],
    ['/zendesk/console', 'https://*.zendesk.com'],
    ['/sidebar', "'self'"],
    ['/console', "'self'"],
  ] as const;

  it('frames each page only where it belongs, with a CSP nonce on the boot script', async () => {
    for (const [path, ancestors] of framedBy) {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      expect(csp(res)).toContain(`frame-ancestors ${ancestors}`);
      const nonce = /<script nonce="([^"]+)">window.__TA_BOOT__/.exec(await res.text())?.[1];
      expect(csp(res)).toContain(`script-src 'self' 'nonce-${nonce}'`);
    }
  });

  it('sends nosniff on JSON, assets and errors, and HSTS only with the production option', async () => {
    for (const path of ['/healthz', sidebarScript(), '/v1/nope', '/openapi.json']) {
      const res = await t.app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const production = createApp(t.deps, { authMode: 'dev', edge: { hsts: true } });
    const hsts = (await production.request('/healthz')).headers.get('strict-transport-security');
    expect(hsts).toBe('max-age=31536000; includeSubDomains');
  });

  it('limits sign-in requests per address with 429 and Retry-After', async () => {
    const app = createApp(t.deps, { authMode: 'dev', edge: { limits: { signInsPerMinute: 3 } } });
    for (let i = 0; i < 3; i++) expect((await app.request('/zendesk/sidebar')).status).toBe(200);
    const limited = await app.request('/zendesk/sidebar');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await app.request('/sidebar')).status).toBe(200); // the standalone page signs nobody in
  });

  it('answers malformed percent-encoding with 400 (or 401 in a session cookie), never 500', async () => {
    for (const path of ['/assets/%E0%A4%A', '/v1/grants/%E0%A4%A', '/zendesk/%ZZ', '/%C0']) {
      expect((await t.app.request(path, { headers: { 'x-dev-user': 'agent-ann' } })).status).toBe(400);
    }
    const cookie = await t.app.request('/v1/settings', { headers: { cookie: 'ta_session=%E0%A4%A' } });
    expect(cookie.status).toBe(401);
    expect(t.logged).toEqual([]);
  });

  it('serves scripts and pages brotli or gzip by Accept-Encoding, decompressing to the same bytes', async () => {
    const path = sidebarScript();
    const raw = readFileSync(`${DIST}${path.slice(1)}`);
    const br = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect([br.headers.get('content-encoding'), br.headers.get('vary')]).toEqual(['br', 'Accept-Encoding']);
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(raw.length / 2);
    expect(brotliDecompressSync(brBody)).toEqual(raw);
    const gz = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer()))).toEqual(raw);
    const plain = await t.app.request(path);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer())).toEqual(raw);

    const page = await t.app.request('/sidebar', { headers: { 'accept-encoding': 'br' } });
    expect(page.headers.get('content-encoding')).toBe('br');
    const html = brotliDecompressSync(Buffer.from(await page.arrayBuffer())).toString();
    expect(html).toContain(path);
    expect(html).toContain('window.__TA_BOOT__');
    expect(readdirSync(`${DIST}assets`).some((f) => f.endsWith('.br'))).toBe(true);
  });

  it('compresses large API reads but not the close check', async () => {
    const docs = await t.app.request('/openapi.json', { headers: { 'accept-encoding': 'br' } });
    expect(docs.headers.get('content-encoding')).toBe('br');
    const spec = JSON.parse(brotliDecompressSync(Buffer.from(await docs.arrayBuffer())).toString());
    expect(spec).toMatchObject({ openapi: '3.1.0' });
    const headers = { 'x-dev-user': 'agent-ann', 'accept-encoding': 'br' };
    const check = await t.app.request('/v1/tickets/48271/close-check', { headers });
    expect(check.headers.get('content-encoding')).toBeNull();
    expect(await check.json()).toMatchObject({ canClose: true });
  });
});
