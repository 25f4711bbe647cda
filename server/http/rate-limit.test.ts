import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { renderError } from '../errors.js';
import { rateLimit, rateLimiter } from './rate-limit.js';

describe('rateLimiter', () => {
  it('allows the limit per window, then says how long to wait, then allows again', () => {
    const limiter = rateLimiter({ limit: 2, windowMs: 60_000 });
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('a', 1_000).ok).toBe(true);
    expect(limiter.take('a', 15_000)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(limiter.take('b', 15_000).ok).toBe(true); // keys are counted apart
    expect(limiter.take('a', 60_000).ok).toBe(true);
  });

  it('peeks without counting', () => {
    const limiter = rateLimiter({ limit: 1, windowMs: 60_000 });
    expect(limiter.peek('a', 0).ok).toBe(true);
    expect(limiter.peek('a', 0).ok).toBe(true);
    limiter.take('a', 0);
    expect(limiter.peek('a', 30_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(limiter.peek('a', 60_000).ok).toBe(true);
  });

  it('keeps at most maxKeys windows', () => {
    const limiter = rateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0); // drops a
    expect(limiter.take('a', 1).ok).toBe(true);
    expect(limiter.take('c', 1).ok).toBe(false);
  });
});

describe('rateLimit middleware', () => {
  it('answers 429 in the error shape with Retry-After before the handler runs', async () => {
    let handled = 0;
    const app = new Hono();
    app.onError(renderError(console));
    app.use('*', rateLimit({ limit: 1, windowMs: 10_000, keyOf: () => 'k', now: () => new Date(0), what: 'sign-ins' }));
    app.get('/', (c) => c.text(String(++handled)));
    expect((await app.request('/')).status).toBe(200);
    const refused = await app.request('/');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many sign-ins; try again in 10 s' },
    });
    expect(handled).toBe(1);
  });
});
