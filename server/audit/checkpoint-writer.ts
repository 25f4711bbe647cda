import type { Deps } from '../app-env.js';
import { readChainHead, readChainRow } from './audit.repository.js';
import { latestValidCheckpoint, type AuditCheckpoints } from './checkpoint-compare.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { heavyReadsOf } from '../reads/heavy-reads.js';

export type CheckpointOutcome =
  | { tenant: string; outcome: 'written' | 'unchanged' | 'empty'; seq: number | null }
  | { tenant: string; outcome: 'refused'; seq: number | null; reason: string };

/**
 * Signs one tenant's chain head into the store, if it moved since the newest checkpoint. Never
 * signs a chain that disagrees with that checkpoint (a cut tail, a changed row at its seq, a broken
 * link since): the refusal is returned, and the older checkpoints stay as the evidence.
 */
async function checkpointTenant(
  deps: Deps,
  store: CheckpointStore,
  checkpoints: AuditCheckpoints,
  tenant: string,
): Promise<CheckpointOutcome> {
  const head = await readChainHead(deps.db, tenant);
  if (!head) return { tenant, outcome: 'empty', seq: null };
  const { checkpoint: last } = await latestValidCheckpoint(store, checkpoints.keys, tenant);
  if (last && last.seq === head.seq && last.hash === head.hash) return { tenant, outcome: 'unchanged', seq: head.seq };
  const refuse = (reason: string): CheckpointOutcome => ({ tenant, outcome: 'refused', seq: head.seq, reason });
  if (last) {
    if (head.seq < last.seq)
      return refuse(
        `the chain ends at seq ${head.seq}, below checkpoint ${last.seq}: ` +
          `rows ${head.seq + 1}..${last.seq} are missing`,
      );
    const row = await readChainRow(deps.db, tenant, last.seq);
    if (row?.hash !== last.hash)
      return refuse(
        `row ${last.seq} no longer has the hash checkpoint ${last.seq} signed: rewritten or its seq reused`,
      );
  }
  // Only the rows since the last checkpoint are re-walked: the checkpoint vouches for the rest.
  const walk = await heavyReadsOf(deps).walk(tenant, last ?? undefined, head.seq);
  if (!walk.ok || walk.head?.seq !== head.seq) {
    return refuse(
      `the chain is broken at seq ${walk.firstBroken?.seq ?? '?'}: ${walk.firstBroken?.reason ?? 'it ends early'}`,
    );
  }
  const created = await store.create(checkpoints.keys.current, {
    tenant,
    seq: head.seq,
    hash: head.hash,
    rowId: head.id,
    previous: last ? { seq: last.seq, hash: last.hash } : null,
    signedAt: deps.now().toISOString(),
  });
  if (created === 'created') return { tenant, outcome: 'written', seq: head.seq };
  // Another instance sharing the store wrote this seq first; it must have signed the same row.
  const existing = await store.read(tenant, head.seq, checkpoints.keys.publicJwks);
  if (existing.ok && existing.checkpoint.hash === head.hash) return { tenant, outcome: 'unchanged', seq: head.seq };
  return refuse(
    `${store.path(tenant, head.seq)} already exists for another row (or does not verify): seq ${head.seq} was reused`,
  );
}

/**
 * Writes a checkpoint for every tenant whose head moved. Refusals are logged as errors: they mean
 * the database was changed behind the application's back.
 *
 * @example await writeCheckpoints(deps, checkpoints);
 */
export async function writeCheckpoints(deps: Deps, checkpoints: AuditCheckpoints): Promise<CheckpointOutcome[]> {
  const { store } = checkpoints;
  if (!store) return [];
  const tenants = await deps.db.selectFrom('tenants').select('id').orderBy('id').execute();
  const outcomes: CheckpointOutcome[] = [];
  for (const { id } of tenants) {
    const outcome = await checkpointTenant(deps, store, checkpoints, id);
    if (outcome.outcome === 'refused') {
      deps.logger.error(
        `[checkpoints] AUDIT TRAIL TAMPERED? not signing tenant ${id}: ${outcome.reason}. Run GET /v1/audit/verify.`,
      );
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * Writes checkpoints now, then every `intervalMs`; `stop()` waits for a run in progress and
 * writes a last one (call it at shutdown, before the database closes). `settled()` waits for a
 * run in progress.
 *
 * @example const writer = startCheckpointWriter(deps, checkpoints, 300_000); … await writer.stop();
 */
export function startCheckpointWriter(
  deps: Deps,
  checkpoints: AuditCheckpoints,
  intervalMs: number,
): { stop(): Promise<void>; settled(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= writeCheckpoints(deps, checkpoints)
      .then(
        () => undefined,
        (err: unknown) => deps.logger.error('[checkpoints] failed; will retry', err),
      )
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return {
    async settled() {
      await running;
    },
    async stop() {
      clearInterval(timer);
      await running;
      await tick();
    },
  };
}
