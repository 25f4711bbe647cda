import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { SigningKey } from '../auth/signing-keys.js';
import type { AuditEventRow } from '../db/database.js';
import { GENESIS_HASH, chainHash, type ChainedFields } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

/** What a checkpoint signs: a range of one tenant's chain, by its ends. */
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
 * Signs a range's head with the server's Ed25519 checkpoint key (public key in /.well-known/jwks.json),
 * so an exported range can be checked offline, like CloudTrail digest files.
 *
 * @example const jws = await signCheckpoint(key, { tenant: 'demo', fromSeq: 1, prevHash: GENESIS_HASH, toSeq: 9, hash, signedAt });
 */
export function signCheckpoint(key: SigningKey, checkpoint: Checkpoint): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(checkpoint)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'ta-checkpoint+jws' })
    .sign(key.privateKey);
}

/** An exported row as `GET /v1/audit/export?format=jsonl` writes it: the stored row without its id, `data` parsed. */
export type ExportedRow = Omit<AuditEventRow, 'id' | 'data'> & { data: Record<string, unknown> };

export type ExportVerdict = { ok: true; checkpoint: Checkpoint; rows: number } | { ok: false; seq: number | null; reason: string };

/**
 * Verifies an export offline: every row's hash, the chain between rows, and the signed checkpoint
 * over the range's ends — with nothing but the export and the published JWKS.
 *
 * @example const verdict = await verifyExport(readFileSync('audit.jsonl', 'utf8'), jwks);
 */
export async function verifyExport(jsonl: string, jwks: JSONWebKeySet): Promise<ExportVerdict> {
  const lines = jsonl.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ExportedRow | { checkpoint: string });
  const trailer = lines.at(-1);
  if (!trailer || !('checkpoint' in trailer)) return { ok: false, seq: null, reason: 'the export has no signed checkpoint line at its end' };
  let checkpoint: Checkpoint;
  try {
    const { payload } = await compactVerify(trailer.checkpoint, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    checkpoint = JSON.parse(new TextDecoder().decode(payload)) as Checkpoint;
  } catch {
    return { ok: false, seq: null, reason: 'the checkpoint signature does not verify with the published keys' };
  }
  const rows = lines.slice(0, -1) as ExportedRow[];
  let prev = checkpoint.prevHash;
  let expectedSeq = checkpoint.fromSeq;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { ok: false, seq: row.seq, reason: `expected seq ${expectedSeq}: rows are missing or out of order` };
    if (row.prev_hash !== prev) return { ok: false, seq: row.seq, reason: 'prev_hash does not match the row before it' };
    const fields: ChainedFields = {
      tenant: row.tenant, seq: row.seq, occurredAt: row.occurred_at, actorId: row.actor_id, kind: row.kind,
      grantId: row.grant_id, ticketId: row.ticket_id, customerId: row.customer_id, data: row.data,
    };
    if (chainHash(prev, fields) !== row.hash) return { ok: false, seq: row.seq, reason: 'hash does not match the row contents: the row was altered' };
    prev = row.hash;
    expectedSeq += 1;
  }
  if (expectedSeq - 1 !== checkpoint.toSeq || prev !== checkpoint.hash) {
    return { ok: false, seq: null, reason: `the rows end at seq ${expectedSeq - 1}, but the checkpoint signs seq ${checkpoint.toSeq} with another hash` };
  }
  return { ok: true, checkpoint, rows: rows.length };
}

export { GENESIS_HASH };
