import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { renderError } from '../errors.js';
import { bodyLimits, formatBytes } from './body-limit.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

function appWithLimits() {
  const read: string[] = [];
  const app = new Hono();
  app.onError(renderError(quiet));
  const rules = [
    { path: /^\/auth\//, maxBytes: 16 },
    { path: /\/events$/, maxBytes: 1024 },
  ];
  app.use('*', bodyLimits({ rules, defaultMaxBytes: 64 }));
  app.post('*', async (c) => {
    const body = await c.req.text();
    read.push(body);
    return c.json({ length: body.length });
  });
  return { app, read };
}

/** A body with no Content-Length, sent in chunks, as a client streaming it would. */
function streamed(chunks: number, size: number): RequestInit {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(120));
    },
  });
  return { method: 'POST', body, duplex: 'half' } as RequestInit;
}

describe('bodyLimits', () => {
  it('refuses a declared length over the limit with 413 in the error shape, before anything reads it', async () => {
    const { app, read } = appWithLimits();
    const declared = { method: 'POST', headers: { 'content-length': '17' }, body: 'x'.repeat(17) };
    const res = await app.request('/auth/zendesk/session', declared);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'body_too_large', message: 'Request body is larger than the 16 bytes this route accepts' },
    });
    expect(read).toEqual([]);
  });

  it('refuses a streamed body as soon as it passes the limit', async () => {
    const { app, read } = appWithLimits();
    expect((await app.request('/other', streamed(10, 10))).status).toBe(413);
    expect(read).toEqual([]);
    const ok = await app.request('/other', streamed(6, 10));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ length: 60 }); // the buffered body reaches the handler whole
  });

  it('takes the first matching rule, else the default', async () => {
    const { app } = appWithLimits();
    const body = 'x'.repeat(100);
    expect((await app.request('/v1/grants/g1/events', { method: 'POST', body })).status).toBe(200);
    expect((await app.request('/v1/grants', { method: 'POST', body })).status).toBe(413);
    expect((await app.request('/auth/x', { method: 'POST', body: 'x'.repeat(16) })).status).toBe(200);
  });

  it('formats limits as people read them', () => {
    expect([formatBytes(16 * 1024), formatBytes(1024 * 1024), formatBytes(1500)]).toEqual([
      '16 KB',
      '1 MB',
      '1500 bytes',
    ]);
  });
});
