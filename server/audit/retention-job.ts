import type { Deps } from '../app-env.js';
import { archiveClosedRanges, type ArchiveOutcome, type RetentionStores } from './archiver.js';
import { purgeTenant, type PurgeOutcome } from './purge.js';

/**
 * One retention run: seal every closed month as an archive, then (with `purge`) purge each tenant's
 * rows past its retention period that archives cover. Refusals are logged: they mean an archive or
 * the chain does not verify, or rows are due with no archive yet.
 *
 * @example const { archived, purged } = await runRetention(deps, stores, { purge: true });
 */
export async function runRetention(
  deps: Deps,
  stores: RetentionStores,
  options: { purge: boolean; tenant?: string; by?: string },
): Promise<{ archived: ArchiveOutcome[]; purged: PurgeOutcome[] }> {
  const archived = await archiveClosedRanges(deps, stores, options.tenant);
  const purged: PurgeOutcome[] = [];
  if (options.purge) {
    const tenants = options.tenant
      ? [options.tenant]
      : (await deps.db.selectFrom('tenants').select('id').orderBy('id').execute()).map((t) => t.id);
    for (const tenant of tenants) {
      const outcome = await purgeTenant(deps, stores, tenant, options.by);
      if (outcome.outcome === 'refused')
        deps.logger.warn(`[retention] not purging tenant ${tenant}: ${outcome.reason}`);
      purged.push(outcome);
    }
  }
  for (const a of archived)
    if (a.outcome === 'sealed') deps.logger.info(`[retention] sealed ${a.archive} of tenant ${a.tenant}`);
  return { archived, purged };
}

/**
 * Runs retention now, then every `intervalMs`, beside the checkpoint writer; `stop()` waits for a
 * run in progress (call it at shutdown, before the database closes).
 *
 * @example const job = startRetentionJob(deps, stores, { intervalMs: 3_600_000, purge: true }); … await job.stop();
 */
export function startRetentionJob(
  deps: Deps,
  stores: RetentionStores,
  options: { intervalMs: number; purge: boolean },
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= runRetention(deps, stores, { purge: options.purge })
      .then(
        () => undefined,
        (err: unknown) => deps.logger.error('[retention] failed; will retry', err),
      )
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  void tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
