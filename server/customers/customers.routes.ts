import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { zCustomerIdSchema } from '../../shared/grants.js';
import { zSignedTransparencyReportSchema, zTransparencyQuerySchema } from '../../shared/transparency.js';
import type { Deps } from '../app-env.js';
import type { AuditCheckpoints } from '../audit/checkpoint-compare.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { transparencyReport } from './transparency-report.service.js';

/** `GET /v1/customers/{customerId}/transparency-report`: the signed report a company hands its customer. */
export function customersRoutes(
  deps: Deps,
  checkpoints: AuditCheckpoints | Promise<AuditCheckpoints>,
  publicUrl: string,
) {
  const jwksUrl = new URL('/.well-known/jwks.json', publicUrl).toString();
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/customers/{customerId}/transparency-report',
      summary: "A signed report of every access to a customer's data, for that customer (leads, admins)",
      description:
        'Sessions requested in the period that opened data, oldest first: date, duration, ticket, stated reason, ' +
        "categories of data viewed, whether anything was changed, the approver's role. Staff names, e-mails and " +
        'internal notes only with includeStaff / includeNotes (admins). Signed with the audit checkpoint key (see ' +
        '`/.well-known/jwks.json`); verify with scripts/verify-transparency-report.ts.',
      tags: ['history'],
      request: { params: z.object({ customerId: zCustomerIdSchema }), query: zTransparencyQuerySchema },
      responses: { 200: jsonResponse(zSignedTransparencyReportSchema, 'The signed report'), ...errorResponses },
    }),
    async (c) => {
      const { customerId } = c.req.valid('param');
      const signed = await transparencyReport(deps, c.var.actor, checkpoints, jwksUrl, {
        customerId,
        ...c.req.valid('query'),
      });
      return c.json(signed, 200);
    },
  );
}
