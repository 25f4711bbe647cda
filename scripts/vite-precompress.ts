import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text assets worth compressing; images other than SVG and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|map|txt)$/;

/**
 * Writes `<file>.br` (brotli, maximum quality) and `<file>.gz` (gzip -9) beside a file, once, at
 * build time, so the server sends the smallest body without spending CPU per request. Skips an
 * encoding that would not be smaller than the file itself.
 *
 * @example await precompressFile('dist/extension/assets/sidebar-abc123.js');
 */
export async function precompressFile(path: string): Promise<{ br: number | null; gz: number | null }> {
  const raw = await readFile(path);
  const [br, gz] = await Promise.all([
    brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gzipAsync(raw, { level: 9 }),
  ]);
  const written = { br: null as number | null, gz: null as number | null };
  if (br.length < raw.length) await writeFile(`${path}.br`, br).then(() => (written.br = br.length));
  if (gz.length < raw.length) await writeFile(`${path}.gz`, gz).then(() => (written.gz = gz.length));
  return written;
}

/**
 * Vite plugin: precompresses every emitted text asset (hashed, so immutable) once the bundle is
 * written. server/ui picks `.br` or `.gz` by `Accept-Encoding`. HTML pages are left alone: the
 * server injects per-request boot data into them and compresses them on the fly.
 *
 * @example defineConfig({ plugins: [react(), precompress()] })
 */
export function precompress(): Plugin {
  return {
    name: 'ticketed-access:precompress',
    apply: 'build',
    async writeBundle(output, bundle) {
      const dir = output.dir;
      if (!dir) return;
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(files.map((name) => precompressFile(join(dir, name))));
    },
  };
}
