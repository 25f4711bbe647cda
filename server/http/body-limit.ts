import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errors } from '../errors.js';

export interface BodyLimitRule {
  /** Matched against the request path (`c.req.path`); the first rule that matches wins. */
  path: RegExp;
  maxBytes: number;
}

export interface BodyLimitsOptions {
  rules: readonly BodyLimitRule[];
  /** For every path no rule names. */
  defaultMaxBytes: number;
}

/** `16 KB`, `1 MB`: how the limit reads in an error message and in the README. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/**
 * Refuses a request body over the route's limit before anything reads it: a declared
 * `Content-Length` over the limit is refused at once, a chunked body as soon as it passes the
 * limit (hono/body-limit). 413 `body_too_large` in the error shape, naming the limit.
 *
 * @example
 *   app.use('*', bodyLimits({ rules: [{ path: /^\/auth\//, maxBytes: 16 * 1024 }], defaultMaxBytes: 256 * 1024 }));
 */
export function bodyLimits(options: BodyLimitsOptions): MiddlewareHandler {
  const limited = (maxBytes: number) =>
    bodyLimit({
      maxSize: maxBytes,
      onError: () => {
        throw errors.bodyTooLarge(`Request body is larger than the ${formatBytes(maxBytes)} this route accepts`);
      },
    });
  const rules = options.rules.map((rule) => ({ path: rule.path, check: limited(rule.maxBytes) }));
  const fallback = limited(options.defaultMaxBytes);
  return async (c: Context, next) => {
    if (!c.req.raw.body) return next();
    const path = c.req.path;
    const check = rules.find((rule) => rule.path.test(path))?.check ?? fallback;
    return check(c, next);
  };
}
