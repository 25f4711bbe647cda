import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { findSigningKey, insertSigningKeyOnce } from './signing-keys.repository.js';

/** The `iss` of every token this server signs (sessions and grant tokens; each has its own audience). */
export const TOKEN_ISSUER = 'ticketed-access';

/** What the database keys sign: our session tokens and the grant tokens internal tools check. */
export type KeyPurpose = 'session' | 'grant';

export interface SigningKey {
  kid: string;
  alg: 'EdDSA';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** The key for a purpose, loaded once per process (see `signingKeyCache`). */
export type SigningKeys = (purpose: KeyPurpose) => Promise<SigningKey>;

/** An Ed25519 key as the row stores it; other members (kid, alg, use) are kept as they are. */
const zEd25519Jwk = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  d: z.string().optional(),
});

function parseJwk(text: string, which: string): JWK {
  const parsed = zEd25519Jwk.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`signing_keys.${which} is not an Ed25519 JWK: ${parsed.error.message}`);
  return parsed.data as JWK;
}

/**
 * The server's Ed25519 key for one purpose (`session`, `grant`), created on first use and kept in
 * the database so every instance signs and verifies with the same key. Audit checkpoints are
 * signed with a key outside the database instead (server/audit/checkpoint-keys.ts): someone who
 * can write the database must not be able to sign a checkpoint over a chain they rewrote.
 *
 * @example const { privateKey, kid } = await loadSigningKey(db, 'session');
 */
export async function loadSigningKey(db: Kysely<Database>, purpose: string): Promise<SigningKey> {
  if (purpose === 'checkpoint') {
    throw new Error('the checkpoint key is not kept in the database: see server/audit/checkpoint-keys.ts');
  }
  let row = await findSigningKey(db, purpose);
  if (!row) {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = `${purpose}-${randomUUID().slice(0, 8)}`;
    await insertSigningKeyOnce(db, {
      purpose,
      kid,
      alg: 'EdDSA',
      private_jwk: JSON.stringify(await exportJWK(privateKey)),
      public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }),
      created_at: new Date().toISOString(),
    });
    row = await findSigningKey(db, purpose);
    if (!row) throw new Error(`signing key ${purpose} was neither found nor created`);
  }
  const publicJwk = parseJwk(row.public_jwk, 'public_jwk');
  return {
    kid: row.kid,
    alg: 'EdDSA',
    privateKey: (await importJWK(parseJwk(row.private_jwk, 'private_jwk'), 'EdDSA')) as CryptoKey,
    publicKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey,
    publicJwk,
  };
}

/**
 * Caches keys per purpose for the life of the process; a failed load is retried on the next call.
 *
 * @example const keys = signingKeyCache(db); const key = await keys('grant');
 */
export function signingKeyCache(db: Kysely<Database>): SigningKeys {
  const cache = new Map<string, Promise<SigningKey>>();
  return (purpose) => {
    let key = cache.get(purpose);
    if (!key) {
      key = loadSigningKey(db, purpose);
      key.catch(() => cache.delete(purpose));
      cache.set(purpose, key);
    }
    return key;
  };
}
