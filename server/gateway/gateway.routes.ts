import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  zQueryResultSchema,
  zRunQuerySchema,
  zSavedQueryDefinitionSchema,
  zSavedQueryListSchema,
  zSavedQueryNameSchema,
  zSavedQuerySchema,
  zQueryTestResultSchema,
  zTestQuerySchema,
} from '../../shared/gateway.js';
import { zErrorSchema } from '../../shared/errors.js';
import { zGrantIdSchema } from '../../shared/grants.js';
import type { Deps } from '../app-env.js';
import type { GatewayDatabaseHandle } from '../db/gateway-connection.js';
import { createRouter, errorResponses, jsonBody, jsonResponse, refusalsRecorded } from '../openapi.js';
import { runSavedQuery } from './run-query.service.js';
import { testSavedQuery } from './test-query.service.js';
import { getSavedQuery, listQuerySummaries, removeQuery, saveQuery } from './saved-queries.service.js';

const zNameParams = z.object({ name: zSavedQueryNameSchema });
const zRunParams = z.object({ grantId: zGrantIdSchema, name: zSavedQueryNameSchema });
const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: zErrorSchema } },
  description,
});

/**
 * The data gateway under `/v1/gateway`: admins define saved queries; the requester of an active
 * grant runs them against the production connection (`gateway`; null answers runs with 503).
 */
export function gatewayRoutes(deps: Deps, gateway: GatewayDatabaseHandle | null) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/queries',
        summary: 'Saved queries an agent can run: name, title, description and parameters',
        tags: ['gateway'],
        responses: { 200: jsonResponse(zSavedQueryListSchema, 'The tenant’s saved queries'), ...errorResponses },
      }),
      async (c) => c.json({ queries: await listQuerySummaries(deps, c.var.actor) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/queries/{name}',
        summary: 'A saved query with its SQL (admins)',
        tags: ['gateway'],
        request: { params: zNameParams },
        responses: { 200: jsonResponse(zSavedQuerySchema, 'The saved query'), ...errorResponses },
      }),
      async (c) => c.json(await getSavedQuery(deps, c.var.actor, c.req.valid('param').name), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/queries/{name}',
        summary: 'Create or replace a saved query (admins); audited with old and new definitions',
        tags: ['gateway'],
        request: { params: zNameParams, ...jsonBody(zSavedQueryDefinitionSchema) },
        responses: { 200: jsonResponse(zSavedQuerySchema, 'The saved query'), ...errorResponses },
      }),
      async (c) => c.json(await saveQuery(deps, c.var.actor, c.req.valid('param').name, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/queries/{name}',
        summary: 'Delete a saved query (admins); audited',
        tags: ['gateway'],
        request: { params: zNameParams },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        await removeQuery(deps, c.var.actor, c.req.valid('param').name);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/queries/{name}/test',
        summary: 'Test-run a saved query, or a draft of it, for a sample customer without a grant (admins); audited',
        description:
          'Binds the customer parameter to `customerId`, masks every sensitive column, returns at most 20 rows and ' +
          'writes a `gateway.query_tested` audit event. Nothing is written when the run is refused or fails.',
        tags: ['gateway'],
        request: { params: zNameParams, ...jsonBody(zTestQuerySchema) },
        responses: {
          200: jsonResponse(zQueryTestResultSchema, 'The masked sample'),
          ...errorResponses,
          422: errorResponse('The query tried to write, failed, or returned another customer’s rows'),
          503: errorResponse('No production connection configured or reachable (gateway_unavailable)'),
          504: errorResponse('The query hit its statement timeout (query_timeout)'),
        },
      }),
      async (c) => {
        const { name } = c.req.valid('param');
        return c.json(await testSavedQuery(deps, gateway, c.var.actor, { name, ...c.req.valid('json') }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/grants/{grantId}/queries/{name}/run',
        summary:
          'Run a saved query within an active grant; the customer is bound from the grant, sensitive fields are masked, the run is recorded',
        description:
          'A refused run is itself recorded as a `gateway.refused` audit event (unknown grant or query, not yours, ' +
          'grant not active, system not granted, customer parameter sent); a run that fails in the database as ' +
          '`gateway.query_failed`.',
        tags: ['gateway'],
        ...refusalsRecorded({ auditKinds: ['gateway.refused', 'gateway.query_failed'] }),
        request: { params: zRunParams, ...jsonBody(zRunQuerySchema) },
        responses: {
          200: jsonResponse(zQueryResultSchema, 'The (masked) result; the access event is already recorded'),
          ...errorResponses,
          422: errorResponse(
            'The saved query tried to write, failed, or returned another customer’s rows (query_read_only, query_failed, query_out_of_scope)',
          ),
          503: errorResponse('No production connection configured or reachable (gateway_unavailable)'),
          504: errorResponse('The query hit its statement timeout (query_timeout)'),
        },
      }),
      async (c) => {
        const { grantId, name } = c.req.valid('param');
        return c.json(
          await runSavedQuery(deps, gateway, c.var.actor, { grantId, name, params: c.req.valid('json').params }),
          200,
        );
      },
    );
}
