import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { allowedMethods, notFoundOrMethodNotAllowed } from './method-not-allowed.js';

function bareApp() {
  const app = new Hono();
  app.use('/v1/*', async (_c, next) => next());
  app.get('/v1/things', (c) => c.json([]));
  app.post('/v1/things', (c) => c.json({}, 201));
  app.post('/v1/things/:id/archive', (c) => c.json({}));
  app.put('/v1/things/special', (c) => c.json({}));
  app.get('/files/*', (c) => c.notFound());
  app.notFound(notFoundOrMethodNotAllowed(() => app.routes));
  return app;
}

describe('405 for a known path with an unlisted method', () => {
  it('answers 405 in the error shape with the methods the path does answer in Allow', async () => {
    const res = await bareApp().request('/v1/things', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await res.json()).toEqual({
      error: { code: 'method_not_allowed', message: 'DELETE is not allowed on /v1/things; it answers GET, HEAD, POST' },
    });
  });

  it('matches path parameters and joins every route the path matches', async () => {
    const app = bareApp();
    expect((await app.request('/v1/things/t-1/archive')).headers.get('allow')).toBe('POST');
    expect(allowedMethods(app.routes, '/v1/things/special/archive')).toEqual(['POST']);
    expect(allowedMethods(app.routes, '/v1/things/special')).toEqual(['PUT']);
  });

  it('keeps 404 for unknown paths, for middleware-only paths, and for a handler that finds nothing', async () => {
    const app = bareApp();
    for (const [method, path] of [
      ['GET', '/v1/nothing'],
      ['PATCH', '/v1'],
      ['GET', '/files/missing.js'],
    ] as const) {
      const res = await app.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('allow')).toBeNull();
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: `No route for ${method} ${path}` } });
    }
    expect((await app.request('/files/x.js', { method: 'POST' })).headers.get('allow')).toBe('GET, HEAD');
  });
});
