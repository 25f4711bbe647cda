import { createRoute } from '@hono/zod-openapi';
import { zPeopleQuerySchema, zPeopleSchema, type People } from '../../shared/identity.js';
import type { Actor, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';

const MAX_IDS = 200;

/**
 * Display names of the tenant's users, in the order asked; an id nobody signed in with yet comes
 * back with `name: null` (the UI then shows the id). Names only: no email, no role.
 *
 * @example await peopleNamed(deps, ann, ['lead-lee', 'admin-ada'])
 * // { people: [{ id: 'lead-lee', name: 'Lee Lead' }, { id: 'admin-ada', name: 'Ada Admin' }] }
 */
export async function peopleNamed(deps: Deps, actor: Actor, ids: string[]): Promise<People> {
  const unique = [...new Set(ids.map((id) => id.trim()).filter(Boolean))];
  if (unique.length > MAX_IDS)
    throw errors.invalidInput(`ids: at most ${MAX_IDS} ids`, [{ path: 'ids', message: `at most ${MAX_IDS}` }]);
  const rows = await deps.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('tenant', '=', actor.tenant)
    .where('id', 'in', unique)
    .execute();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return { people: unique.map((id) => ({ id, name: names.get(id) ?? null })) };
}

/** `/v1/people`: anyone signed in reads the names behind the ids the settings and grants carry. */
export function peopleRoutes(deps: Deps) {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Display names for user ids (approvers, the after-hours rota)',
      tags: ['auth'],
      request: { query: zPeopleQuerySchema },
      responses: { 200: jsonResponse(zPeopleSchema, 'Each id with its name, in the order asked'), ...errorResponses },
    }),
    async (c) => c.json(await peopleNamed(deps, c.var.actor, c.req.valid('query').ids.split(',')), 200),
  );
}
