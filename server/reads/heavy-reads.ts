import { Kysely } from 'kysely';
import { Worker } from 'node:worker_threads';
import { readExportPage, type ExportFormat, type ExportPage } from '../audit/audit-export.js';
import { walkChain, type ChainWalk } from '../audit/audit.service.js';
import { connectDatabase, type DialectName } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { workerDialect } from '../db/worker-dialect.js';
import type { Logger } from '../errors.js';
import type { HeavyReply, HeavyRequest, HeavyWorkerData } from './heavy-reads.protocol.js';

type ChainAnchor = { seq: number; hash: string };

/**
 * Where the reads that take long run: a chain walk, export pages, the lead's large lists. In the
 * server they run beside the event loop (a worker thread with its own read-only connection, and on
 * PostgreSQL pools of their own), so a verify or an export never makes a ticket save wait.
 */
export interface HeavyReads {
  /** For large lists: reads only, never in a transaction. */
  db: Kysely<Database>;
  walk(tenant: string, from?: ChainAnchor, toSeq?: number, onProgress?: (checked: number) => void): Promise<ChainWalk>;
  exportPage(tenant: string, afterSeq: number, limit: number, format: ExportFormat): Promise<ExportPage>;
  close(): Promise<void>;
  /** The worker thread now running, if any (tests stop it to show a crash loses only the read in flight). */
  worker?: () => Worker | null;
}

/** The same reads on the caller's connection (tests, tools, an in-memory database). */
export function inlineHeavyReads(db: Kysely<Database>): HeavyReads {
  return {
    db,
    walk: (tenant, from, toSeq, onProgress) => walkChain(db, tenant, from, toSeq, onProgress),
    exportPage: (tenant, afterSeq, limit, format) => readExportPage(db, tenant, afterSeq, limit, format),
    close: async () => {},
  };
}

const inline = new WeakMap<Kysely<Database>, HeavyReads>();

/** The app's heavy reads: the worker the server started, or inline on the app's own connection. */
export function heavyReadsOf(deps: { db: Kysely<Database>; reads?: HeavyReads | undefined }): HeavyReads {
  if (deps.reads) return deps.reads;
  const known = inline.get(deps.db);
  if (known) return known;
  const reads = inlineHeavyReads(deps.db);
  inline.set(deps.db, reads);
  return reads;
}

/**
 * The app's dependencies with `db` swapped for the heavy-reads connection: for read-only services
 * behind the lead's large lists (never for writes, never for the ticket-save hot path).
 *
 * @example const found = await listSessions(readingDeps(deps), actor, query);
 */
export function readingDeps<D extends { db: Kysely<Database>; reads?: HeavyReads | undefined }>(deps: D): D {
  return deps.reads ? { ...deps, db: deps.reads.db } : deps;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress?: (checked: number) => void;
}

/**
 * Heavy reads on a worker thread, started on first use and again after a crash (every request in
 * flight then fails; none is retried, as a read may be half done). On SQLite, lists read through the
 * worker too; on PostgreSQL they use a small pool of their own, so the main pool stays free.
 *
 * @example const reads = workerHeavyReads({ url: config.databaseUrl, dialect, logger });
 */
export function workerHeavyReads(options: {
  url: string;
  dialect: DialectName;
  schema?: string;
  logger: Logger;
}): HeavyReads {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = () => {
    const data: HeavyWorkerData = { url: options.url, ...(options.schema ? { schema: options.schema } : {}) };
    // Small heaps: the pages an export formats are garbage at once, and with room to spare V8 lets
    // the garbage pile up (a 10,000,000-event JSON-lines export grew the process by 320 MB with a
    // 512 MB old generation). A page is at most a few megabytes; lists are bounded by their limit.
    const w = new Worker(new URL('./heavy-reads.boot.mjs', import.meta.url), {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    });
    w.unref();
    w.on('message', (reply: HeavyReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      if ('progress' in reply) return p.onProgress?.(reply.progress);
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    w.on('error', (err) => {
      options.logger.error('[reads] the heavy-reads worker failed; the next read starts another', err);
      failAll(err);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (pending.size > 0) failAll(new Error(`the heavy-reads worker exited (code ${code})`));
    });
    return w;
  };
  // Omit over a union keeps only the shared keys; the union of omissions keeps each op's own.
  type Request = HeavyRequest extends infer R ? (R extends HeavyRequest ? Omit<R, 'id'> : never) : never;
  const ask = <T>(request: Request, onProgress?: (checked: number) => void) =>
    new Promise<T>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, ...(onProgress ? { onProgress } : {}) });
      worker.postMessage({ ...request, id });
    });

  const ownPool =
    options.dialect === 'postgres'
      ? connectDatabase(options.url, {
          poolSize: 3,
          readonly: true,
          ...(options.schema ? { schema: options.schema } : {}),
        })
      : null;
  const db =
    ownPool?.db ??
    new Kysely<Database>({
      dialect: workerDialect((sql, parameters) => ask<{ rows: unknown[] }>({ op: 'query', sql, parameters })),
    });

  return {
    db,
    walk: (tenant, from, toSeq, onProgress) => ask<ChainWalk>({ op: 'walk', tenant, from, toSeq }, onProgress),
    exportPage: (tenant, afterSeq, limit, format) =>
      ask<ExportPage>({ op: 'exportPage', tenant, afterSeq, limit, format }),
    worker: () => worker,
    async close() {
      const w = worker;
      worker = null;
      failAll(new Error('the heavy-reads worker was stopped'));
      await Promise.all([w?.terminate(), ownPool?.close()]);
    },
  };
}
