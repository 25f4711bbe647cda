// The heavy-reads worker thread: its own read-only connection, so long reads (a chain walk, export
// pages, large lists) run beside the event loop instead of on it.
import { CompiledQuery } from 'kysely';
import { parentPort, workerData } from 'node:worker_threads';
import { readExportPage } from '../audit/audit-export.js';
import { walkChain } from '../audit/audit.service.js';
import { connectDatabase } from '../db/connect.js';
import type { HeavyReply, HeavyRequest, HeavyWorkerData } from './heavy-reads.protocol.js';

const port = parentPort!;
const { url, schema } = workerData as HeavyWorkerData;
const { db } = connectDatabase(url, { readonly: true, poolSize: 2, ...(schema ? { schema } : {}) });
const reply = (message: HeavyReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function answer(request: HeavyRequest) {
  switch (request.op) {
    case 'query': {
      const result = await db.executeQuery(CompiledQuery.raw(request.sql, [...request.parameters]));
      return { rows: result.rows as unknown[] };
    }
    case 'walk':
      return walkChain(db, request.tenant, request.from, request.toSeq, (checked) =>
        reply({ id: request.id, progress: checked }),
      );
    case 'exportPage':
      return readExportPage(db, request.tenant, request.afterSeq, request.limit, request.format);
  }
}

port.on('message', (request: HeavyRequest) => {
  answer(request).then(
    // An export page's bytes move to the main thread without a copy (and without a string there).
    (result) =>
      reply(
        { id: request.id, ok: true, result },
        'bytes' in result && result.bytes ? [result.bytes.buffer as ArrayBuffer] : [],
      ),
    (err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      reply({ id: request.id, ok: false, error: { name: error.name, message: error.message } });
    },
  );
});
