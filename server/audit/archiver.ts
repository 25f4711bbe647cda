import type { Deps } from '../app-env.js';
import type { AuditEventRow } from '../db/database.js';
import { openNow } from '../grants/grant-predicates.js';
import { GENESIS_HASH } from './audit-chain.js';
import { appendAuditEvents, readChainHead, readChainPage, readChainRow } from './audit.repository.js';
import { ARCHIVE_FILES, ARCHIVE_FORMAT, sha256Hex, verifyArchive, type ArchiveManifest } from './archive-format.js';
import { firstSeqFrom, lastArchive, lastPurge } from './archive.repository.js';
import { archivePrefix, type ArchiveObjectStore } from './archive-store.js';
import { checkChainedRows, type ExportedRow } from './chained-rows.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditCheckpoints } from './checkpoint-compare.js';
import type { CheckpointStore } from './checkpoint-store.js';

/** The stores retention works with: checkpoints (and their key) and archives, both outside the database. */
export interface RetentionStores {
  checkpoints: AuditCheckpoints & { store: CheckpointStore };
  archives: ArchiveObjectStore;
}

export type ArchiveOutcome =
  | { tenant: string; outcome: 'sealed'; archive: string; fromSeq: number; toSeq: number }
  | { tenant: string; outcome: 'waiting' | 'none' | 'refused'; reason: string };

class ArchiveRefused extends Error {}

const PAGE = 2_000;
/** Months sealed per tenant in one run, so a long backlog does not hold the job for hours. */
const MONTHS_PER_RUN = 24;

/**
 * The calendar month (UTC) a moment falls in.
 *
 * @example monthOf('2025-03-14T09:00:00.000Z') // { start: '2025-03-01T00:00:00.000Z', end: '2025-04-01T…' }
 */
export function monthOf(iso: string): { start: string; end: string } {
  const start = new Date(`${iso.slice(0, 7)}-01T00:00:00.000Z`);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  return { start: start.toISOString(), end: end.toISOString() };
}

const exported = (row: AuditEventRow): ExportedRow => {
  const { id: _id, data, ...rest } = row;
  return { ...rest, data: JSON.parse(data) as Record<string, unknown> };
};

/** Writes an object, or accepts the one already there when it holds the same bytes (a rerun after a crash). */
async function putOnce(store: ArchiveObjectStore, key: string, body: Iterable<string> | AsyncIterable<string>) {
  const { result, sha256 } = await store.put(key, body);
  if (result === 'exists') {
    const existing = await store.get(key);
    if (!existing || sha256Hex(existing) !== sha256)
      throw new ArchiveRefused(`${store.location}/${key} already exists with other contents`);
  }
  return sha256;
}

/** The checkpoints of a stretch that verify, by seq: rows there must still have the signed hash. */
async function signedHashes(stores: RetentionStores, tenant: string, after: number, upTo: number) {
  const { store, keys } = stores.checkpoints;
  const hashes = new Map<number, string>();
  for (const seq of (await store.list(tenant)).filter((s) => s > after && s <= upTo)) {
    const read = await store.read(tenant, seq, keys.publicJwks);
    if (read.ok) hashes.set(seq, read.checkpoint.hash);
  }
  return hashes;
}

/** Seals the oldest closed month not yet archived, if there is one. */
async function sealNext(deps: Deps, stores: RetentionStores, tenant: string): Promise<ArchiveOutcome> {
  const { db } = deps;
  const [archived, purged] = await Promise.all([lastArchive(db, tenant), lastPurge(db, tenant)]);
  const after = Math.max(archived?.to_seq ?? 0, purged?.to_seq ?? 0);
  const prevHash =
    archived?.to_seq === after ? archived.closing_hash : purged?.to_seq === after ? purged.anchor_hash : GENESIS_HASH;
  const [first] = await readChainPage(db, tenant, after, 1);
  if (!first) return { tenant, outcome: 'none', reason: `nothing written after seq ${after}` };
  const period = monthOf(first.occurred_at);
  const now = deps.now().toISOString();
  const waiting = (reason: string): ArchiveOutcome => ({ tenant, outcome: 'waiting', reason });
  if (now < period.end) return waiting(`the month of seq ${first.seq} ends ${period.end}`);
  const open = await db
    .selectFrom('grants')
    .select('id')
    .where('tenant', '=', tenant)
    .where('requested_at', '<', period.end)
    .where(openNow(now))
    .limit(1)
    .executeTakeFirst();
  if (open) return waiting(`grant ${open.id}, requested before ${period.end}, is still open`);
  const next = await firstSeqFrom(db, tenant, first.seq, period.end);
  const toSeq = next ? next - 1 : ((await readChainHead(db, tenant))?.seq ?? first.seq);
  const id = `${period.start.slice(0, 7)}-${String(first.seq).padStart(12, '0')}-${String(toSeq).padStart(12, '0')}`;
  const prefix = archivePrefix(tenant, id);

  const signed = await signedHashes(stores, tenant, first.seq - 1, toSeq);
  let end = { seq: first.seq - 1, hash: prevHash };
  let rowCount = 0;
  // The rows are checked while they are written: a broken chain is never sealed.
  async function* lines() {
    while (end.seq < toSeq) {
      const page = (await readChainPage(db, tenant, end.seq, Math.min(PAGE, toSeq - end.seq))).map(exported);
      if (page.length === 0) throw new ArchiveRefused(`rows ${end.seq + 1}..${toSeq} vanished while archiving`);
      const verdict = checkChainedRows(page, end, (row) =>
        signed.has(row.seq) && signed.get(row.seq) !== row.hash ? 'it differs from its signed checkpoint' : null,
      );
      if (!verdict.ok) throw new ArchiveRefused(`the chain is broken at seq ${verdict.seq}: ${verdict.reason}`);
      end = verdict.last;
      rowCount += verdict.rows;
      yield page.map((row) => `${canonicalJson(row)}\n`).join('');
    }
  }
  const files: Record<string, string> = {};
  files[ARCHIVE_FILES.rows] = await putOnce(stores.archives, prefix + ARCHIVE_FILES.rows, lines());

  const { store, keys } = stores.checkpoints;
  const closingRow = await readChainRow(db, tenant, toSeq);
  if (!closingRow || closingRow.hash !== end.hash) throw new ArchiveRefused(`row ${toSeq} changed while archiving`);
  const below = [...(await store.list(tenant))].filter((s) => s < toSeq).reverse();
  let previousCheckpoint = null;
  for (const seq of below) {
    const read = await store.read(tenant, seq, keys.publicJwks);
    if (read.ok) {
      previousCheckpoint = { seq, hash: read.checkpoint.hash };
      break;
    }
  }
  await store.create(keys.current, {
    tenant,
    seq: toSeq,
    hash: end.hash,
    rowId: closingRow.id,
    previous: previousCheckpoint,
    signedAt: now,
  });
  const closing = await store.read(tenant, toSeq, keys.publicJwks);
  if (!closing.ok || closing.checkpoint.hash !== end.hash)
    throw new ArchiveRefused(`the checkpoint at seq ${toSeq} in ${store.dir} signs another row`);
  files[ARCHIVE_FILES.closing] = await putOnce(stores.archives, prefix + ARCHIVE_FILES.closing, [`${closing.jws}\n`]);
  if (first.seq > 1) {
    const previous = await store.read(tenant, first.seq - 1, keys.publicJwks);
    if (!previous.ok || previous.checkpoint.hash !== prevHash)
      throw new ArchiveRefused(`no checkpoint that verifies signs seq ${first.seq - 1}, where this range starts from`);
    files[ARCHIVE_FILES.previous] = await putOnce(stores.archives, prefix + ARCHIVE_FILES.previous, [
      `${previous.jws}\n`,
    ]);
  }
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    id,
    tenant,
    period,
    fromSeq: first.seq,
    toSeq,
    rowCount,
    prevHash,
    closingHash: end.hash,
    createdAt: now,
    files,
  };
  const manifestText = `${canonicalJson(manifest)}\n`;
  const { result } = await stores.archives.put(prefix + ARCHIVE_FILES.manifest, [manifestText]);
  // Read back what the store holds (a rerun finds the earlier manifest) and check it as an auditor would.
  const verdict = await verifyArchive((name) => stores.archives.get(prefix + name), { keys: keys.publicJwks }, id);
  if (!verdict.ok) throw new ArchiveRefused(`the archive as stored does not verify: ${verdict.problem.message}`);
  const sealed = verdict.manifest;
  const manifestSha = sha256Hex((await stores.archives.get(prefix + ARCHIVE_FILES.manifest))!);
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('audit_archives')
      .values({
        tenant,
        id,
        period_start: sealed.period.start,
        period_end: sealed.period.end,
        from_seq: sealed.fromSeq,
        to_seq: sealed.toSeq,
        row_count: sealed.rowCount,
        prev_hash: sealed.prevHash,
        closing_hash: sealed.closingHash,
        manifest_sha256: manifestSha,
        location: `${stores.archives.location}/${prefix}`,
        created_at: sealed.createdAt,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    if (inserted.length === 0) return;
    await appendAuditEvents(trx, [
      {
        tenant,
        kind: 'audit.archived',
        occurredAt: now,
        actorId: null,
        data: {
          archive: id,
          period: sealed.period,
          fromSeq: sealed.fromSeq,
          toSeq: sealed.toSeq,
          rowCount: sealed.rowCount,
          closingHash: sealed.closingHash,
          manifestSha256: manifestSha,
          rerun: result === 'exists',
        },
      },
    ]);
  });
  return { tenant, outcome: 'sealed', archive: id, fromSeq: sealed.fromSeq, toSeq: sealed.toSeq };
}

/**
 * Seals every closed month of each tenant's chain (or of one tenant) as a self-contained archive in
 * the store outside the database: a month is closed once it is over and no grant requested in it
 * (or before) is still open. Archives follow one another without a gap, oldest first.
 *
 * @example const outcomes = await archiveClosedRanges(deps, { checkpoints, archives });
 */
export async function archiveClosedRanges(
  deps: Deps,
  stores: RetentionStores,
  onlyTenant?: string,
): Promise<ArchiveOutcome[]> {
  const tenants = onlyTenant
    ? [onlyTenant]
    : (await deps.db.selectFrom('tenants').select('id').orderBy('id').execute()).map((t) => t.id);
  const outcomes: ArchiveOutcome[] = [];
  for (const tenant of tenants) {
    for (let i = 0; i < MONTHS_PER_RUN; i++) {
      let outcome: ArchiveOutcome;
      try {
        outcome = await sealNext(deps, stores, tenant);
      } catch (err) {
        if (!(err instanceof ArchiveRefused)) throw err;
        outcome = { tenant, outcome: 'refused', reason: err.message };
        deps.logger.error(`[archives] not sealing tenant ${tenant}: ${err.message}. Run GET /v1/audit/verify.`);
      }
      outcomes.push(outcome);
      if (outcome.outcome !== 'sealed') break;
    }
  }
  return outcomes;
}
