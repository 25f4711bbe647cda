import { createRoute } from '@hono/zod-openapi';
import { zErasureRecordedSchema, zErasureRequestSchema, zRetentionSchema } from '../../shared/audit.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../openapi.js';
import { recordErasureRequest, retentionStatus } from './retention.service.js';

/** Retention of the trail: the period, sealed archives, purges; and GDPR erasure requests on record. */
export function retentionRoutes(deps: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/retention',
        summary:
          "The tenant's retention period, the sealed archives of its trail (outside the database) and what was purged when (lead, admin, auditor)",
        tags: ['audit'],
        responses: { 200: jsonResponse(zRetentionSchema, 'Retention, archives and purges'), ...errorResponses },
      }),
      async (c) => c.json(await retentionStatus(deps, c.var.actor), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/erasure-requests',
        summary:
          "Record a customer's data-erasure request (GDPR Art. 17) in the trail: the access records are kept, with the reason (admin)",
        tags: ['audit'],
        request: jsonBody(zErasureRequestSchema),
        responses: { 201: jsonResponse(zErasureRecordedSchema, 'Recorded'), ...errorResponses },
      }),
      async (c) => c.json(await recordErasureRequest(deps, c.var.actor, c.req.valid('json')), 201),
    );
}
