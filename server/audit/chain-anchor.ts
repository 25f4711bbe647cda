import type { Kysely } from 'kysely';
import type { AuditPurgeRow, Database } from '../db/database.js';
import { GENESIS_HASH } from './audit-chain.js';
import { ARCHIVE_FILES, type ArchiveManifest } from './archive-format.js';
import { listPurges } from './archive.repository.js';
import { archivePrefix, directoryArchiveStore, type ArchiveObjectStore } from './archive-store.js';
import type { AuditCheckpoints, CheckpointFinding } from './checkpoint-compare.js';

/** Why the archives a purge names do not cover seq 1..anchor in the store, or null when they do. */
async function archivesProblem(
  store: ArchiveObjectStore,
  tenant: string,
  ids: string[],
  purge: AuditPurgeRow,
): Promise<string | null> {
  let seq = 0;
  let hash = GENESIS_HASH;
  for (const id of ids) {
    const bytes = await store.get(archivePrefix(tenant, id) + ARCHIVE_FILES.manifest);
    if (!bytes)
      return `archive ${id}, named by a purge, is missing from ${store.location}: the purged rows are nowhere`;
    const manifest = JSON.parse(bytes.toString('utf8')) as ArchiveManifest;
    if (manifest.fromSeq !== seq + 1 || manifest.prevHash !== hash)
      return `archive ${id} does not follow seq ${seq}: the purged rows before it are in no archive`;
    seq = manifest.toSeq;
    hash = manifest.closingHash;
  }
  return seq === purge.to_seq && hash === purge.anchor_hash
    ? null
    : `the archives named by the purges end at seq ${seq}, not at the purged seq ${purge.to_seq} with its hash`;
}

/** Where the chain in the database starts when its oldest rows were archived and purged. */
export interface ChainAnchor {
  /** The last purged seq; the first row left is seq + 1 and chains from `hash`. */
  seq: number;
  hash: string;
  /** The archives that hold rows 1..seq, oldest first. */
  archives: string[];
  /** When the latest purge ran. */
  purgedAt: string;
  /** For people: "verified from seq N, archived before that: …". */
  note: string;
}

/**
 * The anchor a chain walk starts from instead of genesis, after a purge — with the check that
 * makes it trustworthy: the store outside the database holds a signed checkpoint at that seq with
 * that hash (the closing checkpoint of the last purged archive). Without it, a `purge_unverified`
 * finding: rows were removed that nothing outside the database vouches for.
 *
 * @example
 *   const { anchor, findings } = await chainAnchor(db, 'demo', checkpoints);
 *   const walk = await walkChain(db, 'demo', anchor ?? undefined);
 */
export async function chainAnchor(
  db: Kysely<Database>,
  tenant: string,
  checkpoints?: AuditCheckpoints,
): Promise<{ anchor: ChainAnchor | null; findings: CheckpointFinding[] }> {
  const purges = await listPurges(db, tenant);
  const last = purges.at(-1);
  if (!last) return { anchor: null, findings: [] };
  const archives = purges.flatMap((p) => JSON.parse(p.archives) as string[]);
  const anchor: ChainAnchor = {
    seq: last.to_seq,
    hash: last.anchor_hash,
    archives,
    purgedAt: last.purged_at,
    note:
      `verified from seq ${last.to_seq + 1}; seq 1–${last.to_seq} archived before that in ${archives.join(', ')} ` +
      `and purged (last purge ${last.purged_at})`,
  };
  const findings: CheckpointFinding[] = [];
  const store = checkpoints?.store;
  if (store) {
    // The archives the purge names must be in the store, one after another up to the anchor: rows
    // may leave the database only into archives, never into nothing.
    const missing = await archivesProblem(directoryArchiveStore(store.dir), tenant, archives, last);
    if (missing) findings.push({ kind: 'purge_unverified', fromSeq: 1, toSeq: last.to_seq, message: missing });
    const read = await store.read(tenant, last.to_seq, checkpoints.keys.publicJwks);
    if (!read.ok || read.checkpoint.hash !== last.anchor_hash) {
      findings.push({
        kind: 'purge_unverified',
        fromSeq: last.from_seq,
        toSeq: last.to_seq,
        message:
          `rows ${last.from_seq}..${last.to_seq} were purged, but ${store.path(tenant, last.to_seq)} ` +
          (read.ok ? `signs another hash than the purge recorded` : `is not trustworthy: ${read.reason}`) +
          ': nothing outside the database vouches for the deleted rows',
      });
    }
  }
  return { anchor, findings };
}
