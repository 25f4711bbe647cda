import { sql, type Kysely } from 'kysely';
import type { Deps } from '../app-env.js';
import type { AuditArchiveRow, Database } from '../db/database.js';
import { isPostgres } from '../db/locks.js';
import { openNow } from '../grants/grant-predicates.js';
import { readSettings } from '../settings/settings.repository.js';
import { GENESIS_HASH } from './audit-chain.js';
import { appendAuditEvents, readChainPage } from './audit.repository.js';
import { walkChain } from './audit.service.js';
import { ARCHIVE_FILES, sha256Hex, verifyArchive } from './archive-format.js';
import { lastPurge, listArchives } from './archive.repository.js';
import type { RetentionStores } from './archiver.js';
import { archivePrefix } from './archive-store.js';

export type PurgeOutcome =
  | {
      tenant: string;
      outcome: 'purged';
      fromSeq: number;
      toSeq: number;
      archives: string[];
      rows: number;
      grants: number;
      accessEvents: number;
    }
  | { tenant: string; outcome: 'nothing_due' | 'refused'; reason: string };

const DAY_MS = 86_400_000;

/** Why an archive cannot vouch for the rows it covers, or null when it can: as stored, and against the database. */
async function archiveProblem(
  deps: Deps,
  stores: RetentionStores,
  archive: AuditArchiveRow,
  from: { seq: number; hash: string },
) {
  const prefix = archivePrefix(archive.tenant, archive.id);
  const verdict = await verifyArchive(
    (name) => stores.archives.get(prefix + name),
    { keys: stores.checkpoints.keys.publicJwks },
    archive.id,
  );
  if (!verdict.ok) return `archive ${archive.id} does not verify (${verdict.problem.kind}): ${verdict.problem.message}`;
  const manifest = await stores.archives.get(prefix + ARCHIVE_FILES.manifest);
  const m = verdict.manifest;
  if (
    !manifest ||
    sha256Hex(manifest) !== archive.manifest_sha256 ||
    m.fromSeq !== archive.from_seq ||
    m.toSeq !== archive.to_seq
  )
    return `archive ${archive.id} in the store is not the one recorded when it was sealed (manifest sha256 differs)`;
  // The rows about to go must be the very rows archived: same chain, same closing hash.
  const walk = await walkChain(deps.db, archive.tenant, from, archive.to_seq);
  if (!walk.ok || walk.head?.seq !== archive.to_seq || walk.head.hash !== archive.closing_hash)
    return `the chain in the database does not match archive ${archive.id} at seq ${walk.firstBroken?.seq ?? archive.to_seq}`;
  return null;
}

/** Closed grants whose every audit row is at or below `toSeq`: their rows, events and review go with the purge. */
async function grantsToPurge(trx: Kysely<Database>, tenant: string, toSeq: number, before: string, now: string) {
  const rows = await trx
    .selectFrom('grants')
    .select('id')
    .where('tenant', '=', tenant)
    .where('requested_at', '<', before)
    .where((eb) => eb.not(openNow(now)(eb)))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('audit_events as a')
            .select('a.id')
            .whereRef('a.tenant', '=', 'grants.tenant')
            .whereRef('a.grant_id', '=', 'grants.id')
            .where('a.seq', '>', toSeq),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Deletes a tenant's oldest audit rows once they are past its retention period (settings
 * `retentionDays`) and covered by sealed archives that verify — as stored, and against the rows
 * themselves — then the closed grants, access events and reviews that only those rows spoke of.
 * The delete passes the append-only trigger only because an `audit_purges` row covering exactly
 * that range is written first, in the same transaction; the purge is itself an audit event. The
 * chain left in the database starts from the last archive's closing checkpoint.
 *
 * @example const outcome = await purgeTenant(deps, { checkpoints, archives }, 'demo', 'admin-ada');
 */
export async function purgeTenant(
  deps: Deps,
  stores: RetentionStores,
  tenant: string,
  by = 'system',
): Promise<PurgeOutcome> {
  const { db } = deps;
  const { retentionDays } = await readSettings(db, tenant, deps.logger);
  const now = deps.now().toISOString();
  const cutoff = new Date(deps.now().getTime() - retentionDays * DAY_MS).toISOString();
  const purged = await lastPurge(db, tenant);
  const from = { seq: purged?.to_seq ?? 0, hash: purged?.anchor_hash ?? GENESIS_HASH };
  const [first] = await readChainPage(db, tenant, from.seq, 1);
  if (!first || first.occurred_at >= cutoff)
    return { tenant, outcome: 'nothing_due', reason: `no row is older than ${retentionDays} days (before ${cutoff})` };
  const refuse = (reason: string): PurgeOutcome => ({ tenant, outcome: 'refused', reason });

  const covering: AuditArchiveRow[] = [];
  let problem: string | null = null;
  let at = from;
  for (const archive of (await listArchives(db, tenant)).filter((a) => a.from_seq > from.seq)) {
    if (archive.from_seq !== at.seq + 1 || archive.period_end > cutoff) break;
    problem = await archiveProblem(deps, stores, archive, at);
    if (problem) break;
    covering.push(archive);
    at = { seq: archive.to_seq, hash: archive.closing_hash };
  }
  if (covering.length === 0) {
    return refuse(
      problem ??
        `rows from seq ${first.seq} (written ${first.occurred_at}) are past the retention period of ${retentionDays} days, ` +
          'but no sealed archive covers them yet: nothing is deleted until one does',
    );
  }
  if (problem) deps.logger.error(`[retention] purging tenant ${tenant} only through seq ${at.seq}: ${problem}`);
  const last = covering.at(-1)!;
  const archives = covering.map((a) => a.id);

  return db.transaction().execute(async (trx): Promise<PurgeOutcome> => {
    // The appenders' lock: no row joins the chain while its start moves.
    if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(hashtext(${`audit:${tenant}`}))`.execute(trx);
    if (((await lastPurge(trx, tenant))?.to_seq ?? 0) !== from.seq) return refuse('another purge ran meanwhile');
    const grantIds = await grantsToPurge(trx, tenant, last.to_seq, last.period_end, now);
    let accessEvents = 0;
    for (let i = 0; i < grantIds.length; i += 500) {
      const ids = grantIds.slice(i, i + 500);
      const counted = await trx
        .selectFrom('access_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant', '=', tenant)
        .where('grant_id', 'in', ids)
        .executeTakeFirstOrThrow();
      accessEvents += Number(counted.n);
    }
    const rows = last.to_seq - from.seq;
    await trx
      .insertInto('audit_purges')
      .values({
        tenant,
        from_seq: from.seq + 1,
        to_seq: last.to_seq,
        anchor_hash: last.closing_hash,
        archives: JSON.stringify(archives),
        cutoff,
        rows_deleted: rows,
        grants_deleted: grantIds.length,
        access_events_deleted: accessEvents,
        purged_at: now,
        purged_by: by,
      })
      .execute();
    const deleted = await trx
      .deleteFrom('audit_events')
      .where('tenant', '=', tenant)
      .where('seq', '>', from.seq)
      .where('seq', '<=', last.to_seq)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== rows)
      throw new Error(`purge deleted ${deleted.numDeletedRows} rows, expected ${rows}`);
    for (let i = 0; i < grantIds.length; i += 500) {
      const ids = grantIds.slice(i, i + 500);
      // Everything kept per grant goes with it: what was viewed, verdicts, approvals, its announcements.
      for (const table of ['access_events', 'reviews', 'grant_approvals', 'outbox'] as const)
        await trx.deleteFrom(table).where('tenant', '=', tenant).where('grant_id', 'in', ids).execute();
      await trx.deleteFrom('grants').where('tenant', '=', tenant).where('id', 'in', ids).execute();
    }
    await appendAuditEvents(trx, [
      {
        tenant,
        kind: 'audit.purged',
        occurredAt: now,
        actorId: by === 'system' ? null : by,
        data: {
          fromSeq: from.seq + 1,
          toSeq: last.to_seq,
          anchorHash: last.closing_hash,
          archives,
          retentionDays,
          cutoff,
          rows,
          grants: grantIds.length,
          accessEvents,
        },
      },
    ]);
    return {
      tenant,
      outcome: 'purged',
      fromSeq: from.seq + 1,
      toSeq: last.to_seq,
      archives,
      rows,
      grants: grantIds.length,
      accessEvents,
    };
  });
}
