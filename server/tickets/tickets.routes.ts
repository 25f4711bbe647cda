import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { zCloseCheckSchema, zSessionListSchema, zSessionRangeSchema, zTicketIdSchema } from '../../shared/grants.js';
import { zTicketClosedReportSchema, zTicketClosedResultSchema } from '../../shared/integrations.js';
import type { Deps } from '../app-env.js';
import { allowHostCaller } from '../auth/host-callers.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { createRouter, errorResponses, jsonBody, jsonResponse, refusalsRecorded } from '../openapi.js';
import { reportClosedByHost } from './ticket-closed.service.js';
import { closeCheck, ticketSessions } from './tickets.service.js';
import { readingDeps } from '../reads/heavy-reads.js';

/** The credentials a close report is accepted with (OpenAPI security schemes registered in app.ts). */
const HOST_CALLERS: Array<Record<string, string[]>> = [{ integrationCredential: [] }, { forgeTrigger: [] }];

/**
 * `/v1/tickets`: a ticket's sessions, the close check, and the host's report that a ticket closed
 * (`refusals` bounds the recorded refusals per user).
 */
export function ticketsRoutes(deps: Deps, refusals: RateLimiter) {
  const ticket = z.object({ ticketId: zTicketIdSchema });
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{ticketId}/grants',
        summary: 'Every session on a ticket',
        tags: ['tickets'],
        request: { params: ticket, query: zSessionRangeSchema },
        responses: {
          200: jsonResponse(zSessionListSchema, 'Sessions, newest first, with what was viewed'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const found = await ticketSessions(
          readingDeps(deps),
          c.var.actor,
          c.req.valid('param').ticketId,
          c.req.valid('query'),
        );
        return c.json(found, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{ticketId}/close-check',
        summary: 'Whether the ticket may be solved or closed now',
        tags: ['tickets'],
        request: { params: ticket },
        responses: { 200: jsonResponse(zCloseCheckSchema, 'Open grants block closing'), ...errorResponses },
      }),
      async (c) => c.json(await closeCheck(deps, c.var.actor, c.req.valid('param').ticketId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{ticketId}/closed',
        summary:
          'Report a ticket solved or closed outside the apps: open grants are revoked and flagged. Host callers only ' +
          '(the Forge trigger, an integration credential); anyone else gets 403 close_report_not_from_host',
        tags: ['tickets'],
        request: { params: ticket, ...jsonBody(zTicketClosedReportSchema) },
        security: HOST_CALLERS,
        middleware: [allowHostCaller()] as const,
        // A refused report from a person is kept, bounded: who tried, on which ticket, how signed in.
        ...refusalsRecorded({ auditKinds: ['ticket.close_report_refused'] }),
        responses: { 200: jsonResponse(zTicketClosedResultSchema, 'Grants revoked by this report'), ...errorResponses },
      }),
      async (c) => {
        const { ticketId } = c.req.valid('param');
        const report = c.req.valid('json');
        return c.json(await reportClosedByHost(deps, refusals, c.var.actor, c.var.auth, ticketId, report), 200);
      },
    );
}
