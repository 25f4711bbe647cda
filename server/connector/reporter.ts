import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';

export interface ViewedEvent {
  kind: 'view' | 'query' | 'export' | 'change';
  target: string;
  fields?: string[];
  recordCount?: number;
  queryName?: string;
  customerId?: string;
}

interface Queued extends ViewedEvent {
  id: string;
  grantId: string;
  token: string;
  occurredAt: string;
}

export interface ReporterOptions {
  serverUrl: string;
  /** A file the tool owns; events wait here until Ticketed Access has them, across restarts. */
  queueFile: string;
  batchSize?: number;
  /** JSON bytes per batch at most; default the server's limit (a larger batch would get 413). */
  maxBatchBytes?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  onDeadLetter?: (events: Queued[], reason: string) => void;
}

/**
 * The server reads at most this much JSON per events batch (shared/grants.ts ACCESS_EVENTS_MAX_BYTES;
 * the connector ships without the server's code, so the figure is repeated and a test keeps them equal).
 */
export const MAX_BATCH_BYTES = 1024 * 1024;
const BATCH_OVERHEAD = '{"events":[]}'.length;

const wireEvent = ({ grantId: _g, token: _t, ...event }: Queued) => event;

/** Batches of at most `size` events and `maxBytes` of JSON; an event alone over the limit goes alone. */
function batchesOf(events: Queued[], size: number, maxBytes: number): Queued[][] {
  const batches: Queued[][] = [];
  let current: Queued[] = [];
  let bytes = BATCH_OVERHEAD;
  for (const event of events) {
    const eventBytes = Buffer.byteLength(JSON.stringify(wireEvent(event))) + 1;
    if (current.length > 0 && (current.length >= size || bytes + eventBytes > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = BATCH_OVERHEAD;
    }
    current.push(event);
    bytes += eventBytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Appends a line and forces it to disk: a reported view survives a crash of the tool. */
function appendDurably(file: string, line: string): void {
  const fd = openSync(file, 'a');
  try {
    appendFileSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reports what a tool showed, in batches, without losing any: each event is written to a local
 * queue file first, sent with an id (the server stores an id once, so retries never duplicate),
 * and removed only after the server accepted it. Server errors and outages are retried with
 * backoff; a 4xx (the server refused for good) goes to `<queueFile>.dead` for a person to look at.
 *
 * @example
 *   const reporter = createReporter({ serverUrl, queueFile: './data/ta-queue.jsonl' });
 *   reporter.start();
 *   reporter.report(token, grantId, { kind: 'view', target: 'refund 9912', fields: ['status'] });
 */
export function createReporter(options: ReporterOptions) {
  const batchSize = options.batchSize ?? 100;
  const maxBatchBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  const retryBase = options.retryBaseMs ?? 500;
  const retryMax = options.retryMaxMs ?? 30_000;
  mkdirSync(dirname(options.queueFile), { recursive: true });
  let pending: Queued[] = existsSync(options.queueFile)
    ? readFileSync(options.queueFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Queued)
    : [];
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<FlushResult> | null = null;

  const rewrite = () => {
    const tmp = `${options.queueFile}.tmp`;
    writeFileSync(tmp, pending.map((e) => `${JSON.stringify(e)}\n`).join(''));
    renameSync(tmp, options.queueFile);
  };

  async function send(batch: Queued[]): Promise<'done' | 'retry' | 'dead'> {
    const [first] = batch;
    if (!first) return 'done';
    try {
      const res = await fetch(new URL(`/v1/grants/${encodeURIComponent(first.grantId)}/events`, options.serverUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: batch.map(wireEvent) }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return 'done';
      if (res.status >= 500 || res.status === 429) return 'retry';
      options.onDeadLetter?.(batch, `HTTP ${res.status}: ${await res.text()}`);
      return 'dead';
    } catch {
      return 'retry';
    }
  }

  interface FlushResult {
    delivered: number;
    pending: number;
    dead: number;
  }

  async function flushOnce(): Promise<FlushResult> {
    const result = { delivered: 0, pending: 0, dead: 0 };
    const byGrant = new Map<string, Queued[]>();
    for (const e of pending)
      byGrant.set(`${e.grantId}\n${e.token}`, [...(byGrant.get(`${e.grantId}\n${e.token}`) ?? []), e]);
    const settled = new Set<string>();
    let retry = false;
    for (const events of byGrant.values()) {
      for (const batch of batchesOf(events, batchSize, maxBatchBytes)) {
        if (retry) break;
        const outcome = await send(batch);
        if (outcome === 'retry') retry = true;
        else {
          for (const e of batch) settled.add(e.id);
          if (outcome === 'done') result.delivered += batch.length;
          else {
            result.dead += batch.length;
            appendDurably(`${options.queueFile}.dead`, batch.map((e) => `${JSON.stringify(e)}\n`).join(''));
          }
        }
      }
      if (retry) break;
    }
    if (settled.size > 0) {
      pending = pending.filter((e) => !settled.has(e.id));
      rewrite();
    }
    failures = retry ? failures + 1 : 0;
    result.pending = pending.length;
    return result;
  }

  const schedule = (ms: number) => {
    if (!timer) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref?.();
  };
  async function tick(): Promise<void> {
    await reporter.flush();
    schedule(failures > 0 ? Math.min(retryMax, retryBase * 2 ** (failures - 1)) : retryBase);
  }

  const reporter = {
    /** Queues an event (on disk, before returning). */
    report(token: string, grantId: string, event: ViewedEvent): void {
      const queued: Queued = {
        ...event,
        id: randomUUID().replaceAll('-', ''),
        grantId,
        token,
        occurredAt: new Date().toISOString(),
      };
      appendDurably(options.queueFile, `${JSON.stringify(queued)}\n`);
      pending.push(queued);
    },
    /** Sends what is queued now; concurrent calls share one flush. */
    flush(): Promise<FlushResult> {
      flushing ??= flushOnce().finally(() => {
        flushing = null;
      });
      return flushing;
    },
    pendingCount: () => pending.length,
    start(): void {
      timer ??= setTimeout(() => void tick(), 0);
      timer.unref?.();
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
  return reporter;
}

export type Reporter = ReturnType<typeof createReporter>;
