import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  zCreateIntegrationSchema,
  zIntegrationListSchema,
  zIntegrationSchema,
  zIssuedIntegrationSchema,
} from '../../shared/integrations.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../openapi.js';
import { issueIntegration, listIntegrations, revokeIntegration } from './integrations.service.js';

const zIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'must be an integration credential id') });

/** Admin-issued credentials for the company's own tools (they may only report tickets closed). */
export function integrationsRoutes(deps: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        summary: 'Issue an integration credential (admin); the secret is in this answer only',
        tags: ['integrations'],
        request: jsonBody(zCreateIntegrationSchema),
        responses: {
          201: jsonResponse(zIssuedIntegrationSchema, 'The credential and its bearer secret, shown once'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await issueIntegration(deps, c.var.actor, c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: "The tenant's integration credentials, newest first, without secrets (admin)",
        tags: ['integrations'],
        responses: { 200: jsonResponse(zIntegrationListSchema, 'Credentials'), ...errorResponses },
      }),
      async (c) => c.json({ integrations: await listIntegrations(deps, c.var.actor) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/revoke',
        summary: 'Revoke an integration credential at once (admin)',
        tags: ['integrations'],
        request: { params: zIdParams },
        responses: { 200: jsonResponse(zIntegrationSchema, 'The revoked credential'), ...errorResponses },
      }),
      async (c) => c.json(await revokeIntegration(deps, c.var.actor, c.req.valid('param').id), 200),
    );
}
