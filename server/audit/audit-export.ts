import type { Kysely } from 'kysely';
import type { Logger } from '../errors.js';
import type { Database } from '../db/database.js';
import { readChainPage } from './audit.repository.js';

export type ExportFormat = 'jsonl' | 'csv';

/** Rows exported per database read; one page is all the export ever holds in memory. */
export const EXPORT_PAGE_ROWS = 2_000;

export const CSV_COLUMNS = [
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

const utf8 = new TextEncoder();

/** One page of an export as text, with the chain positions the signed trailer needs. */
export interface ExportPage {
  /** The page's bytes (UTF-8); a worker hands them over without a copy. `text` for a page built in place. */
  bytes?: Uint8Array;
  text?: string;
  /** The prev_hash of the page's first row (the hash the range starts from); null for no row. */
  first: string | null;
  last: { seq: number; hash: string } | null;
  rows: number;
}

/**
 * Reads and formats one page of the chain: up to `limit` rows after `afterSeq`, as JSON lines or CSV
 * rows. The same function runs in the heavy-reads worker and inline, so both export the same bytes.
 *
 * @example const page = await readExportPage(db, 'demo', 0, EXPORT_PAGE_ROWS, 'jsonl');
 */
export async function readExportPage(
  db: Kysely<Database>,
  tenant: string,
  afterSeq: number,
  limit: number,
  format: ExportFormat,
): Promise<ExportPage> {
  const page = await readChainPage(db, tenant, afterSeq, limit);
  if (page.length === 0) return { bytes: new Uint8Array(0), first: null, last: null, rows: 0 };
  const lines = page.map((row) => {
    const { id: _id, ...exported } = row;
    return format === 'csv'
      ? CSV_COLUMNS.map((k) => csvCell(row[k])).join(',')
      : JSON.stringify({ ...exported, data: JSON.parse(row.data) });
  });
  const tail = page[page.length - 1]!;
  return {
    bytes: utf8.encode(`${lines.join('\n')}\n`),
    first: page[0]!.prev_hash,
    last: { seq: tail.seq, hash: tail.hash },
    rows: page.length,
  };
}

/** Reads one page of an export: inline, or in the heavy-reads worker. */
export type ExportPageReader = (afterSeq: number, limit: number) => Promise<ExportPage>;

/** The export's pages in order from fromSeq through toSeq (the head when undefined); a CSV starts with its header. */
export async function* exportPages(
  read: ExportPageReader,
  format: ExportFormat,
  fromSeq: number,
  toSeq: number | undefined,
): AsyncGenerator<ExportPage> {
  if (format === 'csv') yield { text: `${CSV_COLUMNS.join(',')}\n`, first: null, last: null, rows: 0 };
  for (let after = fromSeq - 1; ; ) {
    const limit = toSeq === undefined ? EXPORT_PAGE_ROWS : Math.min(EXPORT_PAGE_ROWS, toSeq - after);
    if (limit <= 0) return;
    const page = await read(after, limit);
    if (page.rows === 0) return;
    yield page;
    if (page.rows < limit) return;
    after = page.last!.seq;
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
  logger: Logger,
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
            return controller.enqueue(next.value.bytes ?? encoder.encode(next.value.text ?? ''));
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
