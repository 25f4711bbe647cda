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
  scope: { kind: 'incremental' | 'full'; fromSeq: number };
  /** Where the chain starts after a purge (rows before it are in sealed archives); null: from genesis. */
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
  onPage?: (checked: number) => void,
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
    onPage?.(checked);
    if (page.length < PAGE) break;
  }
  return { ok: true, checked, head: head(), firstBroken: null };
}

/** A chain walk, wherever it runs (inline, or in the heavy-reads worker). */
export type WalkFn = (
  tenant: string,
  from: { seq: number; hash: string } | undefined,
  toSeq: number | undefined,
  onPage?: (checked: number) => void,
) => Promise<ChainWalk>;

export interface VerifyOptions {
  /**
   * `full` (the default) re-walks from the first row; `incremental` re-walks only the rows after the
   * newest signed checkpoint whose row still matches it. Every row up to a checkpoint was walked when
   * the checkpoint was signed (server/audit/checkpoint-writer.ts), so an incremental verify costs the
   * new rows only; a row edited in place below it is what the background full re-walk is for.
   */
  scope?: 'full' | 'incremental';
  walk?: WalkFn;
  onProgress?: (checked: number) => void;
}

/** Findings that mean the newest checkpoint cannot anchor a walk: the rows under it changed or went. */
const ANCHOR_SPOILERS = new Set<CheckpointFinding['kind']>(['tail_cut', 'rewritten', 'seq_reused']);

/**
 * Verifies a tenant's chain: compares it with the signed checkpoints kept outside the database,
 * which show what the chain alone cannot (a cut tail, rows rewritten and every later row re-hashed),
 * then re-walks it — from the first row, or incrementally from the newest checkpoint — naming the
 * first broken row.
 *
 * @example const { ok, firstBroken, findings } = await verifyAuditChain(db, 'demo', checkpoints);
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  tenant: string,
  checkpoints?: AuditCheckpoints,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  // After a purge the chain starts from the last purged archive's closing checkpoint, not genesis.
  const { anchor: purged, findings: purgeFindings } = await chainAnchor(db, tenant, checkpoints);
  const compared = checkpoints
    ? await compareWithCheckpoints(db, tenant, checkpoints, purged?.seq)
    : { checkpoint: null, findings: [] };
  const { checkpoint } = compared;
  const findings = [...purgeFindings, ...compared.findings];
  const fromCheckpoint =
    options.scope === 'incremental' && checkpoint && !findings.some((f) => ANCHOR_SPOILERS.has(f.kind))
      ? { seq: checkpoint.seq, hash: checkpoint.hash }
      : undefined;
  const start = fromCheckpoint ?? (purged ? { seq: purged.seq, hash: purged.hash } : undefined);
  const walk = options.walk ?? ((t, from, toSeq, onPage) => walkChain(db, t, from, toSeq, onPage));
  const walked = await walk(tenant, start, undefined, options.onProgress);
  return {
    ...walked,
    ok: walked.ok && findings.length === 0,
    tenant,
    checkpoint,
    findings,
    scope: { kind: fromCheckpoint ? 'incremental' : 'full', fromSeq: (start?.seq ?? 0) + 1 },
    anchor: purged,
  };
}
