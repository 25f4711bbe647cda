import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError, renderError } from '../errors.js';
import { clientAddress } from './client-address.js';
import { refusalLimit } from './refusal-limit.js';

describe('refusalLimit', () => {
  it('counts only refusals; over the limit every request from that key gets 429 before the handler', async () => {
    let now = 0;
    let handled = 0;
    const app = new Hono();
    app.onError(renderError({ error: () => {}, warn: () => {}, info: () => {} }));
    const keyOf = (c: Context) => c.req.header('x-ip') ?? '';
    app.use('*', refusalLimit({ limit: 2, windowMs: 60_000, keyOf, now: () => new Date(now), what: 'refused tokens' }));
    app.get('/', (c) => {
      handled += 1;
      if (c.req.header('authorization') !== 'good') throw new AppError('unauthenticated', 'no');
      return c.text('ok');
    });
    const call = (ip: string, authorization = 'bad') => app.request('/', { headers: { 'x-ip': ip, authorization } });

    for (let i = 0; i < 5; i++) expect((await call('a', 'good')).status).toBe(200); // good calls never count
    expect((await call('a')).status).toBe(401);
    expect((await call('a')).status).toBe(401);
    now = 15_000;
    const refused = await call('a', 'good');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many refused tokens; try again in 45 s' },
    });
    expect(handled).toBe(7);
    expect((await call('b')).status).toBe(401); // another address is counted apart
    now = 60_000;
    expect((await call('a', 'good')).status).toBe(200);
  });
});

describe('clientAddress', () => {
  const app = (hops: number) => {
    const a = new Hono();
    a.get('/', (c) => c.text(clientAddress(hops)(c)));
    return a;
  };
  const xff = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.2' };

  it('ignores X-Forwarded-For unless proxies are trusted, then takes the entry the outermost one saw', async () => {
    expect(await (await app(0).request('/', { headers: xff })).text()).toBe('unknown'); // no socket in-process
    expect(await (await app(1).request('/', { headers: xff })).text()).toBe('10.0.0.2');
    expect(await (await app(2).request('/', { headers: xff })).text()).toBe('203.0.113.7');
    expect(await (await app(5).request('/', { headers: xff })).text()).toBe('unknown');
  });
});
