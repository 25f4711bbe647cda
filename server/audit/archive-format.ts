import { createHash } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { GENESIS_HASH } from './audit-chain.js';
import { checkChainedRows, type ExportedRow } from './chained-rows.js';
import type { StoredCheckpoint } from './checkpoint-store.js';
import { verifiedPayload } from './checkpoints.js';

/** The files of one sealed archive, in its folder. The manifest is written last: without it, no archive. */
export const ARCHIVE_FILES = {
  rows: 'rows.jsonl',
  closing: 'closing-checkpoint.jws',
  previous: 'previous-checkpoint.jws',
  manifest: 'manifest.json',
} as const;

export const ARCHIVE_FORMAT = 'ticketed-access-audit-archive/1';

/** What `manifest.json` says (RFC 8785 JSON). */
export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  id: string;
  tenant: string;
  /** The calendar month (UTC) the rows were written in: [start, end). */
  period: { start: string; end: string };
  fromSeq: number;
  toSeq: number;
  rowCount: number;
  /** The hash row fromSeq chains from (genesis for seq 1); signed by the previous checkpoint. */
  prevHash: string;
  /** The hash of row toSeq; signed by the closing checkpoint. */
  closingHash: string;
  createdAt: string;
  /** sha256 (hex) of every other file. */
  files: Record<string, string>;
}

export type ArchiveProblemKind =
  | 'file_missing'
  | 'file_altered'
  | 'row_altered'
  | 'bad_checkpoint'
  | 'wrong_checkpoint'
  | 'manifest_invalid'
  | 'gap';

export interface ArchiveProblem {
  kind: ArchiveProblemKind;
  archive: string;
  file: string | null;
  seq: number | null;
  message: string;
}

export type ArchiveVerdict =
  | { ok: true; manifest: ArchiveManifest; closing: StoredCheckpoint }
  | { ok: false; problem: ArchiveProblem };

/** Reads one file of an archive by name; null when it is not there. */
export type ArchiveFileReader = (name: string) => Promise<Buffer | null>;

export const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** An archive row's line: the stored row without its id, `data` parsed, as RFC 8785 JSON. */
export function parseArchiveRows(text: string): ExportedRow[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ExportedRow);
}

/**
 * Verifies one sealed archive with nothing but its files and the published keys (a JWKS; only
 * `checkpoint-…` keys count, so keys rotated since still verify while their public part is
 * published): the closing and previous checkpoints' signatures, that they sign this range's ends,
 * every row's hash and link, the row count, and each file's sha256 in the manifest. The first
 * problem is named: a missing file, a changed row, a wrong or forged checkpoint.
 *
 * @example const verdict = await verifyArchive((name) => readFile(join(dir, name)).catch(() => null), jwks);
 */
export async function verifyArchive(read: ArchiveFileReader, jwks: JSONWebKeySet, name = '?'): Promise<ArchiveVerdict> {
  const fail = (kind: ArchiveProblemKind, file: string | null, message: string, seq: number | null = null) => ({
    ok: false as const,
    problem: { kind, archive: name, file, seq, message },
  });
  const manifestBytes = await read(ARCHIVE_FILES.manifest);
  if (!manifestBytes)
    return fail('file_missing', ARCHIVE_FILES.manifest, 'manifest.json is missing: not a complete archive');
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as ArchiveManifest;
    if (manifest.format !== ARCHIVE_FORMAT) throw new Error(`format ${String(manifest.format)}`);
  } catch (err) {
    return fail(
      'manifest_invalid',
      ARCHIVE_FILES.manifest,
      `manifest.json is not an archive manifest: ${(err as Error).message}`,
    );
  }
  const archive = manifest.id;
  const named = (kind: ArchiveProblemKind, file: string | null, message: string, seq: number | null = null) => ({
    ok: false as const,
    problem: { kind, archive, file, seq, message },
  });

  const required: string[] = [ARCHIVE_FILES.rows, ARCHIVE_FILES.closing];
  if (manifest.fromSeq > 1) required.push(ARCHIVE_FILES.previous);
  const bytes = new Map<string, Buffer>();
  for (const file of required) {
    const content = await read(file);
    if (!content) return named('file_missing', file, `${file} is missing from archive ${archive}`);
    bytes.set(file, content);
  }

  const checkpointIn = async (file: string, seq: number, hash: string, role: string) => {
    const signed = await verifiedPayload<StoredCheckpoint>(bytes.get(file)!.toString('utf8').trim(), jwks);
    if (!signed)
      return named(
        'bad_checkpoint',
        file,
        `the ${role} checkpoint's signature does not verify with the published keys`,
      );
    if (signed.tenant !== manifest.tenant || signed.seq !== seq || signed.hash !== hash) {
      return named(
        'wrong_checkpoint',
        file,
        `the ${role} checkpoint signs tenant ${signed.tenant} seq ${signed.seq} hash ${signed.hash.slice(0, 16)}…, ` +
          `not seq ${seq} hash ${hash.slice(0, 16)}… of tenant ${manifest.tenant} that this archive needs`,
      );
    }
    return signed;
  };
  const closing = await checkpointIn(ARCHIVE_FILES.closing, manifest.toSeq, manifest.closingHash, 'closing');
  if ('ok' in closing) return closing;
  if (manifest.fromSeq > 1) {
    const previous = await checkpointIn(ARCHIVE_FILES.previous, manifest.fromSeq - 1, manifest.prevHash, 'previous');
    if ('ok' in previous) return previous;
  } else if (manifest.prevHash !== GENESIS_HASH) {
    return named('manifest_invalid', ARCHIVE_FILES.manifest, 'an archive from seq 1 must chain from the genesis hash');
  }

  let rows: ExportedRow[];
  try {
    rows = parseArchiveRows(bytes.get(ARCHIVE_FILES.rows)!.toString('utf8'));
  } catch (err) {
    return named(
      'row_altered',
      ARCHIVE_FILES.rows,
      `rows.jsonl holds a line that is not JSON: ${(err as Error).message}`,
    );
  }
  const walked = checkChainedRows(rows, { seq: manifest.fromSeq - 1, hash: manifest.prevHash }, (row) =>
    row.tenant === manifest.tenant ? null : `row ${row.seq} belongs to tenant ${row.tenant}`,
  );
  if (!walked.ok) return named('row_altered', ARCHIVE_FILES.rows, `row ${walked.seq}: ${walked.reason}`, walked.seq);
  if (
    walked.last.seq !== manifest.toSeq ||
    walked.last.hash !== manifest.closingHash ||
    walked.rows !== manifest.rowCount
  ) {
    return named(
      'wrong_checkpoint',
      ARCHIVE_FILES.closing,
      `the rows end at seq ${walked.last.seq} (${walked.rows} rows), but the closing checkpoint signs seq ` +
        `${manifest.toSeq} with another hash: rows were cut or added`,
    );
  }
  for (const [file, content] of bytes) {
    if (manifest.files[file] !== sha256Hex(content))
      return named('file_altered', file, `${file} does not match its sha256 in manifest.json`);
  }
  return { ok: true, manifest, closing };
}

/**
 * Verifies archives as one chain: each alone, then each one starting where the one before it
 * closed (its previous checkpoint is that one's closing checkpoint). A missing archive between two is a `gap`.
 *
 * @example const { ok, problems } = await verifyArchiveChain(dirs.map((d) => ({ name: d, read: reader(d) })), jwks);
 */
export async function verifyArchiveChain(
  archives: { name: string; read: ArchiveFileReader }[],
  jwks: JSONWebKeySet,
): Promise<{ ok: boolean; verified: ArchiveManifest[]; problems: ArchiveProblem[] }> {
  const verified: ArchiveManifest[] = [];
  const problems: ArchiveProblem[] = [];
  for (const archive of archives) {
    const verdict = await verifyArchive(archive.read, jwks, archive.name);
    if (verdict.ok) verified.push(verdict.manifest);
    else problems.push(verdict.problem);
  }
  verified.sort((a, b) => a.fromSeq - b.fromSeq);
  for (let i = 1; i < verified.length; i++) {
    const [before, after] = [verified[i - 1]!, verified[i]!];
    if (after.fromSeq !== before.toSeq + 1 || after.prevHash !== before.closingHash) {
      problems.push({
        kind: 'gap',
        archive: after.id,
        file: null,
        seq: before.toSeq + 1,
        message:
          after.fromSeq !== before.toSeq + 1
            ? `rows ${before.toSeq + 1}..${after.fromSeq - 1} are in no archive given (between ${before.id} and ${after.id})`
            : `${after.id} does not chain from ${before.id}: its first row follows another hash`,
      });
    }
  }
  return { ok: problems.length === 0, verified, problems };
}
