import type { MiddlewareHandler } from 'hono';
import type { Actor, AppEnv, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { findUser } from './identity.repository.js';

export const DEV_TENANT = 'demo';

/**
 * Local development and the demo: trusts `x-dev-user: <user id>` for a seeded user of the demo
 * tenant (or the tenant named in `x-dev-tenant`). Config refuses this mode in production.
 *
 * @example app.use('/v1/*', devAuth(deps)); // then: curl -H 'x-dev-user: agent-ann' …
 */
export function devAuth(deps: Deps): MiddlewareHandler<AppEnv> {
  // Seeded users hardly change; a few seconds of caching keeps a user lookup off every request.
  const cache = new Map<string, { actor: Actor; until: number }>();
  return async (c, next) => {
    const userId = c.req.header('x-dev-user');
    if (!userId)
      throw errors.unauthenticated(
        'unauthenticated',
        'Sign in first: send x-dev-user with a seeded user id (agent-ann, agent-bob, lead-lee, admin-ada)',
      );
    const tenant = c.req.header('x-dev-tenant') ?? DEV_TENANT;
    const key = `${tenant}\n${userId}`;
    const hit = cache.get(key);
    let actor = hit && hit.until > Date.now() ? hit.actor : undefined;
    if (!actor) {
      const user = await findUser(deps.db, tenant, userId);
      if (!user) throw errors.unauthenticated('unknown_user', `No user ${userId} in tenant ${tenant}`);
      actor = { tenant, id: user.id, name: user.name, email: user.email, role: user.role };
      cache.set(key, { actor, until: Date.now() + 5_000 });
    }
    c.set('actor', actor);
    c.set('auth', { via: 'dev', host: false });
    await next();
  };
}
