import type { Context, MiddlewareHandler } from 'hono';
import { errors } from '../errors.js';

/** The catalogued 429 codes (shared/errors.ts). */
export type RateLimitCode = 'rate_limited' | 'too_many_refused_reports';

export interface RateLimitOptions {
  /** Requests allowed per key in one window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** Distinct keys kept at most; the oldest windows are dropped first, so memory stays bounded. */
  maxKeys?: number;
}

export interface RateDecision {
  ok: boolean;
  /** Seconds until the key's window ends (for `Retry-After`); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter per key, in memory (per instance): cheap, bounded, no I/O on the hot
 * path. Several instances each allow `limit`, which bounds a flood all the same.
 *
 * @example
 *   const refused = rateLimiter({ limit: 10, windowMs: 60_000 });
 *   const { ok, retryAfterSeconds } = refused.take('demo:agent-bob', Date.now());
 */
export function rateLimiter(options: RateLimitOptions) {
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key: string, now: number): RateDecision {
      let w = windows.get(key);
      if (!w || now - w.start >= options.windowMs) {
        windows.delete(key);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= options.limit) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + options.windowMs - now) / 1000)) };
      }
      w.count += 1;
      return { ok: true, retryAfterSeconds: 0 };
    },
    /** What `take` would answer now, without counting (to refuse early and count only failures). */
    peek(key: string, now: number): RateDecision {
      const w = windows.get(key);
      if (!w || now - w.start >= options.windowMs || w.count < options.limit) return { ok: true, retryAfterSeconds: 0 };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + options.windowMs - now) / 1000)) };
    },
    /** Forget every key (tests). */
    reset: () => windows.clear(),
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;

/**
 * Middleware: at most `limit` requests per window for the key `keyOf(c)` returns (a client
 * address, a user); the rest get 429 with `Retry-After`, before any handler runs.
 *
 * @example app.use('/auth/*', rateLimit({ limit: 30, windowMs: 60_000, keyOf: clientAddress, now: deps.now }));
 */
export function rateLimit(
  options: RateLimitOptions & { keyOf: (c: Context) => string; now: () => Date; code?: RateLimitCode; what?: string },
): MiddlewareHandler {
  const limiter = rateLimiter(options);
  return async (c, next) => {
    const decision = limiter.take(options.keyOf(c), options.now().getTime());
    if (!decision.ok) {
      throw errors.tooManyRequests(
        options.code ?? 'rate_limited',
        `Too many ${options.what ?? 'requests'}; try again in ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      );
    }
    await next();
  };
}
