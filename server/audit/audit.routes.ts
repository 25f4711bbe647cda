import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Actor, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { readChainPage } from './audit.repository.js';
import { verifyAuditChain } from './audit.service.js';

const zVerifySchema = z
  .object({
    ok: z.boolean(),
    tenant: z.string(),
    checked: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
    firstBroken: z.object({ id: z.number(), seq: z.number(), reason: z.string() }).nullable(),
  })
  .meta({ id: 'AuditVerify' });

function requireLead(actor: Actor): void {
  if (actor.role !== 'lead' && actor.role !== 'admin') throw errors.forbidden('Only leads and admins can read the audit trail');
}

const CSV_COLUMNS = ['seq', 'occurred_at', 'kind', 'actor_id', 'grant_id', 'ticket_id', 'customer_id', 'data', 'prev_hash', 'hash'] as const;
const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function auditRoutes(deps: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/verify',
        summary: "Re-walk the tenant's hash chain; names the first broken row",
        tags: ['audit'],
        responses: { 200: jsonResponse(zVerifySchema, 'Chain check'), ...errorResponses },
      }),
      async (c) => {
        requireLead(c.var.actor);
        return c.json(await verifyAuditChain(deps.db, c.var.actor.tenant), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/export',
        summary: 'Evidence export of the audit chain (JSON lines or CSV), verifiable row by row',
        tags: ['audit'],
        request: { query: z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl') }) },
        responses: { 200: { description: 'The chain in order', content: { 'application/x-ndjson': { schema: z.string() }, 'text/csv': { schema: z.string() } } }, ...errorResponses },
      }),
      async (c) => {
        requireLead(c.var.actor);
        const { format } = c.req.valid('query');
        const lines: string[] = format === 'csv' ? [CSV_COLUMNS.join(',')] : [];
        for (let after = 0; ; ) {
          const page = await readChainPage(deps.db, c.var.actor.tenant, after, 5_000);
          for (const row of page) {
            lines.push(format === 'csv' ? CSV_COLUMNS.map((k) => csvCell(row[k])).join(',') : JSON.stringify({ ...row, data: JSON.parse(row.data) }));
          }
          if (page.length < 5_000) break;
          after = page[page.length - 1]?.seq ?? after;
        }
        c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
        c.header('content-disposition', `attachment; filename="audit-${c.var.actor.tenant}.${format}"`);
        return c.body(`${lines.join('\n')}\n`, 200);
      },
    );
}
