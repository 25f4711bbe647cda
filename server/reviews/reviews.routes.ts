import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { zCursorSchema } from '../../shared/cursor.js';
import { zGrantIdSchema } from '../../shared/grants.js';
import { zReviewInputSchema, zReviewQueueSchema, zReviewSchema, zReviewSummarySchema } from '../../shared/reviews.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../openapi.js';
import { listReviewQueue, recordReview, reviewSummary, summaryCsv } from './reviews.service.js';
import { readingDeps } from '../reads/heavy-reads.js';

const zRange = z.object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() });

export function reviewsRoutes(deps: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'The review queue: flagged sessions, latest change first, a page at a time (lead, admin)',
        tags: ['reviews'],
        request: {
          query: zRange.extend({
            state: z.enum(['flagged', 'reviewed', 'all']).default('flagged'),
            limit: z.coerce.number().int().min(1).max(1000).default(50).meta({ description: 'Items per page' }),
            cursor: zCursorSchema,
          }),
        },
        responses: {
          200: jsonResponse(zReviewQueueSchema, 'Flagged sessions with their flags, what was viewed and any verdict'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await listReviewQueue(readingDeps(deps), c.var.actor, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/summary',
        summary: 'Weekly review summary: counts per flag, verdicts, unreviewed, oldest waiting (JSON or CSV)',
        tags: ['reviews'],
        request: { query: zRange.extend({ format: z.enum(['json', 'csv']).default('json') }) },
        responses: {
          200: {
            description: 'The summary: JSON, or with `format=csv` one CSV row per figure',
            content: { 'application/json': { schema: zReviewSummarySchema }, 'text/csv': { schema: z.string() } },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { format, ...range } = c.req.valid('query');
        const summary = await reviewSummary(readingDeps(deps), c.var.actor, range);
        if (format === 'csv') {
          c.header('content-type', 'text/csv; charset=utf-8');
          return c.body(summaryCsv(summary), 200) as never;
        }
        return c.json(summary, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{grantId}',
        summary: 'Record a verdict on a flagged session (lead, admin; never your own)',
        tags: ['reviews'],
        request: { params: z.object({ grantId: zGrantIdSchema }), ...jsonBody(zReviewInputSchema) },
        responses: { 200: jsonResponse(zReviewSchema, 'The verdict'), ...errorResponses },
      }),
      async (c) =>
        c.json(await recordReview(deps, c.var.actor, c.req.valid('param').grantId, c.req.valid('json')), 200),
    );
}
