import type { Actor } from '../app-env.js';
import { errors } from '../errors.js';
import { rateLimiter, type RateLimiter } from './rate-limit.js';

/** Refused reports (events on a grant not theirs, close reports not from the host) per user a minute. */
export const REFUSED_REPORTS_PER_MINUTE = 20;

/**
 * One limiter per app for every kind of refused report: each refusal writes a (bounded) audit row
 * that can never be removed, so a user who keeps getting refused is stopped before the trail grows.
 *
 * @example const refusals = refusedReportsLimiter(); takeRefusal(refusals, actor, deps.now());
 */
export function refusedReportsLimiter(): RateLimiter {
  return rateLimiter({ limit: REFUSED_REPORTS_PER_MINUTE, windowMs: 60_000 });
}

/**
 * Counts one refusal for the user; past the limit throws 429 `too_many_refused_reports` (with
 * `Retry-After`), and the caller must write nothing.
 *
 * @example takeRefusal(refusals, actor, deps.now()); await recordTheRefusal();
 */
export function takeRefusal(limiter: RateLimiter, actor: Actor, now: Date): void {
  const { ok, retryAfterSeconds } = limiter.take(`${actor.tenant}\n${actor.id}`, now.getTime());
  if (ok) return;
  throw errors.tooManyRequests(
    'too_many_refused_reports',
    `Too many refused reports from ${actor.id} (more than ${REFUSED_REPORTS_PER_MINUTE} a minute); ` +
      `nothing was recorded — try again in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  );
}
