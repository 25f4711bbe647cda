import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export interface SigningKey {
  kid: string;
  alg: 'EdDSA';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
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
  if (purpose === 'checkpoint') throw new Error('the checkpoint key is not kept in the database: see server/audit/checkpoint-keys.ts');
  let row = await db.selectFrom('signing_keys').selectAll().where('purpose', '=', purpose).executeTakeFirst();
  if (!row) {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = `${purpose}-${randomUUID().slice(0, 8)}`;
    await db
      .insertInto('signing_keys')
      .values({
        purpose,
        kid,
        alg: 'EdDSA',
        private_jwk: JSON.stringify(await exportJWK(privateKey)),
        public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }),
        created_at: new Date().toISOString(),
      })
      // Two instances starting together: the first insert wins and both read it back.
      .onConflict((oc) => oc.column('purpose').doNothing())
      .execute();
    row = await db.selectFrom('signing_keys').selectAll().where('purpose', '=', purpose).executeTakeFirstOrThrow();
  }
  const publicJwk = JSON.parse(row.public_jwk) as JWK;
  return {
    kid: row.kid,
    alg: 'EdDSA',
    privateKey: (await importJWK(JSON.parse(row.private_jwk) as JWK, 'EdDSA')) as CryptoKey,
    publicKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey,
    publicJwk,
  };
}

/** Caches keys per purpose for the life of the process. */
export function signingKeyCache(db: Kysely<Database>) {
  const cache = new Map<string, Promise<SigningKey>>();
  return (purpose: string) => {
    let key = cache.get(purpose);
    if (!key) {
      key = loadSigningKey(db, purpose);
      key.catch(() => cache.delete(purpose));
      cache.set(purpose, key);
    }
    return key;
  };
}
