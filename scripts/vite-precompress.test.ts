import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { precompressFile } from './vite-precompress.js';

const dir = mkdtempSync(join(tmpdir(), 'ta-precompress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('precompress (build step)', () => {
  it('writes .br and .gz beside a file that decompress to the same bytes', async () => {
    const file = join(dir, 'app-abc.js');
    const source = 'export const greeting = "hello";\n'.repeat(300);
    writeFileSync(file, source);
    const written = await precompressFile(file);
    expect(written.br).toBeLessThan(written.gz!);
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(source);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(source);
  });

  it('skips an encoding that would not be smaller', async () => {
    const file = join(dir, 'tiny.js');
    writeFileSync(file, 'x');
    expect(await precompressFile(file)).toEqual({ br: null, gz: null });
    expect(existsSync(`${file}.br`)).toBe(false);
  });

  it('ran on the UI build: every script in dist/extension/assets has both (built by the vitest global setup)', () => {
    const assets = fileURLToPath(new URL('../dist/extension/assets/', import.meta.url));
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(2);
    for (const f of scripts) {
      const raw = readFileSync(join(assets, f));
      expect(brotliDecompressSync(readFileSync(join(assets, `${f}.br`)))).toEqual(raw);
      expect(gunzipSync(readFileSync(join(assets, `${f}.gz`)))).toEqual(raw);
    }
  });
});
