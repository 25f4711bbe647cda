import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { zVerifyJobSchema, zVerifySchema } from '../../shared/audit.js';
import type { Actor, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { heavyReadsOf } from '../reads/heavy-reads.js';
import { exportPages, streamExport } from './audit-export.js';
import type { AuditCheckpoints } from './checkpoint-compare.js';
import { GENESIS_HASH, signCheckpoint, type ExportTrailer } from './checkpoints.js';
import { verifyAuditChain } from './audit.service.js';
import { latestFullWalk, readVerifyJob, startVerifyJob } from './verify-jobs.js';
import { lastPurge } from './archive.repository.js';
import { retentionRoutes } from './retention.routes.js';

/** Chain positions are 32-bit integers in the database; a larger bound could only fail there. */
const MAX_SEQ = 2_147_483_647;
const zSeq = z.coerce.number().int().min(1).max(MAX_SEQ);

function requireLead(actor: Actor): void {
  if (actor.role !== 'lead' && actor.role !== 'admin')
    throw errors.forbidden('Only leads and admins can read the audit trail');
}

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
    .route('/', retentionRoutes(deps))
    .openapi(
      createRoute({
        method: 'get',
        path: '/verify',
        summary:
          "Compare the tenant's hash chain with the signed checkpoints kept outside the database (names a cut tail, a rewritten row, a reused seq) and re-walk it (names the first broken row): the rows after the newest checkpoint by default, every row with scope=full",
        tags: ['audit'],
        request: {
          query: z.object({
            scope: z.enum(['incremental', 'full']).default('incremental').meta({
              description: '`full` re-walks from the first row (POST /v1/audit/verify-jobs runs it in the background)',
            }),
          }),
        },
        responses: { 200: jsonResponse(zVerifySchema, 'Chain check'), ...errorResponses },
      }),
      async (c) => {
        requireLead(c.var.actor);
        const tenant = c.var.actor.tenant;
        const result = await verifyAuditChain(deps.db, tenant, await checkpointsReady, {
          scope: c.req.valid('query').scope,
          walk: heavyReadsOf(deps).walk,
        });
        return c.json({ ...result, lastFullWalk: await latestFullWalk(deps.db, tenant) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/verify-jobs',
        summary:
          "Start a full re-walk of the tenant's chain in the background (or answer with the one running); poll GET /v1/audit/verify-jobs/{id} for progress and the result",
        tags: ['audit'],
        responses: { 202: jsonResponse(zVerifyJobSchema, 'The job, running'), ...errorResponses },
      }),
      async (c) => {
        requireLead(c.var.actor);
        const { job } = await startVerifyJob(deps, await checkpointsReady, c.var.actor);
        c.header('location', `/v1/audit/verify-jobs/${job.id}`);
        return c.json(job, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/verify-jobs/{id}',
        summary: 'A background re-walk: its progress (checked of total rows) and, once done, the verify result',
        tags: ['audit'],
        request: { params: z.object({ id: z.string().max(100) }) },
        responses: { 200: jsonResponse(zVerifyJobSchema, 'The job'), ...errorResponses },
      }),
      async (c) => {
        requireLead(c.var.actor);
        const job = await readVerifyJob(deps, c.var.actor.tenant, c.req.valid('param').id);
        if (!job) throw errors.notFound('Verify job');
        return c.json(job, 200);
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
        const { format, fromSeq: asked, toSeq } = c.req.valid('query');
        // Rows up to the last purge are in sealed archives; the export starts after them, and only then.
        const fromSeq = Math.max(asked, ((await lastPurge(deps.db, c.var.actor.tenant))?.to_seq ?? 0) + 1);
        if (toSeq !== undefined && toSeq < fromSeq)
          throw errors.invalidInput('toSeq: must not be below fromSeq', [
            { path: 'toSeq', message: 'must not be below fromSeq' },
          ]);
        const tenant = c.var.actor.tenant;
        const reads = heavyReadsOf(deps);
        const rows = exportPages(
          (afterSeq, limit) => reads.exportPage(tenant, afterSeq, limit, format),
          format,
          fromSeq,
          toSeq,
        );
        // The trailer is signed after the last row, over the rows actually sent.
        const trailer = async (first: string | null, last: { seq: number; hash: string } | null) => {
          const checkpoint = {
            tenant,
            fromSeq,
            prevHash: first ?? GENESIS_HASH,
            toSeq: last?.seq ?? fromSeq - 1,
            hash: last?.hash ?? first ?? GENESIS_HASH,
            signedAt: deps.now().toISOString(),
          };
          const checkpoints = await checkpointsReady;
          const anchor = await anchorFor(checkpoints, tenant, fromSeq, toSeq);
          const signed: ExportTrailer = {
            checkpoint: await signCheckpoint(checkpoints.keys.current, checkpoint),
            ...(anchor ? { anchor } : {}),
          };
          return `${JSON.stringify(signed)}\n`;
        };
        c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
        c.header('content-disposition', `attachment; filename="audit-${tenant}.${format}"`);
        // Streamed page by page, so the export's size never sits in memory; not recompressed on the way.
        c.header('cache-control', 'no-store, no-transform');
        return c.body(streamExport(rows, format === 'jsonl' ? trailer : null, deps.logger), 200);
      },
    );
}
