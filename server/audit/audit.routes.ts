import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { zVerifySchema } from '../../shared/audit.js';
import type { Actor, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { createRouter, errorResponses, jsonResponse } from '../openapi.js';
import { readChainPage } from './audit.repository.js';
import { lastPurge } from './archive.repository.js';
import type { AuditCheckpoints } from './checkpoint-compare.js';
import { GENESIS_HASH, signCheckpoint, type ExportTrailer } from './checkpoints.js';
import { verifyAuditChain } from './audit.service.js';
import { retentionRoutes } from './retention.routes.js';

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

/** Rows exported per database read; one page is all the export ever holds in memory. */
export const EXPORT_PAGE_ROWS = 2_000;

interface ExportPage {
  text: string;
  first: string | null;
  last: { seq: number; hash: string } | null;
}

/** The export's lines, one page of the chain at a time (a CSV starts with its header). */
async function* exportLines(
  deps: Deps,
  tenant: string,
  format: 'jsonl' | 'csv',
  fromSeq: number,
  toSeq: number | undefined,
): AsyncGenerator<ExportPage> {
  if (format === 'csv') yield { text: `${CSV_COLUMNS.join(',')}\n`, first: null, last: null };
  for (let after = fromSeq - 1; ; ) {
    const limit = toSeq === undefined ? EXPORT_PAGE_ROWS : Math.min(EXPORT_PAGE_ROWS, toSeq - after);
    if (limit <= 0) return;
    const page = await readChainPage(deps.db, tenant, after, limit);
    if (page.length === 0) return;
    const lines = page.map((row) => {
      const { id: _id, ...exported } = row;
      return format === 'csv'
        ? CSV_COLUMNS.map((k) => csvCell(row[k])).join(',')
        : JSON.stringify({ ...exported, data: JSON.parse(row.data) });
    });
    const tail = page[page.length - 1]!;
    yield { text: `${lines.join('\n')}\n`, first: page[0]!.prev_hash, last: { seq: tail.seq, hash: tail.hash } };
    if (page.length < limit) return;
    after = tail.seq;
  }
}

/**
 * A byte stream of the pages, read only as fast as the client takes them (a pull source with no
 * read-ahead: backpressure reaches the database reads), then the signed trailer. A failure half way
 * ends the stream without a trailer, so the export can never verify as complete.
 */
export function streamExport(
  pages: AsyncGenerator<ExportPage>,
  trailer: ((first: string | null, last: { seq: number; hash: string } | null) => Promise<string>) | null,
  logger: Deps['logger'],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let first: string | null = null;
  let last: { seq: number; hash: string } | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (done) return controller.close();
          const next = await pages.next();
          if (!next.done) {
            first ??= next.value.first;
            last = next.value.last ?? last;
            return controller.enqueue(encoder.encode(next.value.text));
          }
          done = true;
          if (trailer) controller.enqueue(encoder.encode(await trailer(first, last)));
          controller.close();
        } catch (err) {
          logger.error('[audit] export failed part way; the stream ends without its signed trailer', err);
          controller.error(err);
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export function auditRoutes(deps: Deps, checkpointsReady: AuditCheckpoints | Promise<AuditCheckpoints>) {
  return createRouter()
    .route('/', retentionRoutes(deps))
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
        const { format, fromSeq: asked, toSeq } = c.req.valid('query');
        // Rows up to the last purge are in sealed archives; the export starts after them, and only then.
        const fromSeq = Math.max(asked, ((await lastPurge(deps.db, c.var.actor.tenant))?.to_seq ?? 0) + 1);
        if (toSeq !== undefined && toSeq < fromSeq)
          throw errors.invalidInput('toSeq: must not be below fromSeq', [
            { path: 'toSeq', message: 'must not be below fromSeq' },
          ]);
        const tenant = c.var.actor.tenant;
        const rows = exportLines(deps, tenant, format, fromSeq, toSeq);
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
