import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { bootScript, uiRoutes } from './ui.routes.js';

const dist = mkdtempSync(join(tmpdir(), 'ta-ui-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'sidebar.html'), '<html><head><title>s</title></head><body></body></html>');
writeFileSync(join(dist, 'console.html'), '<html><head><title>c</title></head><body></body></html>');
writeFileSync(join(dist, 'assets', 'sidebar-abc.js'), 'console.log(1)');
const bigScript = `export const rows = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => `row ${i}`))};`;
writeFileSync(join(dist, 'assets', 'big-abc.js'), bigScript);
writeFileSync(join(dist, 'assets', 'big-abc.js.br'), brotliCompressSync(bigScript));
writeFileSync(join(dist, 'assets', 'big-abc.js.gz'), gzipSync(bigScript));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const boot = async (res: Response) =>
  JSON.parse(/window.__TA_BOOT__=(.*?)<\/script>/.exec(await res.text())![1]!.replace(/\\u003c/g, '<'));

describe('server/ui: the built UI with its boot data', () => {
  const app = uiRoutes({ distDir: dist });

  it('serves the standalone sidebar for the dev user named in ?as=, never cached', async () => {
    const res = await app.request('/sidebar?ticket=48271&as=lead-lee');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-cache');
    expect(await boot(res)).toMatchObject({
      apiBase: '',
      host: 'standalone',
      location: 'ticket_sidebar',
      devUser: 'lead-lee',
    });
  });

  it('defaults to agent-ann when no dev user is named', async () => {
    expect((await boot(await app.request('/sidebar?ticket=48271'))).devUser).toBe('agent-ann');
  });

  it('refuses an unknown dev user with a page naming it and the users there are, instead of signing in as another', async () => {
    const res = await app.request('/sidebar?as=nobody');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('No dev user “nobody”');
    expect(html).toContain('href="/sidebar?as=agent-ann"');
    expect(html).not.toContain('__TA_BOOT__');
    const hostile = await (await app.request('/console?as=%3Cscript%3E')).text();
    expect(hostile).not.toContain('<script>');
  });

  it('serves a favicon (the app icon) instead of a 404 on every page', async () => {
    const res = await app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));
  });

  it('serves the Zendesk locations on GET and on the signed-URL POST', async () => {
    const post = await app.request('/zendesk/sidebar?origin=https%3A%2F%2Facme.zendesk.com&app_guid=x', {
      method: 'POST',
      body: new URLSearchParams({ token: 'jwt' }),
    });
    expect(await boot(post)).toMatchObject({ host: 'zendesk', location: 'ticket_sidebar' });
    expect(await boot(await app.request('/zendesk/console'))).toMatchObject({ host: 'zendesk', location: 'nav_bar' });
    expect(await boot(await app.request('/console'))).toMatchObject({ host: 'standalone', location: 'nav_bar' });
  });

  it('takes the session from resolveBoot (signed-URL verification) instead of a dev user', async () => {
    const verified = uiRoutes({
      distDir: dist,
      resolveBoot: async (_c, host) => ({ session: { token: `t-${host}`, expiresAt: '2026-11-23T11:00:00Z' } }),
    });
    const b = await boot(await verified.request('/zendesk/sidebar', { method: 'POST' }));
    expect(b.session).toEqual({ token: 't-zendesk', expiresAt: '2026-11-23T11:00:00Z' });
    expect(b.devUser).toBeUndefined();
  });

  it('serves hashed assets for a year and nothing outside assets/', async () => {
    const res = await app.request('/assets/sidebar-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/assets/..%2Fsidebar.html')).status).toBe(404);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
  });

  it('sends the precompressed asset the client prefers, else the file itself', async () => {
    const asked = async (acceptEncoding?: string) => {
      const headers: Record<string, string> = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
      const res = await app.request('/assets/big-abc.js', { headers });
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('content-type')).toContain('javascript');
      return [res.headers.get('content-encoding'), Buffer.from(await res.arrayBuffer())] as const;
    };
    expect(await asked('gzip, deflate, br')).toEqual(['br', brotliCompressSync(bigScript)]);
    expect(await asked('gzip;q=1, br;q=0.5')).toEqual(['gzip', gzipSync(bigScript)]);
    expect(await asked()).toEqual([null, Buffer.from(bigScript)]);
    // No .br beside this one: the file as it is.
    const small = await app.request('/assets/sidebar-abc.js', { headers: { 'accept-encoding': 'br' } });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('answers a malformed asset path with 404, not a URIError', async () => {
    expect((await app.request('/assets/%E0%A4%A')).status).toBe(404);
  });

  it('puts the CSP nonce on the boot script and the page CSP on each location', async () => {
    const res = await app.request('/zendesk/sidebar');
    const nonce = /<script nonce="([^"]+)">/.exec(await res.text())?.[1];
    expect(res.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://*.zendesk.com');
    const zendeskFrameAncestors = ['https://*.zendesk.com', 'http://127.0.0.1:*'];
    const framedElsewhere = uiRoutes({ distDir: dist, zendeskFrameAncestors });
    expect((await framedElsewhere.request('/zendesk/console')).headers.get('content-security-policy')).toContain(
      'frame-ancestors https://*.zendesk.com http://127.0.0.1:*',
    );
    expect((await app.request('/console')).headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  });

  it('says how to build the UI when it is not built', async () => {
    const res = await uiRoutes({ distDir: join(dist, 'nope') }).request('/sidebar');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  it('cannot be broken out of the boot script', () => {
    expect(
      bootScript({ apiBase: '</script><script>alert(1)</script>', host: 'standalone', location: 'nav_bar' }),
    ).not.toContain('</script><script>');
  });
});

describe('server/ui: console routes are client-side', () => {
  const app = uiRoutes({ distDir: dist });

  it('serves the console page with its boot data for every path under /console and /zendesk/console', async () => {
    for (const path of [
      '/console',
      '/console/sessions/gr_123',
      '/console/history?agent=Ann',
      '/zendesk/console/audit',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toContain('frame-ancestors');
      expect(await boot(res), path).toMatchObject({ location: 'nav_bar' });
    }
    expect((await app.request('/consoles')).status).toBe(404);
  });
});
