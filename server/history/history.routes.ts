import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { zCustomerIdSchema, zSessionListSchema, zSessionRangeSchema } from '../../shared/grants.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { agentSessions, customerAccess } from './history.service.js';
import { readingDeps } from '../reads/heavy-reads.js';

const sessions = <P extends z.ZodObject>(path: string, summary: string, params: P) =>
  createRoute({
    method: 'get',
    path,
    summary,
    tags: ['history'],
    request: { params, query: zSessionRangeSchema },
    responses: {
      200: jsonResponse(zSessionListSchema, 'Sessions, newest first, with what was viewed'),
      ...errorResponses,
    },
  });

/** History by customer and by agent, read-only (a ticket's sessions are under tickets, the search under grants). */
export function historyRoutes(deps: Deps) {
  const customer = z.object({ customerId: zCustomerIdSchema });
  const agent = z.object({ agentId: z.string().min(1).max(200) });
  return createRouter()
    .openapi(
      sessions('/customers/{customerId}/access', 'Every session that touched a customer (lead, admin)', customer),
      async (c) => {
        const found = await customerAccess(
          readingDeps(deps),
          c.var.actor,
          c.req.valid('param').customerId,
          c.req.valid('query'),
        );
        return c.json(found, 200);
      },
    )
    .openapi(
      sessions('/agents/{agentId}/grants', "An agent's sessions (lead, admin, or the agent)", agent),
      async (c) => {
        const found = await agentSessions(
          readingDeps(deps),
          c.var.actor,
          c.req.valid('param').agentId,
          c.req.valid('query'),
        );
        return c.json(found, 200);
      },
    );
}
