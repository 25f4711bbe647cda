import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  zAccessEventsSchema,
  zApproveSchema,
  zCreateGrantSchema,
  zDenySchema,
  zEndSchema,
  zEventsAcceptedSchema,
  zExtendSchema,
  zGrantCheckSchema,
  zGrantDetailSchema,
  zGrantIdSchema,
  zGrantSchema,
  zGrantTokenSchema,
  zRevokeSchema,
  zSessionListSchema,
  zSessionSearchSchema,
} from '../../shared/grants.js';
import type { SigningKeys } from '../keys/signing-keys.js';
import { allowGrantToken } from '../tokens/allow-grant-token.js';
import { checkGrant, grantTokenFor } from '../tokens/grant-tokens.service.js';
import type { Deps } from '../app-env.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { errorResponses, jsonBody, jsonResponse, createRouter, refusalsRecorded } from '../openapi.js';
import { recordAccessEvents } from './access-events.service.js';
import {
  approveGrant,
  cancelGrant,
  denyGrant,
  endGrant,
  requestGrant,
  revokeGrant,
  startGrant,
} from './grants.service.js';
import { approveExtension, denyExtension, extendGrant } from './extensions.service.js';
import { getGrantDetail, listSessions } from './sessions.service.js';
import { readingDeps } from '../reads/heavy-reads.js';

const zIdParams = z.object({ id: zGrantIdSchema });

const grantResponses = { 200: jsonResponse(zGrantSchema, 'The grant after the change'), ...errorResponses };

const action = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path,
    summary,
    tags: ['grants'],
    request: { params: zIdParams },
    responses: grantResponses,
  });

const actionWithBody = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  createRoute({
    method: 'post',
    path,
    summary,
    tags: ['grants'],
    request: { params: zIdParams, ...jsonBody(body) },
    responses: grantResponses,
  });

/** `refusals` bounds how many refused event reports a user gets recorded (see refused-reports.ts). */
export function grantsRoutes(deps: Deps, keys: SigningKeys, publicUrl: string, refusals: RateLimiter) {
  // Only these two routes take a grant token; `authenticate` refuses one everywhere else.
  const reportingTool = allowGrantToken({ deps, keys, lateDelivery: true });
  const checkingTool = allowGrantToken({ deps, keys });
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'Search sessions by ticket, customer, agent, status and date range',
        tags: ['grants'],
        request: { query: zSessionSearchSchema },
        responses: {
          200: jsonResponse(zSessionListSchema, 'Sessions, newest first, with what was viewed'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await listSessions(readingDeps(deps), c.var.actor, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        summary: 'Request access for a ticket (or start break-glass access with `emergency`)',
        tags: ['grants'],
        request: jsonBody(zCreateGrantSchema),
        responses: { 201: jsonResponse(zGrantSchema, 'The new grant'), ...errorResponses },
      }),
      async (c) => c.json(await requestGrant(deps, c.var.actor, c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        summary: 'A grant with its audit timeline and access events',
        tags: ['grants'],
        request: { params: zIdParams },
        responses: { 200: jsonResponse(zGrantDetailSchema, 'The grant'), ...errorResponses },
      }),
      async (c) => c.json(await getGrantDetail(deps, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(
      actionWithBody('/{id}/approve', 'Approve a pending request (approvers; never your own)', zApproveSchema),
      async (c) =>
        c.json(await approveGrant(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json').note), 200),
    )
    .openapi(actionWithBody('/{id}/deny', 'Deny a pending request with a note', zDenySchema), async (c) =>
      c.json(await denyGrant(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json').note), 200),
    )
    .openapi(action('/{id}/start', 'Start the clock on an approved grant (requester)'), async (c) =>
      c.json(await startGrant(deps, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(action('/{id}/cancel', 'Withdraw a pending or approved request (requester)'), async (c) =>
      c.json(await cancelGrant(deps, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(actionWithBody('/{id}/end', 'End the session with its outcome (requester)', zEndSchema), async (c) =>
      c.json(await endGrant(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json').outcome), 200),
    )
    .openapi(actionWithBody('/{id}/revoke', 'Revoke an open grant (lead, admin)', zRevokeSchema), async (c) =>
      c.json(await revokeGrant(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json').reason), 200),
    )
    .openapi(
      actionWithBody(
        '/{id}/extend',
        'Ask for more time on an active grant (requester): applied at once within the self-extension limit, ' +
          'otherwise `pendingExtension` waits for an approver (`/extension/approve` or `/extension/deny`)',
        zExtendSchema,
      ),
      async (c) => c.json(await extendGrant(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      actionWithBody(
        '/{id}/extension/approve',
        "Apply the grant's pending extension (approvers; never your own)",
        zApproveSchema,
      ),
      async (c) =>
        c.json(await approveExtension(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json').note), 200),
    )
    .openapi(
      actionWithBody('/{id}/extension/deny', "Refuse the grant's pending extension with a note", zDenySchema),
      async (c) =>
        c.json(await denyExtension(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json').note), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/events',
        summary: 'Report what was viewed, queried, exported or changed during an active session',
        description:
          'A refused report is itself recorded: an `access.refused` audit event (unknown grant, not yours, grant ' +
          'not active), and on a grant that is not active the events are kept unaccepted and the grant flagged as ' +
          'shadow access.',
        tags: ['grants'],
        middleware: [reportingTool] as const,
        ...refusalsRecorded({ auditKinds: ['access.refused'], shadowEvents: true }),
        request: { params: zIdParams, ...jsonBody(zAccessEventsSchema) },
        responses: { 202: jsonResponse(zEventsAcceptedSchema, 'Recorded'), ...errorResponses },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { events } = c.req.valid('json');
        return c.json(await recordAccessEvents(deps, c.var.actor, id, events, c.var.grantToken, refusals), 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/token',
        summary: 'A grant token for an internal tool (requester, active grant); EdDSA, expires with the grant',
        tags: ['grants'],
        request: { params: zIdParams },
        responses: {
          200: jsonResponse(zGrantTokenSchema, 'The token and where its public key is published'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await grantTokenFor(deps, keys, c.var.actor, c.req.valid('param').id, publicUrl), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/check',
        summary: 'Is this grant active now? (grant token or requester)',
        tags: ['grants'],
        middleware: [checkingTool] as const,
        request: { params: zIdParams },
        responses: { 200: jsonResponse(zGrantCheckSchema, 'The grant status'), ...errorResponses },
      }),
      async (c) => c.json(await checkGrant(deps, c.var.actor, c.req.valid('param').id, c.var.grantToken), 200),
    );
}
