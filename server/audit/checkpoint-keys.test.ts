import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { loadCheckpointKeys } from './checkpoint-keys.js';

describe('the checkpoint signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ta-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ed25519 = () => generateKeyPairSync('ed25519');
  const config = (env: Record<string, string>) => loadConfig(env).checkpoint;

  it('reads an Ed25519 key from a PEM or JWK file or the environment, its kid derived from the key', async () => {
    const { privateKey } = ed25519();
    writeFileSync(join(dir, 'key.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    writeFileSync(join(dir, 'key.jwk'), jwk);
    const fromPem = await loadCheckpointKeys(config({ CHECKPOINT_KEY_FILE: join(dir, 'key.pem') }));
    const fromJwk = await loadCheckpointKeys(config({ CHECKPOINT_KEY_FILE: join(dir, 'key.jwk') }));
    const fromEnv = await loadCheckpointKeys(config({ CHECKPOINT_KEY: jwk }));
    expect(fromPem.current.kid).toMatch(/^checkpoint-[\w-]{16}$/);
    expect([fromJwk.current.kid, fromEnv.current.kid]).toEqual([fromPem.current.kid, fromPem.current.kid]);
    expect(fromPem.publicJwks).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: fromPem.current.kid, alg: 'EdDSA', use: 'sig' },
    ]);
  });

  it('creates the default key file on first start outside production, owner-only, and reuses it', async () => {
    const keyFile = join(dir, 'keys', 'checkpoint-key.jwk');
    const dev = { ...config({}), keyFile };
    expect(dev.generateKey).toBe(true);
    const first = await loadCheckpointKeys(dev);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await loadCheckpointKeys(dev)).current.kid).toBe(first.current.kid);
  });

  it('refuses a missing or unusable key, naming the variable', async () => {
    await expect(loadCheckpointKeys(config({ CHECKPOINT_KEY_FILE: join(dir, 'nope.pem') }))).rejects.toThrow(
      /^CHECKPOINT_KEY_FILE: cannot read .*nope\.pem/,
    );
    await expect(loadCheckpointKeys(config({ CHECKPOINT_KEY: '{"kty":"RSA"}' }))).rejects.toThrow(
      /^CHECKPOINT_KEY: not a usable Ed25519 private key/,
    );
    expect(() => loadConfig({ CHECKPOINT_KEY: 'x', CHECKPOINT_KEY_FILE: 'y' })).toThrow(
      /CHECKPOINT_KEY: set CHECKPOINT_KEY or CHECKPOINT_KEY_FILE, not both/,
    );
    expect(() => loadConfig({ CHECKPOINT_INTERVAL_SECONDS: '1' })).toThrow(/CHECKPOINT_INTERVAL_SECONDS/);
  });

  it('is required in production: the key must not live in the database', async () => {
    const production = config({ NODE_ENV: 'production' });
    expect(production).toMatchObject({ keyFile: null, key: null, generateKey: false, dir: null });
    await expect(loadCheckpointKeys(production)).rejects.toThrow(
      /^CHECKPOINT_KEY_FILE: required when NODE_ENV=production/,
    );
  });

  it('publishes retired public keys from CHECKPOINT_PUBLIC_KEYS_DIR, and refuses a private key there', async () => {
    const current = ed25519();
    const [a, b, c] = [ed25519(), ed25519(), ed25519()];
    writeFileSync(join(dir, 'current.pem'), current.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const retired = join(dir, 'retired');
    mkdirSync(retired);
    writeFileSync(join(retired, '2025.pem'), a.publicKey.export({ format: 'pem', type: 'spki' }));
    writeFileSync(
      join(retired, '2026-01.jwk'),
      JSON.stringify({ ...b.publicKey.export({ format: 'jwk' }), kid: 'checkpoint-2026-01' }),
    );
    writeFileSync(join(retired, 'older.json'), JSON.stringify({ keys: [c.publicKey.export({ format: 'jwk' })] }));
    writeFileSync(join(retired, 'README.txt'), 'ignored');
    const keys = await loadCheckpointKeys(
      config({ CHECKPOINT_KEY_FILE: join(dir, 'current.pem'), CHECKPOINT_PUBLIC_KEYS_DIR: retired }),
    );
    expect(keys.publicJwks.map((k) => k.kid)).toEqual([
      keys.current.kid,
      expect.stringMatching(/^checkpoint-/),
      'checkpoint-2026-01',
      expect.stringMatching(/^checkpoint-/),
    ]);
    expect(keys.publicJwks.map((k) => k.x)).toEqual(
      [current.publicKey, a.publicKey, b.publicKey, c.publicKey].map((k) => k.export({ format: 'jwk' }).x),
    );

    writeFileSync(join(retired, 'oops.jwk'), JSON.stringify(a.privateKey.export({ format: 'jwk' })));
    await expect(
      loadCheckpointKeys(
        config({ CHECKPOINT_KEY_FILE: join(dir, 'current.pem'), CHECKPOINT_PUBLIC_KEYS_DIR: retired }),
      ),
    ).rejects.toThrow(/CHECKPOINT_PUBLIC_KEYS_DIR: .*oops\.jwk: holds a private key/);
  });

  it('stops start-up in production without a key or a checkpoint folder, naming the variable', async () => {
    const main = new URL('../main.ts', import.meta.url).pathname;
    const start = (extra: Record<string, string>) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: `sqlite:${join(dir, 'ta.db')}`, ...extra };
        const proc = execFile(process.execPath, ['--import', 'tsx', main], { env }, (error, _stdout, stderr) =>
          resolve({ code: error ? (proc.exitCode ?? 1) : 0, stderr }),
        );
      });
    expect(await start({})).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^CHECKPOINT_KEY_FILE: required when NODE_ENV=production/),
    });
    const key = JSON.stringify(ed25519().privateKey.export({ format: 'jwk' }));
    expect(await start({ CHECKPOINT_KEY: key })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^CHECKPOINT_DIR: required when NODE_ENV=production/),
    });
  });
});
