import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, type JWK } from 'jose';
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SigningKey } from '../keys/signing-keys.js';
import { CANON_VERSION, canonicalJson, type CanonVersion } from './canonical-json.js';

/** What a stored checkpoint signs: one tenant's chain head at a moment, like a CloudTrail digest file. */
export interface StoredCheckpoint {
  tenant: string;
  seq: number;
  /** The hash of the row at `seq`. */
  hash: string;
  /** That row's id: a row deleted and appended again at the same seq gets another. */
  rowId: number;
  /** The checkpoint this one follows, so a missing file between two is visible. */
  previous: { seq: number; hash: string } | null;
  signedAt: string;
  kid: string;
  /** The canonical JSON of this payload (RFC 8785). */
  canon: CanonVersion;
}

export type CheckpointRead =
  | { ok: true; seq: number; checkpoint: StoredCheckpoint; jws: string }
  | { ok: false; seq: number; file: string; reason: string };

/**
 * Signed checkpoints as files outside the application database: `<dir>/<tenant>/<seq>.jws`, each
 * created once with an exclusive create and never rewritten, so the directory can be mounted
 * append-only (chattr +a) or synced to an object-locked bucket.
 */
export interface CheckpointStore {
  readonly dir: string;
  /** The seqs the tenant has checkpoint files for, ascending. */
  list(tenant: string): Promise<number[]>;
  /** Reads and verifies one checkpoint with the given public keys. */
  read(tenant: string, seq: number, publicJwks: JWK[]): Promise<CheckpointRead>;
  /** Signs and writes a checkpoint; `exists` (and nothing written) when that seq already has one. */
  create(key: SigningKey, checkpoint: Omit<StoredCheckpoint, 'kid' | 'canon'>): Promise<'created' | 'exists'>;
  /** Where a checkpoint's file is (for messages). */
  path(tenant: string, seq: number): string;
}

const FILE = /^(\d{12})\.jws$/;

function tenantDir(dir: string, tenant: string): string {
  // Tenants are subdomains and cloud ids; encode anyway, so no tenant names a path outside `dir`.
  const name = encodeURIComponent(tenant);
  if (name === '.' || name === '..' || name === '')
    throw new Error(`tenant ${JSON.stringify(tenant)} cannot name a checkpoint folder`);
  return join(dir, name);
}

/**
 * The checkpoint store in a directory (created when first written).
 *
 * @example const store = checkpointStore('/mnt/audit-checkpoints'); await store.list('demo');
 */
export function checkpointStore(dir: string): CheckpointStore {
  const root = resolve(dir);
  const path = (tenant: string, seq: number) => join(tenantDir(root, tenant), `${String(seq).padStart(12, '0')}.jws`);
  return {
    dir: root,
    path,
    async list(tenant) {
      let names: string[];
      try {
        names = await readdir(tenantDir(root, tenant));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      return names.flatMap((n) => (FILE.exec(n) ? [Number(FILE.exec(n)![1])] : [])).sort((a, b) => a - b);
    },
    async read(tenant, seq, publicJwks) {
      const file = path(tenant, seq);
      const fail = (reason: string): CheckpointRead => ({ ok: false, seq, file, reason });
      let jws: string;
      try {
        jws = (await readFile(file, 'utf8')).trim();
      } catch (err) {
        return fail(`cannot read it: ${(err as Error).message}`);
      }
      let checkpoint: StoredCheckpoint;
      try {
        const { payload } = await compactVerify(jws, createLocalJWKSet({ keys: publicJwks }), {
          algorithms: ['EdDSA'],
        });
        checkpoint = JSON.parse(new TextDecoder().decode(payload)) as StoredCheckpoint;
      } catch {
        let kid = '?';
        try {
          kid = decodeProtectedHeader(jws).kid ?? '?';
        } catch {
          // not even a JWS
        }
        return fail(`its signature does not verify with the checkpoint keys (kid ${kid})`);
      }
      if (checkpoint.tenant !== tenant || checkpoint.seq !== seq) {
        return fail(
          `it signs tenant ${checkpoint.tenant} seq ${checkpoint.seq}, not the tenant and seq its file name says`,
        );
      }
      return { ok: true, seq, checkpoint, jws };
    },
    async create(key, checkpoint) {
      const payload: StoredCheckpoint = { ...checkpoint, kid: key.kid, canon: CANON_VERSION };
      const jws = await new CompactSign(new TextEncoder().encode(canonicalJson(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'ta-checkpoint+jws' })
        .sign(key.privateKey);
      await mkdir(tenantDir(root, checkpoint.tenant), { recursive: true });
      let handle: FileHandle;
      try {
        // 'wx': fails when the file exists, so no checkpoint is ever replaced.
        handle = await open(path(checkpoint.tenant, checkpoint.seq), 'wx', 0o444);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw err;
      }
      try {
        await handle.writeFile(`${jws}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return 'created';
    },
  };
}
