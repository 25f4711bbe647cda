import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { compress, pickEncoding } from './compress.js';

const page = `<!doctype html><html><body>${'<p>Ticketed Access</p>'.repeat(200)}</body></html>`;

function appWithCompression() {
  const app = new Hono();
  app.use('*', compress({ threshold: 1024 }));
  app.get('/page', (c) => c.html(page));
  app.get('/tiny', (c) => c.json({ canClose: true }));
  app.get('/missing', (c) => c.html(page, 404));
  app.get('/raw', (c) => c.html(page, 200, { 'cache-control': 'no-transform' }));
  app.get('/png', (c) => c.body(new Uint8Array(4096), 200, { 'content-type': 'image/png' }));
  return app;
}

describe('pickEncoding', () => {
  it('prefers brotli, honours q-values and the wildcard, and falls back to identity', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
    expect(pickEncoding('gzip, br', ['gzip'])).toBe('gzip');
  });
});

describe('compress', () => {
  it('sends brotli or gzip by Accept-Encoding, decompressing to the same bytes, with Vary', async () => {
    const app = appWithCompression();
    const br = await app.request('/page', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length);
    expect(brBytes.length).toBeLessThan(page.length / 5);
    expect(brotliDecompressSync(brBytes).toString()).toBe(page);

    const gz = await app.request('/page', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);
  });

  it('leaves alone what it should: no Accept-Encoding, small bodies, errors, no-transform, images', async () => {
    const app = appWithCompression();
    const plain = await app.request('/page');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(page);
    for (const path of ['/tiny', '/missing', '/raw', '/png']) {
      const res = await app.request(path, { headers: { 'accept-encoding': 'br' } });
      expect(res.headers.get('content-encoding')).toBeNull();
    }
    const tiny = await app.request('/tiny', { headers: { 'accept-encoding': 'br' } });
    expect(await tiny.json()).toEqual({ canClose: true });
  });
});
