import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { renderError } from '../errors.js';
import { refuseNul } from './refuse-nul.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

function appBehindRefusal() {
  const handled: unknown[] = [];
  const app = new Hono();
  app.onError(renderError(quiet));
  app.use('*', refuseNul());
  app.get('*', (c) => c.json({ path: c.req.path, q: c.req.query() }));
  app.post('/json', async (c) => {
    handled.push(await c.req.json());
    return c.json({ ok: true });
  });
  app.post('/form', async (c) => {
    handled.push(await c.req.parseBody());
    return c.json({ ok: true });
  });
  app.post('/text', async (c) => {
    handled.push(await c.req.text());
    return c.json({ ok: true });
  });
  return { app, handled };
}

const issuesOf = async (res: Response) => {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
  expect(body.error.code).toBe('invalid_input');
  return body.error.issues.map((i) => i.path);
};
const json = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('refuseNul', () => {
  it('refuses a NUL in the decoded path, and malformed percent-encoding, naming the path', async () => {
    const { app } = appBehindRefusal();
    expect(await issuesOf(await app.request('/hooks/zendesk/acme%00/ticket-updated'))).toEqual(['path']);
    expect(await issuesOf(await app.request('/assets/%E0%A4%A'))).toEqual(['path']);
    expect((await app.request('/v1/customers/1842%2F1/access')).status).toBe(200); // %2F is no NUL
  });

  it('refuses a NUL in a query value or name, naming the parameter', async () => {
    const { app } = appBehindRefusal();
    expect(await issuesOf(await app.request('/v1/history?ticketId=48%0071&ok=1'))).toEqual(['query.ticketId']);
    expect(await issuesOf(await app.request('/v1/history?ti%00cket=1'))).toEqual(['query.ti\\u0000cket']);
    const ok = await app.request('/v1/history?ticketId=48271');
    expect(await ok.json()).toEqual({ path: '/v1/history', q: { ticketId: '48271' } });
  });

  it('refuses a NUL in any string or key of a JSON body, naming each, before the route reads it', async () => {
    const { app, handled } = appBehindRefusal();
    const body = JSON.stringify({ reason: 'a\u0000b', outcome: { changes: ['fine', 'x\u0000'] }, 'k\u0000': 1 });
    expect(await issuesOf(await app.request('/json', json(body)))).toEqual([
      'body.reason',
      'body.outcome.changes.1',
      'body.k\\u0000',
    ]);
    expect(handled).toEqual([]);
  });

  it('lets the route read a clean body as before, an escaped backslash-u0000 included', async () => {
    const { app, handled } = appBehindRefusal();
    const clean = { reason: 'literally \\u0000, no NUL', n: 1 };
    expect((await app.request('/json', json(JSON.stringify(clean)))).status).toBe(200);
    const form = { method: 'POST', body: new URLSearchParams({ token: 'jwt' }) };
    expect((await app.request('/form', form)).status).toBe(200);
    expect(handled).toEqual([clean, { token: 'jwt' }]);
  });

  it('refuses a NUL in form fields (URL-encoded and multipart) and in other text bodies', async () => {
    const { app, handled } = appBehindRefusal();
    const urlEncoded = { method: 'POST', body: new URLSearchParams({ token: 'a\u0000b' }) };
    expect(await issuesOf(await app.request('/form', urlEncoded))).toEqual(['body.token']);
    const multipart = new FormData();
    multipart.set('token', 'a\u0000b');
    expect(await issuesOf(await app.request('/form', { method: 'POST', body: multipart }))).toEqual(['body.token']);
    expect(await issuesOf(await app.request('/text', { method: 'POST', body: 'not json \u0000' }))).toEqual(['body']);
    expect(handled).toEqual([]);
  });
});
