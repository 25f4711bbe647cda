import { createRoute } from '@hono/zod-openapi';
import { zDashboardSchema } from '../../shared/dashboard.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { dashboard } from './dashboard.service.js';

export function dashboardRoutes(deps: Deps) {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'The console dashboard: open now, waiting for me and for review, the last 30 days (lead, admin)',
      tags: ['dashboard'],
      responses: { 200: jsonResponse(zDashboardSchema, 'Counts, each matching a list filter'), ...errorResponses },
    }),
    async (c) => c.json(await dashboard(deps, c.var.actor), 200),
  );
}
