import type { Context, NotFoundHandler } from 'hono';

interface RouteEntry {
  method: string;
  path: string;
}

const patterns = new Map<string, RegExp>();

/** A Hono route path (`/v1/grants/:id`, `/assets/*`, `:n{[0-9]+}`) as an anchored regular expression. */
function pathPattern(path: string): RegExp {
  const known = patterns.get(path);
  if (known) return known;
  const source = path
    .split(/(\*|:[A-Za-z_][A-Za-z0-9_]*(?:\{[^}]*\})?\??)/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      if (part === '*') return '.*';
      const custom = /\{([^}]*)\}/.exec(part)?.[1];
      const segment = custom ? `(?:${custom})` : '[^/]+';
      return part.endsWith('?') ? `(?:${segment})?` : segment;
    })
    .join('');
  const pattern = new RegExp(`^${source}$`);
  patterns.set(path, pattern);
  return pattern;
}

/**
 * The methods some handler answers on `path`, sorted, with HEAD wherever GET is (Hono answers HEAD
 * from the GET handler). Middleware (`ALL`) does not count: it never answers on its own.
 *
 * @example allowedMethods(app.routes, '/v1/settings') // ['GET', 'HEAD', 'PUT']
 */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || !pathPattern(route.path).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}

/**
 * `app.notFound` that tells "no such path" (404) from "this path, another method" (405 with
 * `Allow`), both in the API's error shape. `routes` is read on each miss, so routes added after
 * the handler count too; the list is a few dozen entries and misses are rare.
 *
 * @example app.notFound(notFoundOrMethodNotAllowed(() => app.routes));
 */
export function notFoundOrMethodNotAllowed(routes: () => readonly RouteEntry[]): NotFoundHandler {
  return (c: Context) => {
    const { method, path } = c.req;
    const allowed = allowedMethods(routes(), path);
    if (allowed.length > 0 && !allowed.includes(method)) {
      c.header('allow', allowed.join(', '));
      const message = `${method} is not allowed on ${path}; it answers ${allowed.join(', ')}`;
      return c.json({ error: { code: 'method_not_allowed', message } }, 405);
    }
    return c.json({ error: { code: 'not_found', message: `No route for ${method} ${path}` } }, 404);
  };
}
