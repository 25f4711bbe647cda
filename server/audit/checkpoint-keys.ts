import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  importSPKI,
  type CryptoKey,
  type JWK,
} from 'jose';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { SigningKey } from '../keys/signing-keys.js';
import { ConfigError, type Config } from '../config.js';

/** The key that signs checkpoints and export trailers, and every public key that may have signed one. */
export interface CheckpointKeys {
  current: SigningKey;
  /** Current key first, then retired ones: all served in /.well-known/jwks.json. */
  publicJwks: JWK[];
}

export type CheckpointKeyConfig = Config['checkpoint'];

const publicPart = (jwk: JWK, kid: string): JWK => ({
  kty: jwk.kty,
  crv: jwk.crv,
  x: jwk.x,
  kid,
  alg: 'EdDSA',
  use: 'sig',
});

/**
 * Checkpoint kids all start so: verifiers accept a checkpoint only from such a key, and the JWKS
 * never serves a database-held key (grant tokens) under such a kid.
 */
export const CHECKPOINT_KID_PREFIX = 'checkpoint-';

/** A stable kid from the key itself (RFC 7638 thumbprint), so the same key has the same kid in every format. */
async function kidOf(jwk: JWK): Promise<string> {
  if (jwk.kid) return jwk.kid.startsWith(CHECKPOINT_KID_PREFIX) ? jwk.kid : `${CHECKPOINT_KID_PREFIX}${jwk.kid}`;
  const thumbprint = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x } as JWK);
  return `${CHECKPOINT_KID_PREFIX}${thumbprint.slice(0, 16)}`;
}

function isEd25519(jwk: JWK): boolean {
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string';
}

/** An Ed25519 private key as a JWK (JSON) or PKCS#8 PEM (`openssl genpkey -algorithm ed25519`). */
async function parsePrivateKey(text: string, where: string): Promise<SigningKey> {
  const trimmed = text.trim();
  let jwk: JWK;
  let privateKey: CryptoKey;
  try {
    if (trimmed.startsWith('{')) {
      jwk = JSON.parse(trimmed) as JWK;
      if (!isEd25519(jwk) || typeof jwk.d !== 'string')
        throw new Error('not an Ed25519 private JWK (kty OKP, crv Ed25519, with d)');
      privateKey = (await importJWK(jwk, 'EdDSA')) as CryptoKey;
    } else {
      privateKey = await importPKCS8(trimmed, 'EdDSA', { extractable: true });
      jwk = await exportJWK(privateKey);
    }
  } catch (err) {
    throw new ConfigError(
      `${where}: not a usable Ed25519 private key (a JWK or a PKCS#8 PEM): ${(err as Error).message}`,
    );
  }
  const kid = await kidOf(jwk);
  const publicJwk = publicPart(jwk, kid);
  return { kid, alg: 'EdDSA', privateKey, publicKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey, publicJwk };
}

/** Public keys of retired checkpoint keys: `.jwk`/`.json` (a JWK or a JWKS) and `.pem` (SPKI) files. */
async function readRetiredKeys(dir: string): Promise<JWK[]> {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => ['.jwk', '.json', '.pem'].includes(extname(f)))
      .sort();
  } catch (err) {
    throw new ConfigError(`CHECKPOINT_PUBLIC_KEYS_DIR: cannot read ${dir}: ${(err as Error).message}`);
  }
  const keys: JWK[] = [];
  for (const file of files) {
    const where = `CHECKPOINT_PUBLIC_KEYS_DIR: ${join(dir, file)}`;
    const text = readFileSync(join(dir, file), 'utf8').trim();
    let found: JWK[];
    try {
      if (extname(file) === '.pem') {
        found = [await exportJWK(await importSPKI(text, 'EdDSA', { extractable: true }))];
      } else {
        const parsed = JSON.parse(text) as JWK | { keys: JWK[] };
        found = 'keys' in parsed ? parsed.keys : [parsed];
      }
    } catch (err) {
      throw new ConfigError(`${where}: not an Ed25519 public key (JWK, JWKS or SPKI PEM): ${(err as Error).message}`);
    }
    for (const jwk of found) {
      if (!isEd25519(jwk)) throw new ConfigError(`${where}: holds a key that is not Ed25519 (kty OKP, crv Ed25519)`);
      if (jwk.d) throw new ConfigError(`${where}: holds a private key; keep only the public part of a retired key`);
      keys.push(publicPart(jwk, await kidOf(jwk)));
    }
  }
  return keys;
}

/** A new key pair as a private JWK. */
async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return exportJWK(privateKey);
}

/**
 * The checkpoint signing key, from outside the database: CHECKPOINT_KEY (the key itself) or
 * CHECKPOINT_KEY_FILE. Outside production, the default key file is created on first start. Refuses
 * (ConfigError naming the variable) in production without one, or on a key that does not parse.
 *
 * @example const keys = await loadCheckpointKeys(loadConfig().checkpoint);
 */
export async function loadCheckpointKeys(config: CheckpointKeyConfig): Promise<CheckpointKeys> {
  let current: SigningKey;
  if (config.key) {
    current = await parsePrivateKey(config.key, 'CHECKPOINT_KEY');
  } else if (config.keyFile) {
    let text: string;
    try {
      text = readFileSync(config.keyFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !config.generateKey) {
        throw new ConfigError(`CHECKPOINT_KEY_FILE: cannot read ${config.keyFile}: ${(err as Error).message}`);
      }
      mkdirSync(dirname(config.keyFile), { recursive: true });
      text = JSON.stringify(await newPrivateJwk());
      try {
        writeFileSync(config.keyFile, `${text}\n`, { flag: 'wx', mode: 0o600 });
      } catch (raced) {
        // Another process created it first: use that one.
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
        text = readFileSync(config.keyFile, 'utf8');
      }
    }
    current = await parsePrivateKey(text, `CHECKPOINT_KEY_FILE: ${config.keyFile}`);
  } else {
    throw new ConfigError(
      'CHECKPOINT_KEY_FILE: required when NODE_ENV=production (or CHECKPOINT_KEY): the Ed25519 key that signs audit ' +
        'checkpoints must live outside the database, e.g. `openssl genpkey -algorithm ed25519 -out checkpoint.pem`',
    );
  }
  const retired = config.publicKeysDir ? await readRetiredKeys(config.publicKeysDir) : [];
  return { current, publicJwks: [current.publicJwk, ...retired.filter((k) => k.kid !== current.kid)] };
}

/**
 * A key that lives in memory only, for tests and tools that build the app without a key file.
 *
 * @example
 *   const keys = await ephemeralCheckpointKeys();
 *   const app = createApp(deps, { authMode: 'dev', checkpoints: { keys, store: null } });
 */
export async function ephemeralCheckpointKeys(retired: JWK[] = []): Promise<CheckpointKeys> {
  const current = await parsePrivateKey(JSON.stringify(await newPrivateJwk()), 'generated key');
  return { current, publicJwks: [current.publicJwk, ...retired] };
}
