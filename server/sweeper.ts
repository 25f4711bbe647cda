import type { Deps } from './app-env.js';
import { sweepDueGrants } from './grants/grants.service.js';

/**
 * Every `intervalMs`, writes the `expired`/`lapsed` records that stored times already imply.
 * Reads never wait for it: expiry is decided from `expiresAt` on every read.
 */
export function startSweeper(deps: Deps, intervalMs: number): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const { expired, lapsed } = await sweepDueGrants(deps);
        if (expired + lapsed === 0) break;
        deps.logger.info(`[sweeper] recorded ${expired} expired, ${lapsed} lapsed`);
      }
    } catch (err) {
      deps.logger.error('[sweeper] failed; will retry', err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
