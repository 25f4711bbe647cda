import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  GRANT_STATUSES, zCloseCheckSchema, zCustomerIdSchema, zSessionListSchema, zTicketIdSchema, type GrantStatus,
} from '../../shared/grants.js';
import { zTicketClosedReportSchema, zTicketClosedResultSchema } from '../../shared/integrations.js';
import type { Deps } from '../app-env.js';
import { allowHostCaller } from '../auth/host-callers.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { createRouter, errorResponses, jsonBody, jsonResponse, refusalsRecorded } from '../openapi.js';
import { reportClosedByHost } from './close-report.service.js';
import { closeCheck, listSessions } from './history.service.js';

const zRange = z.object({
  from: z.iso.datetime().optional().meta({ description: 'Requested at or after (ISO-8601)' }),
  to: z.iso.datetime().optional().meta({ description: 'Requested before (ISO-8601)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
/**
 * `status=pending,active`: the pattern is built from the status enum, so the document lists the same
 * values. Empty means no filter, as before.
 */
const STATUS = `(?:${GRANT_STATUSES.join('|')})`;
const STATUS_LIST = new RegExp(`^(?:${STATUS}(?:,${STATUS})*)?$`);
const zStatusList = z
  .string()
  .regex(STATUS_LIST, `must be a comma-separated list of ${GRANT_STATUSES.join(', ')}`)
  .optional()
  .transform((v) => (v ? (v.split(',') as GrantStatus[]) : undefined))
  .meta({ description: `Comma-separated statuses, any of ${GRANT_STATUSES.join(', ')}`, example: 'pending,active' });

const zListQuery = zRange.extend({
  status: zStatusList,
  ticketId: zTicketIdSchema.optional(),
  customerId: zCustomerIdSchema.optional(),
  requesterId: z.string().min(1).max(200).optional(),
});

/** The credentials a close report is accepted with (OpenAPI security schemes registered in app.ts). */
const HOST_CALLERS: Array<Record<string, string[]>> = [{ integrationCredential: [] }, { forgeTrigger: [] }];

const sessions = <P extends z.ZodObject, Q extends z.ZodObject>(path: string, summary: string, params: P, query: Q) =>
  createRoute({
    method: 'get',
    path,
    summary,
    tags: ['history'],
    request: { params, query },
    responses: { 200: jsonResponse(zSessionListSchema, 'Sessions, newest first, with what was viewed'), ...errorResponses },
  });

/**
 * History by ticket, customer and agent, a filtered list for consoles, the ticket close check, and
 * the host's report that a ticket closed (`refusals` bounds the recorded refusals per user).
 */
export function historyRoutes(deps: Deps, refusals: RateLimiter) {
  const ticket = z.object({ ticketId: zTicketIdSchema });
  return createRouter()
    .openapi(sessions('/tickets/{ticketId}/grants', 'Every session on a ticket', ticket, zRange), async (c) => {
      const sessionsFound = await listSessions(deps, c.var.actor, { ...c.req.valid('query'), ticketId: c.req.valid('param').ticketId });
      return c.json({ sessions: sessionsFound }, 200);
    })
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{ticketId}/close-check',
        summary: 'Whether the ticket may be solved or closed now',
        tags: ['history'],
        request: { params: ticket },
        responses: { 200: jsonResponse(zCloseCheckSchema, 'Open grants block closing'), ...errorResponses },
      }),
      async (c) => c.json(await closeCheck(deps, c.var.actor, c.req.valid('param').ticketId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{ticketId}/closed',
        summary:
          'Report a ticket solved or closed outside the apps: open grants are revoked and flagged. Host callers only ' +
          '(the Forge trigger, an integration credential); anyone else gets 403 close_report_not_from_host',
        tags: ['history'],
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
    )
    .openapi(sessions('/customers/{customerId}/access', 'Every session that touched a customer (lead, admin)', z.object({ customerId: zCustomerIdSchema }), zRange), async (c) => {
      const found = await listSessions(deps, c.var.actor, { ...c.req.valid('query'), customerId: c.req.valid('param').customerId, ticketId: undefined });
      return c.json({ sessions: found }, 200);
    })
    .openapi(sessions('/agents/{agentId}/grants', "An agent's sessions (lead, admin, or the agent)", z.object({ agentId: z.string().min(1).max(200) }), zRange), async (c) => {
      const found = await listSessions(deps, c.var.actor, { ...c.req.valid('query'), requesterId: c.req.valid('param').agentId });
      return c.json({ sessions: found }, 200);
    })
    .openapi(sessions('/grants', 'Search sessions by ticket, customer, agent, status and date range', z.object({}), zListQuery), async (c) => {
      const found = await listSessions(deps, c.var.actor, c.req.valid('query'));
      return c.json({ sessions: found }, 200);
    });
}
