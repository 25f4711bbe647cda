import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { SigningKey } from '../keys/signing-keys.js';
import { GENESIS_HASH } from './audit-chain.js';
import { CANON_VERSION, canonicalJson } from './canonical-json.js';
import { checkChainedRows, type ExportedRow } from './chained-rows.js';
import { CHECKPOINT_KID_PREFIX } from './checkpoint-keys.js';
import type { StoredCheckpoint } from './checkpoint-store.js';

/** What an export's trailer signs: a range of one tenant's chain, by its ends. */
export interface Checkpoint {
  tenant: string;
  fromSeq: number;
  /** The hash the range's first row chains from (genesis for seq 1). */
  prevHash: string;
  toSeq: number;
  /** The head: the hash of the range's last row. */
  hash: string;
  signedAt: string;
}

/**
 * Signs a range's ends with the checkpoint key (kept outside the database; public keys in
 * /.well-known/jwks.json), so an exported range can be checked offline, like CloudTrail digest files.
 *
 * @example const jws = await signCheckpoint(key, { tenant: 'demo', fromSeq: 1, prevHash: GENESIS_HASH, toSeq: 9, hash,
 * signedAt });
 */
export function signCheckpoint(key: SigningKey, checkpoint: Checkpoint): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson({ ...checkpoint, canon: CANON_VERSION })))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'ta-checkpoint+jws' })
    .sign(key.privateKey);
}

/**
 * The export's last line: the server's signature over the range, and the newest checkpoint from the
 * external store that the range should contain (`anchor`), signed when that row was the head.
 */
export interface ExportTrailer {
  checkpoint: string;
  anchor?: string;
}

export type ExportVerdict =
  | { ok: true; checkpoint: Checkpoint; rows: number; anchor: { seq: number; signedAt: string } | null }
  | { ok: false; seq: number | null; reason: string };

/** A JWS payload verified with the JWKS's checkpoint keys only; null when it does not verify. */
export async function verifiedPayload<T>(jws: string, jwks: JSONWebKeySet): Promise<T | null> {
  // Only checkpoint keys: the JWKS also lists grant-token keys, which live in the database.
  const checkpointKeys = { keys: jwks.keys.filter((k) => k.kid?.startsWith(CHECKPOINT_KID_PREFIX)) };
  try {
    const { payload } = await compactVerify(jws, createLocalJWKSet(checkpointKeys), { algorithms: ['EdDSA'] });
    return JSON.parse(new TextDecoder().decode(payload)) as T;
  } catch {
    return null;
  }
}

/**
 * Verifies an export offline: every row's hash (in its canon version), the chain between rows,
 * the signed range over its ends, and the row at the anchor checkpoint's seq — with nothing but the
 * export and the published JWKS (of which only the checkpoint keys, kid `checkpoint-…`, count).
 *
 * @example const verdict = await verifyExport(readFileSync('audit.jsonl', 'utf8'), jwks);
 */
export async function verifyExport(jsonl: string, jwks: JSONWebKeySet): Promise<ExportVerdict> {
  const lines = jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ExportedRow | ExportTrailer);
  const trailer = lines.at(-1);
  if (!trailer || !('checkpoint' in trailer))
    return { ok: false, seq: null, reason: 'the export has no signed checkpoint line at its end' };
  const checkpoint = await verifiedPayload<Checkpoint>(trailer.checkpoint, jwks);
  if (!checkpoint)
    return { ok: false, seq: null, reason: 'the checkpoint signature does not verify with the published keys' };
  const anchor = trailer.anchor ? await verifiedPayload<StoredCheckpoint>(trailer.anchor, jwks) : null;
  if (trailer.anchor && (!anchor || anchor.tenant !== checkpoint.tenant)) {
    return {
      ok: false,
      seq: null,
      reason: 'the anchor checkpoint does not verify with the published keys (or is for another tenant)',
    };
  }
  const rows = lines.slice(0, -1) as ExportedRow[];
  const walked = checkChainedRows(rows, { seq: checkpoint.fromSeq - 1, hash: checkpoint.prevHash }, (row) =>
    anchor && anchor.seq === row.seq && anchor.hash !== row.hash
      ? `row ${row.seq} differs from the stored checkpoint signed ${anchor.signedAt}: rewritten (or its seq reused) after it`
      : null,
  );
  if (!walked.ok) return walked;
  const prev = walked.last.hash;
  const lastSeq = walked.last.seq;
  if (lastSeq !== checkpoint.toSeq || prev !== checkpoint.hash) {
    return {
      ok: false,
      seq: null,
      reason: `the rows end at seq ${lastSeq}, but the checkpoint signs seq ${checkpoint.toSeq} with another hash`,
    };
  }
  if (anchor && anchor.seq > lastSeq) {
    return {
      ok: false,
      seq: null,
      reason: `rows ${lastSeq + 1}..${anchor.seq} are missing: the stored checkpoint signed ${anchor.signedAt} covers seq ${anchor.seq}`,
    };
  }
  return {
    ok: true,
    checkpoint,
    rows: rows.length,
    anchor: anchor ? { seq: anchor.seq, signedAt: anchor.signedAt } : null,
  };
}

export { GENESIS_HASH };
export type { ExportedRow };
