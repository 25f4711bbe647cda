import { randomUUID } from 'node:crypto';
import type { Deps } from '../app-env.js';
import { runSchedule } from './scheduler.js';
import { createSenders, type SenderOptions } from './senders.js';
import { deliverStreams } from './siem.js';
import { defaultDeliveryOptions, deliverDue, startLoop, type DeliveryOptions } from './worker.js';

/**
 * One tick of everything that tells people and streams the trail: the policies the clock triggers,
 * the outbox (until a pass finds nothing due), then every SIEM sink.
 */
export async function notifyTick(
  deps: Deps,
  senders: Parameters<typeof deliverDue>[1],
  options: DeliveryOptions,
): Promise<void> {
  await runSchedule(deps);
  for (let pass = 0; pass < 50; pass++) {
    const r = await deliverDue(deps, senders, options);
    if (r.delivered + r.skipped + r.retrying + r.dead === 0) break;
  }
  await deliverStreams(deps, { ...options, owner: options.owner });
}

/** Starts the notifier beside the sweeper (server/main.ts); the returned function stops it. */
export function startNotifier(
  deps: Deps,
  options: SenderOptions & Partial<DeliveryOptions> & { intervalMs: number },
): () => Promise<void> {
  const senders = createSenders(deps, options);
  const delivery: DeliveryOptions = { ...defaultDeliveryOptions, ...options, owner: `n_${randomUUID()}` };
  const stop = startLoop(deps, 'notifier', options.intervalMs, () => notifyTick(deps, senders, delivery));
  return async () => {
    await stop();
    senders.close();
  };
}
