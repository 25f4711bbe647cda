import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Boot, HostLocation } from '../../shared/boot.js';
import { compress, pickEncoding, type ContentEncoding } from '../http/compress.js';
import { pageSecurityHeaders, ZENDESK_FRAME_ANCESTORS } from '../http/secure-headers.js';

export type UiHost = Boot['host'];

export interface UiOptions {
  /** Where `vite build` wrote the UI; default `dist/extension` at the project root. */
  distDir?: string;
  /** Base URL of the API as the browser should call it; default '' (the page's own origin). */
  apiBase?: string;
  /**
   * Who the page is for. Production passes a resolver that verifies the host's identity (the
   * Zendesk signed-URL `token` form field) and returns `{ session }`. Without one, dev mode: the
   * user comes from `?as=` (default agent-ann) and is sent as `x-dev-user`.
   */
  resolveBoot?: (c: Context, host: UiHost) => Promise<Partial<Boot>>;
  /** Who may frame the Zendesk locations (CSP frame-ancestors); default Zendesk's own origin. */
  zendeskFrameAncestors?: readonly string[];
}

export const DEV_USERS = ['agent-ann', 'agent-bob', 'agent-cal', 'agent-dee', 'lead-lee', 'admin-ada'];
const DEFAULT_DIST = fileURLToPath(new URL('../../dist/extension/', import.meta.url));
/** The app's icon (the Zendesk package's own), so browsers asking for a favicon get one, not a 404. */
const FAVICON = fileURLToPath(new URL('../../assets/logo-small.png', import.meta.url));
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** The page that refuses an unknown `?as=`: it names the user asked for and links to the real ones. */
function unknownDevUserPage(as: string, path: string): string {
  const html = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const links = DEV_USERS.map((u) => `<li><a href="${html(path)}?as=${u}">${u}</a></li>`).join('');
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unknown dev user</title></head><body>' +
    `<h1>No dev user “${html(as)}”</h1><p>Dev sign-in knows only the seeded users. Sign in as one of:</p>` +
    `<ul>${links}</ul></body></html>`
  );
}

/**
 * Dev mode: the user named by `?as=` (agent-ann when none is named). An unknown name is refused
 * with a page that says so — signing in as someone else without a word would hide the mistake.
 */
export const devBoot = async (c: Context): Promise<Partial<Boot>> => {
  const as = c.req.query('as');
  if (as !== undefined && !DEV_USERS.includes(as)) {
    throw new HTTPException(400, {
      res: new Response(unknownDevUserPage(as, c.req.path), {
        status: 400,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      }),
    });
  }
  return { devUser: as ?? 'agent-ann', devUsers: DEV_USERS };
};

/**
 * `</script>` can never close the boot script early: every `<` is escaped inside the JSON. The
 * nonce is the page's CSP nonce, which lets this one inline script run.
 */
export function bootScript(boot: Boot, nonce?: string): string {
  const attribute = nonce ? ` nonce="${nonce}"` : '';
  return `<script${attribute}>window.__TA_BOOT__=${JSON.stringify(boot).replace(/</g, '\\u003c')}</script>`;
}

/** Precompressed siblings written at build time (scripts/vite-precompress.ts). */
const PRECOMPRESSED: readonly { encoding: ContentEncoding; suffix: string }[] = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
];

const decodedPath = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return null; // malformed percent-encoding: no such file
  }
};

/**
 * Serves the built Zendesk app UI: `/sidebar` and `/console` standalone, `/zendesk/sidebar` and
 * `/zendesk/console` for Zendesk (GET, or POST with the signed-URL `token` on first load), each
 * with the boot data injected; hashed assets under `/assets/*`, cached for a year.
 *
 * @example app.route('/', uiRoutes({ resolveBoot: verifyZendeskSignedUrl }));
 */
export function uiRoutes(options: UiOptions = {}) {
  const dist = options.distDir ?? DEFAULT_DIST;
  const resolveBoot = options.resolveBoot ?? devBoot;
  const pages = new Map<string, string>();
  const readPage = async (name: string) => {
    const cached = pages.get(name);
    if (cached) return cached;
    const html = await readFile(join(dist, `${name}.html`), 'utf8').catch(() => null);
    if (html) pages.set(name, html);
    return html;
  };

  const page = (name: 'sidebar' | 'console', host: UiHost) => async (c: Context) => {
    const html = await readPage(name);
    if (!html) return c.text('The UI is not built yet: run `npm run build` (npm start does it for you).', 503);
    const location: HostLocation = name === 'sidebar' ? 'ticket_sidebar' : 'nav_bar';
    const boot: Boot = { apiBase: options.apiBase ?? '', host, location, ...(await resolveBoot(c, host)) };
    c.header('cache-control', 'no-cache, no-store, must-revalidate');
    c.header('referrer-policy', 'no-referrer');
    return c.html(html.replace('</head>', `${bootScript(boot, c.get('secureHeadersNonce'))}</head>`));
  };

  const app = new Hono();
  const apiOrigin = options.apiBase && /^https?:\/\//.test(options.apiBase) ? [new URL(options.apiBase).origin] : [];
  const standalone = pageSecurityHeaders({ frameAncestors: ["'self'"], connectSrc: apiOrigin });
  const zendeskAncestors = options.zendeskFrameAncestors ?? ZENDESK_FRAME_ANCESTORS;
  const zendesk = pageSecurityHeaders({ frameAncestors: zendeskAncestors, connectSrc: apiOrigin });
  // Pages are a few KB built per request: compressed on the fly (assets are precompressed).
  const compressPages = compress({ threshold: 512 });
  app.use('/sidebar', standalone, compressPages);
  app.use('/console', standalone, compressPages);
  app.use('/console/*', standalone, compressPages);
  app.use('/zendesk/*', zendesk, compressPages);
  app.get('/sidebar', page('sidebar', 'standalone'));
  // The console routes on the client (/console/sessions/gr_…): every path under it is the same page.
  app.get('/console', page('console', 'standalone'));
  app.get('/console/*', page('console', 'standalone'));
  for (const [path, name] of [
    ['/zendesk/sidebar', 'sidebar'],
    ['/zendesk/console', 'console'],
    ['/zendesk/console/*', 'console'],
  ] as const) {
    app.get(path, page(name, 'zendesk'));
    app.post(path, page(name, 'zendesk'));
  }
  app.get('/favicon.ico', async (c) => {
    const icon = await readFile(FAVICON).catch(() => null);
    if (!icon) return c.notFound();
    c.header('content-type', 'image/png');
    c.header('cache-control', 'public, max-age=86400');
    return c.body(icon);
  });
  app.get('/assets/*', async (c) => {
    const decoded = decodedPath(c.req.path);
    if (decoded === null) return c.notFound();
    const rel = normalize(decoded.replace(/^\/+/, ''));
    if (rel.startsWith('..') || rel.includes(`${sep}..`) || !rel.startsWith(`assets${sep}`)) return c.notFound();
    const file = join(dist, rel);
    const accepted = c.req.header('accept-encoding');
    const preferred = pickEncoding(accepted);
    // The client's first choice, then any other encoding it accepts, then the file as it is.
    const tries = PRECOMPRESSED.filter(({ encoding }) => pickEncoding(accepted, [encoding])).sort(
      (a, b) => Number(b.encoding === preferred) - Number(a.encoding === preferred),
    );
    let body: Buffer<ArrayBuffer> | null = null;
    for (const { encoding, suffix } of tries) {
      body = await readFile(file + suffix).catch(() => null);
      if (body) {
        c.header('content-encoding', encoding);
        break;
      }
    }
    body ??= await readFile(file).catch(() => null);
    if (!body) return c.notFound();
    c.header('content-type', TYPES[extname(rel)] ?? 'application/octet-stream');
    // File names carry a content hash, so a year is safe and saves every ticket a round trip.
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('content-length', String(body.length));
    c.header('vary', 'Accept-Encoding');
    return c.body(body);
  });
  return app;
}
