import { randomUUID } from 'node:crypto';
import type { Deps } from '../app-env.js';
import type { OutboxRow } from '../db/database.js';
import { claimDue, settle } from './outbox.repository.js';
import type { Channel } from './topics.js';

/** What a channel does with one row: `delivered`, or `skipped` with why (no such channel here). */
export type SendResult = { state: 'delivered' } | { state: 'skipped'; why: string };
export type Sender = (row: OutboxRow) => Promise<SendResult>;
export type Senders = Record<Channel, Sender>;

export interface DeliveryOptions {
  /** Who holds the lease; unique per worker (per process, per start). */
  owner?: string;
  /** After this many failed attempts a row is dead-lettered. */
  maxAttempts: number;
  /** How long a claim lasts; a worker killed mid-send lets others retry after it. */
  leaseMs: number;
  /** First retry delay; doubled on every further attempt, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  batch: number;
}

export const defaultDeliveryOptions: DeliveryOptions = {
  maxAttempts: 8,
  leaseMs: 60_000,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  batch: 20,
};

/**
 * The delay before the next attempt after `attempts` failures: `backoffMs × 2^(attempts-1)`, capped.
 *
 * @example backoffAfter(3, defaultDeliveryOptions) // 120000
 */
export const backoffAfter = (attempts: number, o: Pick<DeliveryOptions, 'backoffMs' | 'maxBackoffMs'>): number =>
  Math.min(o.backoffMs * 2 ** Math.max(0, attempts - 1), o.maxBackoffMs);

export interface PassResult {
  delivered: number;
  skipped: number;
  retrying: number;
  dead: number;
}

/**
 * One pass over the due rows: claim, send, settle. A send that throws is retried with backoff and
 * dead-lettered after `maxAttempts`. Rows are claimed under a lease, so two workers on one database
 * never send the same row at once, and a worker killed mid-send loses nothing: its lease runs out
 * and the row is claimed again (receivers dedupe on the row id, which every channel carries).
 */
export async function deliverDue(deps: Deps, senders: Senders, options: DeliveryOptions): Promise<PassResult> {
  const owner = options.owner ?? `w_${randomUUID()}`;
  const now = deps.now();
  const claimed = await claimDue(deps.db, {
    owner,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + options.leaseMs).toISOString(),
    limit: options.batch,
  });
  const result: PassResult = { delivered: 0, skipped: 0, retrying: 0, dead: 0 };
  for (const row of claimed) {
    try {
      const sent = await senders[row.channel](row);
      const at = deps.now().toISOString();
      if (sent.state === 'delivered') {
        if (await settle(deps.db, row, { state: 'delivered', at })) result.delivered += 1;
      } else if (await settle(deps.db, row, { state: 'skipped', at, error: sent.why })) result.skipped += 1;
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      const at = deps.now();
      if (row.attempts >= options.maxAttempts) {
        deps.logger.error(
          `[outbox] ${row.channel} delivery ${row.id} (${row.topic}) dead after ${row.attempts}`,
          error,
        );
        if (await settle(deps.db, row, { state: 'dead', at: at.toISOString(), error })) result.dead += 1;
      } else {
        const nextAttemptAt = new Date(at.getTime() + backoffAfter(row.attempts, options)).toISOString();
        await settle(deps.db, row, { state: 'pending', at: at.toISOString(), error, nextAttemptAt });
        result.retrying += 1;
      }
    }
  }
  return result;
}

/**
 * Runs `tick` every `intervalMs`, never two at once in this process; errors are logged and the
 * next tick tries again. Returns a stop function that waits for the tick under way.
 */
export function startLoop(deps: Deps, name: string, intervalMs: number, tick: () => Promise<unknown>) {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = tick()
      .then(() => undefined)
      .catch((err: unknown) => deps.logger.error(`[${name}] failed; will retry`, err))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
