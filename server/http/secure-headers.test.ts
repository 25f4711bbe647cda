import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { renderError } from '../errors.js';
import { baseSecureHeaders, pageSecurityHeaders, ZENDESK_FRAME_ANCESTORS } from './secure-headers.js';

function appWithHeaders(hsts: boolean) {
  const app = new Hono();
  app.onError(renderError({ error: () => {}, warn: () => {}, info: () => {} }));
  app.use('*', baseSecureHeaders({ hsts }));
  app.use('/console', pageSecurityHeaders({ frameAncestors: ["'self'"] }));
  app.use('/zendesk/*', pageSecurityHeaders({ frameAncestors: ZENDESK_FRAME_ANCESTORS }));
  app.get('/v1/thing', (c) => c.json({ ok: true }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  const page = (c: any) => c.html(`<script nonce="${c.get('secureHeadersNonce')}">boot()</script>`);
  app.get('/console', page);
  app.get('/zendesk/sidebar', page);
  return app;
}

const directives = (res: Response) => {
  const policy = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
};

describe('baseSecureHeaders', () => {
  it('sends nosniff and a load-nothing, frame-nothing CSP on every answer; no HSTS by default', async () => {
    const app = appWithHeaders(false);
    for (const path of ['/v1/thing', '/boom', '/missing']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(directives(res)).toEqual({ 'default-src': "'none'", 'frame-ancestors': "'none'" });
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends HSTS when asked (production)', async () => {
    const res = await appWithHeaders(true).request('/v1/thing');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('pageSecurityHeaders', () => {
  it("lets only the page's own scripts and the nonced boot script run, framed by itself only", async () => {
    const res = await appWithHeaders(false).request('/console');
    const nonce = /nonce="([^"]+)"/.exec(await res.text())![1];
    const csp = directives(res);
    expect(csp['script-src']).toBe(`'self' 'nonce-${nonce}'`);
    expect(csp['frame-ancestors']).toBe("'self'");
    expect(csp['object-src']).toBe("'none'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff'); // from the base around it
  });

  it('lets Zendesk frame its locations, with a fresh nonce per answer', async () => {
    const app = appWithHeaders(false);
    const [a, b] = [await app.request('/zendesk/sidebar'), await app.request('/zendesk/sidebar')];
    expect(directives(a)['frame-ancestors']).toBe('https://*.zendesk.com');
    expect(a.headers.get('x-frame-options')).toBeNull();
    expect(a.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(directives(a)['script-src']).not.toBe(directives(b)['script-src']);
  });
});
