import type { Context, MiddlewareHandler } from 'hono';
import { errors } from '../errors.js';
import { rateLimiter, type RateLimitCode, type RateLimitOptions } from './rate-limit.js';

export interface RefusalLimitOptions extends RateLimitOptions {
  keyOf: (c: Context) => string;
  now: () => Date;
  /** Which answers count; default: 401 (a refused sign-in or token). */
  counts?: (status: number) => boolean;
  code?: RateLimitCode;
  /** Named in the 429 message, e.g. `refused sign-ins from this address`. */
  what?: string;
}

/**
 * Counts refusals rather than requests: each key (a client address) may be refused `limit` times
 * per window; after that every request from it gets 429 with `Retry-After` before any handler
 * runs, so a flood of bad tokens costs neither a verification nor a database write — while a
 * busy office behind one address, whose tokens are good, is never slowed down.
 *
 * @example app.use('/v1/*', refusalLimit({ limit: 60, windowMs: 60_000, keyOf: clientAddress(), now: deps.now }));
 */
export function refusalLimit(options: RefusalLimitOptions): MiddlewareHandler {
  const limiter = rateLimiter(options);
  const counts = options.counts ?? ((status: number) => status === 401);
  return async (c, next) => {
    const key = options.keyOf(c);
    const decision = limiter.peek(key, options.now().getTime());
    if (!decision.ok) {
      throw errors.tooManyRequests(
        options.code ?? 'rate_limited',
        `Too many ${options.what ?? 'refused requests'}; try again in ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      );
    }
    await next();
    if (counts(c.res.status)) limiter.take(key, options.now().getTime());
  };
}
