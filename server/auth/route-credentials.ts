import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { COMPOSED_HANDLER } from 'hono/utils/constants';

/**
 * Credentials that speak for something other than a signed-in person: a grant token (an internal
 * tool, for one grant) and a host caller (the Forge trigger, an integration credential). A route
 * takes one only when its own middleware says so; `authenticate` refuses it everywhere else.
 */
export type RouteCredential = 'grant_token' | 'host';

const ACCEPTS = Symbol('ticketed-access.accepts');

type Marked = { [ACCEPTS]?: RouteCredential; [COMPOSED_HANDLER]?: Marked };

/**
 * Marks a route middleware as the route's consent to a credential. The mark sits on the function,
 * so it travels with the route wherever the sub-app is mounted.
 *
 * @example export const allowHostCaller = () => acceptsCredential('host', async (_c, next) => next());
 */
export function acceptsCredential<M extends object>(credential: RouteCredential, middleware: M): M {
  (middleware as Marked)[ACCEPTS] = credential;
  return middleware;
}

/**
 * Whether the route this request matched carries `acceptsCredential(credential, …)` for its own
 * method (so a HEAD does not borrow a GET route's consent). Runs in app-level middleware: Hono has
 * matched every handler of the request before the first one runs.
 *
 * @example if (claimsGrantToken(bearer) && !routeAccepts(c, 'grant_token')) throw …;
 */
export function routeAccepts(c: Context, credential: RouteCredential): boolean {
  return matchedRoutes(c).some((route) => {
    if (route.method !== c.req.method) return false;
    // A sub-app with its own onError is mounted with each handler wrapped; the original sits inside.
    let handler: Marked | undefined = route.handler as Marked;
    while (handler?.[COMPOSED_HANDLER]) handler = handler[COMPOSED_HANDLER];
    return handler?.[ACCEPTS] === credential;
  });
}
