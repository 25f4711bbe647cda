import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { zVerifySchema } from '../../shared/audit.js';
import type { Actor, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { readChainPage } from './audit.repository.js';
import type { AuditCheckpoints } from './checkpoint-compare.js';
import { GENESIS_HASH, signCheckpoint, type ExportTrailer } from './checkpoints.js';
import { verifyAuditChain } from './audit.service.js';

/** Chain positions are 32-bit integers in the database; a larger bound could only fail there. */
const MAX_SEQ = 2_147_483_647;
const zSeq = z.coerce.number().int().min(1).max(MAX_SEQ);

function requireLead(actor: Actor): void {
  if (actor.role !== 'lead' && actor.role !== 'admin')
    throw errors.forbidden('Only leads and admins can read the audit trail');
}

const CSV_COLUMNS = [
  'seq',
  'occurred_at',
  'kind',
  'actor_id',
  'grant_id',
  'ticket_id',
  'customer_id',
  'data',
  'prev_hash',
  'hash',
  'canon',
] as const;
const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The newest checkpoint from the store (that verifies) an export of fromSeq..toSeq should contain:
 * at or below toSeq, or any when the export runs to the head — then one beyond the last row shows a cut tail.
 */
async function anchorFor(
  checkpoints: AuditCheckpoints,
  tenant: string,
  fromSeq: number,
  toSeq: number | undefined,
): Promise<string | undefined> {
  if (!checkpoints.store) return undefined;
  const seqs = (await checkpoints.store.list(tenant)).filter(
    (s) => s >= fromSeq && (toSeq === undefined || s <= toSeq),
  );
  for (const seq of seqs.reverse()) {
    const read = await checkpoints.store.read(tenant, seq, checkpoints.keys.publicJwks);
    if (read.ok) return read.jws;
  }
  return undefined;
}

export function auditRoutes(deps: Deps, checkpointsReady: AuditCheckpoints | Promise<AuditCheckpoints>) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/verify',
        summary:
          "Re-walk the tenant's hash chain (names the first broken row) and compare it with the signed checkpoints kept outside the database (names a cut tail, a rewritten row, a reused seq)",
        tags: ['audit'],
        responses: { 200: jsonResponse(zVerifySchema, 'Chain check'), ...errorResponses },
      }),
      async (c) => {
        requireLead(c.var.actor);
        return c.json(await verifyAuditChain(deps.db, c.var.actor.tenant, await checkpointsReady), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/export',
        summary:
          'Evidence export of the audit chain (JSON lines or CSV); JSON lines end with an Ed25519-signed checkpoint over the range and the newest stored checkpoint it should contain, verifiable offline',
        tags: ['audit'],
        request: {
          query: z.object({
            format: z.enum(['jsonl', 'csv']).default('jsonl'),
            fromSeq: zSeq.default(1).meta({ description: 'First chain position to export' }),
            toSeq: zSeq.optional().meta({ description: 'Last chain position to export; must not be below fromSeq' }),
          }),
        },
        responses: {
          200: {
            description: 'The chain in order',
            content: { 'application/x-ndjson': { schema: z.string() }, 'text/csv': { schema: z.string() } },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        requireLead(c.var.actor);
        const { format, fromSeq, toSeq } = c.req.valid('query');
        if (toSeq !== undefined && toSeq < fromSeq)
          throw errors.invalidInput('toSeq: must not be below fromSeq', [
            { path: 'toSeq', message: 'must not be below fromSeq' },
          ]);
        const lines: string[] = format === 'csv' ? [CSV_COLUMNS.join(',')] : [];
        let first: { prev_hash: string } | null = null;
        let last: { seq: number; hash: string } | null = null;
        for (let after = fromSeq - 1; ; ) {
          const page = (await readChainPage(deps.db, c.var.actor.tenant, after, 5_000)).filter(
            (r) => toSeq === undefined || r.seq <= toSeq,
          );
          for (const row of page) {
            first ??= row;
            last = row;
            const { id: _id, ...exported } = row;
            lines.push(
              format === 'csv'
                ? CSV_COLUMNS.map((k) => csvCell(row[k])).join(',')
                : JSON.stringify({ ...exported, data: JSON.parse(row.data) }),
            );
          }
          if (page.length < 5_000) break;
          after = page[page.length - 1]?.seq ?? after;
        }
        if (format === 'jsonl') {
          const checkpoint = {
            tenant: c.var.actor.tenant,
            fromSeq,
            prevHash: first?.prev_hash ?? GENESIS_HASH,
            toSeq: last?.seq ?? fromSeq - 1,
            hash: last?.hash ?? first?.prev_hash ?? GENESIS_HASH,
            signedAt: deps.now().toISOString(),
          };
          const checkpoints = await checkpointsReady;
          const anchor = await anchorFor(checkpoints, c.var.actor.tenant, fromSeq, toSeq);
          const trailer: ExportTrailer = {
            checkpoint: await signCheckpoint(checkpoints.keys.current, checkpoint),
            ...(anchor ? { anchor } : {}),
          };
          lines.push(JSON.stringify(trailer));
        }
        c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
        c.header('content-disposition', `attachment; filename="audit-${c.var.actor.tenant}.${format}"`);
        return c.body(`${lines.join('\n')}\n`, 200);
      },
    );
}
