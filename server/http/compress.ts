import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { parseAccept } from 'hono/utils/accept';

export type ContentEncoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|x-ndjson)|image\/svg\+xml)/i;

/**
 * The best encoding the client accepts among `available` (in the server's order of preference),
 * honouring q-values and `*`; null for identity.
 *
 * @example pickEncoding('gzip, deflate, br') // 'br'
 */
export function pickEncoding(
  acceptEncoding: string | undefined,
  available: readonly ContentEncoding[] = ['br', 'gzip'],
): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const accepts = parseAccept(acceptEncoding);
  const wildcard = accepts.find((a) => a.type === '*')?.q;
  let best: { encoding: ContentEncoding; q: number } | null = null;
  for (const encoding of available) {
    const q = accepts.find((a) => a.type.toLowerCase() === encoding)?.q ?? wildcard ?? 0;
    if (q > 0 && (!best || q > best.q)) best = { encoding, q };
  }
  return best?.encoding ?? null;
}

/**
 * Compresses a body on the fly: brotli at a quality that costs well under a millisecond for a
 * page (build-time assets use the maximum instead), or gzip.
 *
 * @example const body = await compressBody(Buffer.from(html), 'br');
 */
export async function compressBody(body: Uint8Array, encoding: ContentEncoding): Promise<Buffer<ArrayBuffer>> {
  const params = { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
  const out = encoding === 'br' ? await brotli(body, { params }) : await gzipAsync(body, { level: 6 });
  return out as Buffer<ArrayBuffer>; // zlib hands back plain (not shared) memory
}

/** `Vary: Accept-Encoding` added to whatever the response varies on already. */
export function varyOnEncoding(headers: Headers): void {
  const vary = headers.get('vary');
  if (vary === '*' || (vary && /(^|,)\s*accept-encoding\s*(,|$)/i.test(vary))) return;
  headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

export interface CompressOptions {
  /** Bodies smaller than this go out as they are: compressing them saves nothing. Default 1024. */
  threshold?: number;
}

/**
 * Brotli or gzip by `Accept-Encoding` for text responses (HTML, JSON, CSV) built in memory,
 * with `Vary: Accept-Encoding`. Unlike hono/compress it offers brotli and honours the threshold
 * for bodies without a `Content-Length` (what `c.json()` and `c.html()` give); it reads the body
 * whole, so use it where responses are built whole anyway, not on streams.
 *
 * @example app.use('/openapi.json', compress({ threshold: 1024 }));
 */
export function compress(options: CompressOptions = {}): MiddlewareHandler {
  const threshold = options.threshold ?? 1024;
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || !res.body || res.status !== 200 || res.headers.has('content-encoding')) return;
    if (!COMPRESSIBLE.test(res.headers.get('content-type') ?? '')) return;
    if (NO_TRANSFORM.test(res.headers.get('cache-control') ?? '')) return;
    const declared = res.headers.get('content-length');
    if (declared && Number(declared) < threshold) return;
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    const raw = new Uint8Array(await res.arrayBuffer());
    const compressed = encoding && raw.length >= threshold ? await compressBody(raw, encoding) : null;
    // Assigning c.res copies the old headers onto the new response, so adjust them afterwards.
    c.res = new Response(compressed ?? raw, res);
    varyOnEncoding(c.res.headers);
    if (compressed && encoding) {
      c.res.headers.set('content-encoding', encoding);
      c.res.headers.set('content-length', String(compressed.length));
    }
  };
}
