import { chainFieldsOf, chainHash, type ChainedFields } from './audit-chain.js';
import type { CanonVersion } from './canonical-json.js';
import type { AuditEventRow } from '../db/database.js';

/**
 * An exported row as `GET /v1/audit/export?format=jsonl` writes it: the stored row without its id,
 * `data` parsed. Exports made before canon versions existed have no `canon`: those rows are 1.
 */
export type ExportedRow = Omit<AuditEventRow, 'id' | 'data' | 'canon'> & {
  canon?: number;
  data: Record<string, unknown>;
};

/** Where a run of exported or archived rows broke, or where it ended. */
export type RowsVerdict =
  | { ok: true; last: { seq: number; hash: string }; rows: number }
  | { ok: false; seq: number; reason: string };

/**
 * Checks rows as an export or an archive holds them (`data` parsed, canon per row) against the
 * chain rule: each seq follows the last, each prev_hash is the hash before it, each hash is
 * recomputed in the row's canon version. `start` is the position before the first row.
 *
 * @example const verdict = checkChainedRows(rows, { seq: 0, hash: GENESIS_HASH });
 */
export function checkChainedRows(
  rows: Iterable<ExportedRow>,
  start: { seq: number; hash: string },
  onRow?: (row: ExportedRow) => string | null,
): RowsVerdict {
  let prev = start.hash;
  let seq = start.seq;
  let count = 0;
  for (const row of rows) {
    const fail = (reason: string): RowsVerdict => ({ ok: false, seq: row.seq, reason });
    if (row.seq !== seq + 1) return fail(`expected seq ${seq + 1}: rows are missing or out of order`);
    if (row.prev_hash !== prev) return fail('prev_hash does not match the row before it');
    const canon = (row.canon ?? 1) as CanonVersion;
    if (canon !== 1 && canon !== 2) return fail(`unknown canonical JSON version ${String(row.canon)}`);
    const fields: ChainedFields = { ...chainFieldsOf({ ...row, canon }, row.data), canon };
    if (chainHash(prev, fields) !== row.hash) return fail('hash does not match the row contents: the row was altered');
    const extra = onRow?.(row);
    if (extra) return fail(extra);
    prev = row.hash;
    seq = row.seq;
    count += 1;
  }
  return { ok: true, last: { seq, hash: prev }, rows: count };
}
