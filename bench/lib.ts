/**
 * Shared parts of the benchmarks in bench/: a fresh migrated and seeded database (SQLite temp file
 * by default, or a throw-away schema on PostgreSQL via BENCH_DATABASE_URL), a server on
 * 127.0.0.1 port 0, autocannon in a worker thread, tables, env knobs and a watchdog.
 */
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { Deps } from '../server/app-env.js';
import { connectDatabase, type DialectName } from '../server/db/connect.js';
import type { Database } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { seedDemo } from '../server/demo/seed.js';

export const TENANT = 'demo';

// ---------------------------------------------------------------------------------------------
// Environment knobs

/** A positive integer from the environment (underscores allowed: `1_000_000`), or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return Math.round(value);
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Database

export interface BenchDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for the report (file path or URL + schema). */
  where: string;
  /** A URL another connection (the heavy-reads worker) opens to reach the same data, with `schema` on PostgreSQL. */
  url: string;
  schema?: string;
  /** Closes the connection and deletes the file / drops the schema. Safe to call twice. */
  drop(): Promise<void>;
  /** Synchronous best effort for the watchdog: deletes a temp SQLite file (PostgreSQL: nothing). */
  dropSync(): void;
}

/** BENCH_KEEP=1 keeps the database (file or schema) for inspection instead of deleting it. */
const KEEP = process.env.BENCH_KEEP === '1';

const sqliteFiles = (file: string) => ['', '-wal', '-shm', '-journal'].map((ext) => file + ext);

/**
 * A fresh database with the schema migrated and the demo tenant seeded (users agent-ann, agent-bob,
 * lead-lee, admin-ada; approver lead-lee). BENCH_DATABASE_URL unset: a new SQLite file under the
 * OS temp dir; `sqlite:<path>`: that file, which must not exist yet; `postgres://…`: a new schema
 * `ta_bench_<random>` that is dropped at the end (BENCH_KEEP=1 keeps either).
 */
export async function openBenchDatabase(name: string, options: { poolSize?: number } = {}): Promise<BenchDatabase> {
  const url = process.env.BENCH_DATABASE_URL?.trim();
  const suffix = randomBytes(5).toString('hex');

  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const schema = `ta_bench_${name.replace(/\W/g, '_')}_${suffix}`;
    const admin = connectDatabase(url, { poolSize: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const handle = connectDatabase(url, { schema, poolSize: options.poolSize ?? 10 });
    let dropped = false;
    const drop = async () => {
      if (dropped) return;
      dropped = true;
      await handle.close().catch(() => {});
      if (KEEP) return console.log(`[bench] BENCH_KEEP=1: kept schema ${schema}`);
      const cleanup = connectDatabase(url, { poolSize: 1 });
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(cleanup.db);
      } finally {
        await cleanup.close();
      }
    };
    await migrateAndSeed(handle.db, drop);
    return {
      db: handle.db,
      dialect: 'postgres',
      where: `${url.replace(/\/\/[^@/]*@/, '//…@')} schema ${schema}`,
      url,
      schema,
      drop,
      dropSync: () => {},
    };
  }

  let file: string;
  if (!url) file = join(tmpdir(), `ta-bench-${name}-${suffix}.db`);
  else if (/^(sqlite|file):/.test(url)) file = url.replace(/^(sqlite|file):/, '');
  else throw new Error(`BENCH_DATABASE_URL must start with sqlite:, file: or postgres://, got ${url}`);
  if (file === ':memory:') throw new Error('BENCH_DATABASE_URL: use a file, not :memory:');
  if (existsSync(file))
    throw new Error(
      `BENCH_DATABASE_URL: ${file} already exists; the benchmark needs a fresh file (it deletes it at the end)`,
    );

  const handle = connectDatabase(`sqlite:${file}`);
  let dropped = false;
  const dropSync = () => {
    for (const f of sqliteFiles(file)) rmSync(f, { force: true });
  };
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await handle.close().catch(() => {});
    if (KEEP) return console.log(`[bench] BENCH_KEEP=1: kept ${file}`);
    dropSync();
  };
  await migrateAndSeed(handle.db, drop);
  return { db: handle.db, dialect: 'sqlite', where: file, url: `sqlite:${file}`, drop, dropSync };
}

/** Schema and demo tenant; on failure the half-made database is dropped before the error goes on. */
async function migrateAndSeed(db: Kysely<Database>, drop: () => Promise<void>): Promise<void> {
  try {
    await migrateToLatest(db);
    await seedDemo(db, TENANT);
  } catch (err) {
    await drop();
    throw err;
  }
}

/** Deps as the real server builds them (real clock), with a logger that keeps errors visible. */
export function benchDeps(bench: BenchDatabase): Deps {
  return {
    db: bench.db,
    dialect: bench.dialect,
    now: () => new Date(),
    logger: {
      error: (...a: unknown[]) => console.error(...a),
      warn: (...a: unknown[]) => console.error(...a),
      info: () => {},
    },
  };
}

/** The most bound parameters one statement may carry (SQLite's default limit is 32766, PostgreSQL's 65535). */
export function maxParams(dialect: DialectName): number {
  return dialect === 'postgres' ? 65_000 : 32_000;
}

/** Placeholders for a multi-row insert of `rows` rows of `cols` columns: `(?, ?), (?, ?)` or `($1, $2), ($3, $4)`. */
export function valuesPlaceholders(dialect: DialectName, rows: number, cols: number): string {
  const tuples: string[] = new Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const cells: string[] = new Array(cols);
    for (let c = 0; c < cols; c++) cells[c] = dialect === 'postgres' ? `$${++n}` : '?';
    tuples[r] = `(${cells.join(',')})`;
  }
  return tuples.join(',');
}

export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------
// HTTP server

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Serves `fetch` with @hono/node-server on 127.0.0.1, on a free port. */
export function startServer(fetch: FetchHandler): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      const http = server as Server;
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            http.closeAllConnections?.();
            http.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Load (autocannon in a worker thread)

export interface LoadSpec {
  /** Base URL, e.g. http://127.0.0.1:12345 (+ path when `paths` is not given). */
  url: string;
  /** Request paths; each connection cycles through all of them from its own offset. */
  paths?: string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  /** Exact number of requests (all complete before the run ends). */
  amount?: number;
  /** Per-request timeout in seconds (autocannon default 10). */
  timeout?: number;
}

export interface LoadResult {
  /** Seconds from autocannon's start event to its end. */
  durationS: number;
  /** autocannon's own figure (also counts client setup). */
  autocannonDurationS: number;
  completed: number;
  sent: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  /** 2xx responses per second over the run. */
  okPerSec: number;
  /** The machine's 1-minute load average when the run ended (other work on the box shows here). */
  load1: number;
}

/**
 * Runs autocannon against a server in this process. The load generator gets its own thread (and,
 * on a 2-core machine, effectively its own core) so it does not steal the server's event loop.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const workerData = { method: 'GET', headers: {}, timeout: 10, ...spec };
  const hardLimitMs = ((spec.duration ?? 60) + (spec.timeout ?? 10) + 60) * 1000;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`load run did not finish within ${hardLimitMs / 1000}s`));
    }, hardLimitMs);
    worker.once(
      'message',
      (msg: { ok: true; result: Omit<LoadResult, 'okPerSec' | 'load1'> } | { ok: false; error: string }) => {
        clearTimeout(timer);
        void worker.terminate();
        if (!msg.ok) return reject(new Error(`autocannon failed: ${msg.error}`));
        const r = msg.result;
        resolve({ ...r, okPerSec: r.durationS > 0 ? r.ok2xx / r.durationS : 0, load1: loadavg()[0] ?? 0 });
      },
    );
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** One line about anything but clean 2xx answers, or '' when the run was clean. */
export function loadProblems(r: LoadResult): string {
  const parts: string[] = [];
  if (r.non2xx)
    parts.push(
      `${r.non2xx} non-2xx (${Object.entries(r.statusCodes)
        .map(([c, n]) => `${c}×${n}`)
        .join(', ')})`,
    );
  if (r.errors) parts.push(`${r.errors} connection errors`);
  if (r.timeouts) parts.push(`${r.timeouts} timeouts`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Timing, formatting, tables

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtNum = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const fmtMs = (n: number) => `${fmtNum(n, n < 10 ? 2 : 1)} ms`;
export const fmtS = (n: number) => `${fmtNum(n, n < 10 ? 2 : 1)} s`;

/** Prints an aligned table; numbers-looking cells are right-aligned. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [
    header,
    ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmtNum(c, Number.isInteger(c) ? 0 : 2) : c))),
  ];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => /^[-+]?[\d,.]+( ?[a-zA-Z/%×]+)*$/.test(s.trim());
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(rule);
  for (const r of cells.slice(1)) console.log(line(r));
}

export function log(message: string): void {
  const t = (performance.now() / 1000).toFixed(1).padStart(6);
  console.log(`[${t}s] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Process lifetime

/**
 * Ends the process after `seconds` whatever happens (deleting a temp SQLite file first), so a
 * benchmark can never hang a CI job. BENCH_TIMEOUT_SECONDS overrides the default.
 */
export function installWatchdog(defaultSeconds: number, cleanup: () => void): void {
  const seconds = envInt('BENCH_TIMEOUT_SECONDS', defaultSeconds);
  const timer = setTimeout(() => {
    console.error(
      `\n[bench] watchdog: still running after ${seconds}s; giving up (BENCH_TIMEOUT_SECONDS raises the limit).`,
    );
    try {
      cleanup();
    } finally {
      process.exit(2);
    }
  }, seconds * 1000);
  timer.unref();
}

/** Runs `main`, always runs `cleanup`, and exits with 0 (or 1 on error) without waiting for stray handles. */
export function runMain(main: () => Promise<void>, cleanup: () => Promise<void>): void {
  main()
    .then(
      () => 0,
      (err: unknown) => {
        console.error('\n[bench] failed:', err);
        return 1;
      },
    )
    .then(async (code) => {
      await cleanup().catch((err: unknown) => console.error('[bench] cleanup failed:', err));
      process.exit(code);
    });
}

/** A small seeded PRNG so every run stores the same data (the demo data's own mulberry32). */
export { seededRandom as rng } from '../server/demo/production-data.js';
