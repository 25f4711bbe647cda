import type { ChainWalk } from '../audit/audit.service.js';
import type { ExportFormat, ExportPage } from '../audit/audit-export.js';

/** What the main thread asks the heavy-reads worker. */
export type HeavyRequest =
  | { id: number; op: 'query'; sql: string; parameters: readonly unknown[] }
  | {
      id: number;
      op: 'walk';
      tenant: string;
      from: { seq: number; hash: string } | undefined;
      toSeq: number | undefined;
    }
  | { id: number; op: 'exportPage'; tenant: string; afterSeq: number; limit: number; format: ExportFormat };

/** What the worker answers: progress while a walk runs, then one result or error per request. */
export type HeavyReply =
  | { id: number; progress: number }
  | { id: number; ok: true; result: { rows: unknown[] } | ChainWalk | ExportPage }
  | { id: number; ok: false; error: { name: string; message: string } };

/** How the worker opens its own connection. */
export interface HeavyWorkerData {
  url: string;
  schema?: string;
}
