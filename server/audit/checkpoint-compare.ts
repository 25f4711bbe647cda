import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { readChainHead, readChainRow } from './audit.repository.js';
import type { CheckpointKeys } from './checkpoint-keys.js';
import type { CheckpointStore, StoredCheckpoint } from './checkpoint-store.js';

/** What the app needs to write and check checkpoints; `store: null` means none are kept. */
export interface AuditCheckpoints {
  keys: CheckpointKeys;
  store: CheckpointStore | null;
}

export interface CheckpointFinding {
  kind: 'tail_cut' | 'rewritten' | 'seq_reused' | 'bad_checkpoint' | 'checkpoint_missing' | 'purge_unverified';
  /** The rows (or the checkpoint's seq) the finding is about; null when it is about no row. */
  fromSeq: number | null;
  toSeq: number | null;
  message: string;
}

export interface CheckpointUsed {
  seq: number;
  hash: string;
  signedAt: string;
  kid: string;
  file: string;
}

export interface CheckpointComparison {
  /** The newest checkpoint whose signature verifies, or null when the store has none. */
  checkpoint: CheckpointUsed | null;
  findings: CheckpointFinding[];
}

const MAX_BAD_REPORTED = 10;
const short = (hash: string) => `${hash.slice(0, 16)}…`;

/**
 * The tenant's newest checkpoint that verifies, scanning back from the newest file; every file on
 * the way that does not verify is a finding (an attacker can add files to an append-only store).
 */
export async function latestValidCheckpoint(
  store: CheckpointStore,
  keys: CheckpointKeys,
  tenant: string,
  seqs?: number[],
): Promise<{ checkpoint: StoredCheckpoint | null; findings: CheckpointFinding[] }> {
  const all = seqs ?? (await store.list(tenant));
  const findings: CheckpointFinding[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    const read = await store.read(tenant, all[i]!, keys.publicJwks);
    if (read.ok) return { checkpoint: read.checkpoint, findings };
    if (findings.length < MAX_BAD_REPORTED) {
      findings.push({
        kind: 'bad_checkpoint',
        fromSeq: read.seq,
        toSeq: read.seq,
        message: `checkpoint ${read.file} is not trustworthy: ${read.reason}`,
      });
    }
  }
  return { checkpoint: null, findings };
}

/**
 * Compares a tenant's chain in the database with the signed checkpoints outside it. The database
 * alone cannot show a cut tail or a chain rewritten and re-hashed end to end; the checkpoints,
 * signed with a key the database does not hold, can: rows missing below the newest checkpoint's
 * seq, and the earliest checkpoint whose row now has another hash (binary search: once a row
 * matches its checkpoint, every row before it is intact, because each hash covers the one before).
 *
 * @example const { checkpoint, findings } = await compareWithCheckpoints(db, 'demo', { keys, store });
 */
export async function compareWithCheckpoints(
  db: Kysely<Database>,
  tenant: string,
  checkpoints: AuditCheckpoints,
  /** Rows up to here were archived and purged (the chain's anchor): checkpoints there have no row to match. */
  afterSeq = 0,
): Promise<CheckpointComparison> {
  const { store, keys } = checkpoints;
  if (!store) return { checkpoint: null, findings: [] };
  const seqs = await store.list(tenant);
  const latest = await latestValidCheckpoint(store, keys, tenant, seqs);
  const findings = [...latest.findings];
  const newest = latest.checkpoint;
  if (!newest) return { checkpoint: null, findings };
  const used = {
    seq: newest.seq,
    hash: newest.hash,
    signedAt: newest.signedAt,
    kid: newest.kid,
    file: store.path(tenant, newest.seq),
  };

  if (newest.previous && !seqs.includes(newest.previous.seq)) {
    findings.push({
      kind: 'checkpoint_missing',
      fromSeq: newest.previous.seq,
      toSeq: newest.previous.seq,
      message:
        `the checkpoint at seq ${newest.previous.seq}, which checkpoint ${newest.seq} follows, ` +
        `is missing from ${store.dir}`,
    });
  }
  const head = await readChainHead(db, tenant);
  const headSeq = head?.seq ?? 0;
  if (headSeq < newest.seq) {
    findings.push({
      kind: 'tail_cut',
      fromSeq: headSeq + 1,
      toSeq: newest.seq,
      message:
        `rows ${headSeq + 1}..${newest.seq} are missing: ` +
        `the tail was cut after checkpoint ${newest.seq} (signed ${newest.signedAt})`,
    });
  }

  // Checkpoints at or below the head, read on demand (each read verifies a signature).
  const candidates = seqs.filter((s) => s > afterSeq && s <= headSeq);
  const cache = new Map<number, StoredCheckpoint | null>();
  const load = async (seq: number) => {
    if (!cache.has(seq)) {
      const read = await store.read(tenant, seq, keys.publicJwks);
      cache.set(seq, read.ok ? read.checkpoint : null);
      if (!read.ok && !findings.some((f) => f.kind === 'bad_checkpoint' && f.fromSeq === seq)) {
        findings.push({
          kind: 'bad_checkpoint',
          fromSeq: seq,
          toSeq: seq,
          message: `checkpoint ${read.file} is not trustworthy: ${read.reason}`,
        });
      }
    }
    return cache.get(seq) ?? null;
  };
  const matches = async (cp: StoredCheckpoint) => (await readChainRow(db, tenant, cp.seq))?.hash === cp.hash;
  // The valid checkpoint nearest below index i (inclusive), or -1.
  const validAtOrBelow = async (i: number): Promise<number> => {
    for (let k = i; k >= 0; k--) if (await load(candidates[k]!)) return k;
    return -1;
  };

  let top = await validAtOrBelow(candidates.length - 1);
  if (top < 0 || (await matches((await load(candidates[top]!))!))) return { checkpoint: used, findings };
  // candidates[top] mismatches. Invariant: every valid checkpoint at an index ≤ lo matches;
  // lastMatch is the highest one known to (files that do not verify tell nothing either way).
  let lo = -1;
  let lastMatch = -1;
  while (top - lo > 1) {
    const middle = Math.floor((lo + top) / 2);
    const probe = await validAtOrBelow(middle);
    if (probe <= lo) lo = middle;
    else if (await matches((await load(candidates[probe]!))!)) lo = lastMatch = probe;
    else top = probe;
  }
  const first = (await load(candidates[top]!))!;
  const firstSeq = lastMatch >= 0 ? candidates[lastMatch]! + 1 : afterSeq + 1;
  const row = await readChainRow(db, tenant, first.seq);
  if (!row) {
    findings.push({
      kind: 'tail_cut',
      fromSeq: first.seq,
      toSeq: first.seq,
      message: `row ${first.seq}, signed in checkpoint ${first.seq} (${first.signedAt}), is missing`,
    });
  } else if (row.id !== first.rowId) {
    findings.push({
      kind: 'seq_reused',
      fromSeq: firstSeq,
      toSeq: first.seq,
      message:
        `seq ${first.seq} was reused: checkpoint ${first.seq} (signed ${first.signedAt}) signed ` +
        `row id ${first.rowId} with hash ${short(first.hash)}, the database now has row id ${row.id} ` +
        `with hash ${short(row.hash)} there: rows were deleted and others appended in their place ` +
        `(first change in rows ${firstSeq}..${first.seq})`,
    });
  } else {
    findings.push({
      kind: 'rewritten',
      fromSeq: firstSeq,
      toSeq: first.seq,
      message:
        `row ${first.seq} was rewritten after checkpoint ${first.seq} (signed ${first.signedAt}): ` +
        `it hashes to ${short(row.hash)}, the checkpoint signed ${short(first.hash)}; ` +
        `the change lies in rows ${firstSeq}..${first.seq}` +
        (lastMatch >= 0 ? ` (checkpoint ${candidates[lastMatch]} still matches)` : '') +
        ' and every later row was re-hashed',
    });
  }
  return { checkpoint: used, findings };
}
