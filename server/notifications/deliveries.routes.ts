import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  DELIVERY_STATES,
  zDeliveryChannelsUpdateSchema,
  zDeliveryChannelsViewSchema,
  zDeliverySchema,
  zSiemStreamSchema,
} from '../../shared/notifications.js';
import { zGrantIdSchema } from '../../shared/grants.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../openapi.js';
import { getChannels, putChannels } from './channels.service.js';
import { getDeliveries, getStreams, retryDelivery } from './deliveries.service.js';

/** Outbox ids are 32-bit serials on PostgreSQL: a larger number names no row (and must not reach SQL). */
const zRowId = z.coerce.number().int().min(1).max(2_147_483_647);

const zDeliveryPage = z
  .object({ deliveries: z.array(zDeliverySchema), nextBefore: z.number().nullable() })
  .meta({ id: 'DeliveryPage' });

/** The outbox seen from outside: what was sent, what waits, what is dead; and where things go. */
export function deliveriesRoutes(deps: Deps, options: { maxAttempts: number }) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'Deliveries (email, Slack, ticket notes), newest first (lead, admin)',
        tags: ['deliveries'],
        request: {
          query: z.object({
            state: z.enum(DELIVERY_STATES).optional(),
            grantId: zGrantIdSchema.optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            before: zRowId.optional().meta({ description: '`nextBefore` of the last page' }),
          }),
        },
        responses: { 200: jsonResponse(zDeliveryPage, 'A page of deliveries'), ...errorResponses },
      }),
      async (c) => c.json(await getDeliveries(deps, c.var.actor, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/streams',
        summary: 'How far each SIEM sink has received the audit chain (lead, admin)',
        tags: ['deliveries'],
        responses: {
          200: jsonResponse(z.object({ streams: z.array(zSiemStreamSchema) }), 'One entry per sink'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await getStreams(deps, c.var.actor, options.maxAttempts), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/channels',
        summary: "The tenant's Slack webhook and SIEM sinks, secrets redacted (admin)",
        tags: ['deliveries'],
        responses: { 200: jsonResponse(zDeliveryChannelsViewSchema, 'Where things go'), ...errorResponses },
      }),
      async (c) => c.json(await getChannels(deps, c.var.actor), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/channels',
        summary: 'Replace the Slack webhook and SIEM sinks (admin); a secret left out keeps the stored one',
        tags: ['deliveries'],
        request: jsonBody(zDeliveryChannelsUpdateSchema),
        responses: { 200: jsonResponse(zDeliveryChannelsViewSchema, 'Saved, redacted'), ...errorResponses },
      }),
      async (c) => c.json(await putChannels(deps, c.var.actor, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/retry',
        summary: 'Put a dead-lettered delivery back in the queue (admin)',
        tags: ['deliveries'],
        request: { params: z.object({ id: zRowId }) },
        responses: {
          200: jsonResponse(z.object({ id: z.number(), state: z.literal('pending') }), 'Queued again'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await retryDelivery(deps, c.var.actor, c.req.valid('param').id), 200),
    );
}
