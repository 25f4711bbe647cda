import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { GENESIS_HASH, chainFieldsOf, chainHashOfStored } from './audit-chain.js';
import { readChainPage } from './audit.repository.js';
import { chainAnchor, type ChainAnchor } from './chain-anchor.js';
import {
  compareWithCheckpoints,
  type AuditCheckpoints,
  type CheckpointFinding,
  type CheckpointUsed,
} from './checkpoint-compare.js';

export interface ChainBreak {
  id: number;
  seq: number;
  reason: string;
}

export interface ChainWalk {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  firstBroken: ChainBreak | null;
}

export interface VerifyResult extends ChainWalk {
  tenant: string;
  /** The external checkpoint the chain was compared with; null when there is none (or no store). */
  checkpoint: CheckpointUsed | null;
  /** What the comparison with the checkpoints found: a cut tail, a rewritten row, a reused seq, a bad checkpoint. */
  findings: CheckpointFinding[];
  /** Where the walk started after a purge (rows before it are in sealed archives); null: from genesis. */
  anchor: ChainAnchor | null;
}

const PAGE = 5_000;

/**
 * Re-walks a stretch of a tenant's chain: every seq follows the last, every prev_hash is the hash
 * before it, every hash is recomputed from the row. Starts after `from` (genesis by default), stops
 * at the first broken row or after `toSeq`.
 *
 * @example const walk = await walkChain(db, 'demo', { seq: 120, hash: checkpoint.hash });
 */
export async function walkChain(
  db: Kysely<Database>,
  tenant: string,
  from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
  toSeq = Number.POSITIVE_INFINITY,
): Promise<ChainWalk> {
  let prevHash = from.hash;
  let lastSeq = from.seq;
  let checked = 0;
  const head = () => (lastSeq ? { seq: lastSeq, hash: prevHash } : null);
  for (;;) {
    const page = await readChainPage(db, tenant, lastSeq, PAGE);
    for (const row of page) {
      if (row.seq > toSeq) return { ok: true, checked, head: head(), firstBroken: null };
      const broken = (reason: string): ChainWalk => ({
        ok: false,
        checked,
        head: head(),
        firstBroken: { id: row.id, seq: row.seq, reason },
      });
      if (row.seq !== lastSeq + 1) return broken(`expected seq ${lastSeq + 1}, found ${row.seq}: rows are missing`);
      if (row.prev_hash !== prevHash) return broken('prev_hash does not match the hash of the row before it');
      if (row.canon !== 1 && row.canon !== 2) return broken(`unknown canonical JSON version ${row.canon}`);
      const recomputed = chainHashOfStored(prevHash, chainFieldsOf(row, row.data));
      if (recomputed !== row.hash) return broken('hash does not match the row contents: the row was altered');
      prevHash = row.hash;
      lastSeq = row.seq;
      checked += 1;
    }
    if (page.length < PAGE) break;
  }
  return { ok: true, checked, head: head(), firstBroken: null };
}

/**
 * Verifies a tenant's chain: re-walks it from the first row (naming the first broken row), then
 * compares it with the signed checkpoints kept outside the database, which show what the chain
 * alone cannot: a cut tail, or rows rewritten and every later row re-hashed.
 *
 * @example const { ok, firstBroken, findings } = await verifyAuditChain(db, 'demo', checkpoints);
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  tenant: string,
  checkpoints?: AuditCheckpoints,
): Promise<VerifyResult> {
  const { anchor, findings: purged } = await chainAnchor(db, tenant, checkpoints);
  const walk = await walkChain(db, tenant, anchor ?? undefined);
  const compared = checkpoints
    ? await compareWithCheckpoints(db, tenant, checkpoints, anchor?.seq)
    : { checkpoint: null, findings: [] };
  const findings = [...purged, ...compared.findings];
  return { ...walk, ok: walk.ok && findings.length === 0, tenant, checkpoint: compared.checkpoint, findings, anchor };
}
