import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { VerifyJob } from '../../shared/audit.js';
import type { Actor, Deps } from '../app-env.js';
import type { AuditVerifyJobRow, Database } from '../db/database.js';
import { heavyReadsOf } from '../reads/heavy-reads.js';
import { readChainHead } from './audit.repository.js';
import { verifyAuditChain, type VerifyResult } from './audit.service.js';
import type { AuditCheckpoints } from './checkpoint-compare.js';

/** A running job whose progress has not moved for this long died with its server instance. */
export const ABANDONED_AFTER_MS = 60_000;
/** Progress is written at most this often (each page walked reports; the row need not move that fast). */
const PROGRESS_EVERY_MS = 1_000;

function toJob(row: AuditVerifyJobRow, now: Date): VerifyJob {
  const abandoned = row.state === 'running' && now.getTime() - Date.parse(row.updated_at) > ABANDONED_AFTER_MS;
  return {
    id: row.id,
    state: abandoned ? 'abandoned' : row.state,
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    checked: row.checked,
    total: row.total,
    result: row.result ? (JSON.parse(row.result) as VerifyResult) : null,
    error: row.error,
  };
}

export async function readVerifyJob(deps: Deps, tenant: string, id: string): Promise<VerifyJob | null> {
  const row = await deps.db
    .selectFrom('audit_verify_jobs')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toJob(row, deps.now()) : null;
}

/** The newest finished full re-walk, in short: what an incremental verify shows beside itself. */
export async function latestFullWalk(db: Kysely<Database>, tenant: string) {
  const row = await db
    .selectFrom('audit_verify_jobs')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('state', '=', 'done')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row?.result || !row.finished_at) return null;
  const result = JSON.parse(row.result) as VerifyResult;
  return {
    jobId: row.id,
    finishedAt: row.finished_at,
    ok: result.ok,
    checked: result.checked,
    firstBroken: result.firstBroken,
  };
}

/**
 * Starts a full re-walk of the tenant's chain in the background (on the heavy-reads worker), or
 * answers with the one already running: one walk per tenant at a time is enough. Progress and the
 * result are kept in `audit_verify_jobs`, so any server instance can answer for them.
 *
 * @example const job = await startVerifyJob(deps, checkpoints, actor); // then poll readVerifyJob
 */
export async function startVerifyJob(
  deps: Deps,
  checkpoints: AuditCheckpoints,
  actor: Actor,
): Promise<{ job: VerifyJob; done: Promise<void> }> {
  const now = deps.now();
  const running = await deps.db
    .selectFrom('audit_verify_jobs')
    .selectAll()
    .where('tenant', '=', actor.tenant)
    .where('state', '=', 'running')
    .where('updated_at', '>', new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString())
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (running) return { job: toJob(running, now), done: Promise.resolve() };

  const head = await readChainHead(deps.db, actor.tenant);
  const row: AuditVerifyJobRow = {
    id: `vj_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
    tenant: actor.tenant,
    state: 'running',
    started_by: actor.id,
    started_at: now.toISOString(),
    updated_at: now.toISOString(),
    finished_at: null,
    checked: 0,
    total: head?.seq ?? 0,
    result: null,
    error: null,
  };
  await deps.db.insertInto('audit_verify_jobs').values(row).execute();
  return { job: toJob(row, now), done: runJob(deps, checkpoints, row) };
}

async function runJob(deps: Deps, checkpoints: AuditCheckpoints, job: AuditVerifyJobRow): Promise<void> {
  const update = (values: Partial<AuditVerifyJobRow>) =>
    deps.db
      .updateTable('audit_verify_jobs')
      .set({ ...values, updated_at: deps.now().toISOString() })
      .where('id', '=', job.id)
      .execute();
  let written = Date.now();
  let progress: Promise<unknown> = Promise.resolve();
  const onProgress = (checked: number) => {
    if (Date.now() - written < PROGRESS_EVERY_MS) return;
    written = Date.now();
    progress = progress.then(() => update({ checked })).catch(() => {});
  };
  try {
    const reads = heavyReadsOf(deps);
    const result = await verifyAuditChain(deps.db, job.tenant, checkpoints, {
      scope: 'full',
      walk: reads.walk,
      onProgress,
    });
    await progress;
    await update({
      state: 'done',
      checked: result.checked,
      result: JSON.stringify(result),
      finished_at: deps.now().toISOString(),
    });
  } catch (err) {
    deps.logger.error(`[audit] verify job ${job.id} failed`, err);
    await progress;
    await update({
      state: 'failed',
      error: err instanceof Error ? err.message : String(err),
      finished_at: deps.now().toISOString(),
    }).catch((e: unknown) => deps.logger.error(`[audit] verify job ${job.id}: could not record the failure`, e));
  }
}
