import { createRoute } from '@hono/zod-openapi';
import { zDirectoryUserListSchema, zUserSearchSchema } from '../../shared/users.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { findUsers } from './users.service.js';

/** `GET /v1/users`: the directory the settings pickers search (leads, admins). */
export function usersRoutes(deps: Deps) {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Users of the tenant by part of their name, id or e-mail, or by ids (leads, admins)',
      tags: ['users'],
      request: { query: zUserSearchSchema },
      responses: { 200: jsonResponse(zDirectoryUserListSchema, 'Matching users, by name'), ...errorResponses },
    }),
    async (c) => {
      const { query, ids, limit } = c.req.valid('query');
      return c.json({ items: await findUsers(deps, c.var.actor, { text: query, ids, limit }) }, 200);
    },
  );
}
