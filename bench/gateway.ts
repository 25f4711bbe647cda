/**
 * Data gateway overhead: each demo saved query run through the gateway (grant and scope checks,
 * read-only production transaction, row limit, masking, recording the access event with its audit
 * row in one transaction) against the same SQL run directly on the same production database in the
 * same process. One call at a time, BENCH_ITERATIONS (1,000) per path and query, interleaved so
 * every path sees the same conditions. Goal (issue 6): ≤ 1 ms added at the median.
 *
 * Paths, from bare to full:
 *   direct      the compiled SQL through Kysely on a plain connection (`executeQuery`, no gateway code)
 *   read-only   the gateway's production connection alone (read-only transaction, timeout, row limit)
 *   record      only the durable write every run makes (access event + grant totals + audit row, one
 *               transaction, no query) — the floor any recorded run pays on this disk
 *   service     runSavedQuery(): checks, masking and recording, no HTTP
 *   HTTP        app.request() in process (routing, auth, zod) — plus fetch() over a real socket
 *
 *   npm run bench:gateway
 *   BENCH_ITERATIONS=5000 npm run bench:gateway
 * BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:gateway   # app and production data on
 * PostgreSQL
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Actor } from '../server/app-env.js';
import { createApp } from '../server/app.js';
import { connectDatabase } from '../server/db/connect.js';
import { connectGatewayDatabase, type GatewayDatabaseHandle } from '../server/db/gateway-connection.js';
import { seedProductionData } from '../server/demo/production-data.js';
import { seedDemoSavedQueries } from '../server/demo/saved-queries.js';
import { appendAuditEvents } from '../server/audit/audit.repository.js';
import { findSavedQuery, insertRunAccessEvent } from '../server/gateway/gateway.repository.js';
import { compileSql } from '../server/gateway/query-params.js';
import { runSavedQuery } from '../server/gateway/run-query.service.js';
import {
  TENANT,
  benchDeps,
  envInt,
  fmtInt,
  fmtMs,
  installWatchdog,
  log,
  openBenchDatabase,
  printTable,
  runMain,
  startServer,
  type BenchDatabase,
  type RunningServer,
} from './lib.js';

const ITERATIONS = envInt('BENCH_ITERATIONS', 1000);
const WARMUP = Math.min(200, ITERATIONS);
const GOAL_MS = 1;
const REASON = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';
const ANN: Actor = { tenant: TENANT, id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com', role: 'agent' };

const QUERIES: Array<{ name: string; params: Record<string, number>; rows: string }> = [
  { name: 'refund-with-gateway-response', params: { refund_id: 9912 }, rows: '1 row' },
  { name: 'account-status', params: {}, rows: '1 row' },
  { name: 'recent-orders', params: {}, rows: '25 of 41 rows' },
];

interface ProductionBench {
  gateway: GatewayDatabaseHandle;
  /** A plain (writable, ordinary) connection to the same data, for the direct baseline. */
  direct: Kysely<any>;
  where: string;
  drop(): Promise<void>;
}

/** The demo production data next to the app database: a temp SQLite file, or a scratch schema on the
 * same PostgreSQL. */
async function openProduction(app: BenchDatabase): Promise<ProductionBench> {
  const suffix = randomBytes(5).toString('hex');
  const url = process.env.BENCH_DATABASE_URL?.trim();
  if (app.dialect === 'postgres' && url) {
    const schema = `ta_bench_prod_${suffix}`;
    const admin = connectDatabase(url, { poolSize: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const gateway = await connectGatewayDatabase(url, { schema, poolSize: 4, prepare: seedProductionData });
    const direct = connectDatabase(url, { schema, poolSize: 4 });
    return {
      gateway,
      direct: direct.db,
      where: `schema ${schema}`,
      drop: async () => {
        await gateway.close();
        await direct.close();
        const cleanup = connectDatabase(url, { poolSize: 1 });
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(cleanup.db);
        await cleanup.close();
      },
    };
  }
  const file = join(tmpdir(), `ta-bench-prod-${suffix}.db`);
  // The plain connection first: it puts the file in WAL mode, which the read-only one then shares.
  const direct = connectDatabase(`sqlite:${file}`);
  await seedProductionData(direct.db);
  const gateway = await connectGatewayDatabase(`sqlite:${file}`);
  return {
    gateway,
    direct: direct.db,
    where: file,
    drop: async () => {
      await gateway.close();
      await direct.close();
      for (const ext of ['', '-wal', '-shm', '-journal']) rmSync(file + ext, { force: true });
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

let app: BenchDatabase | undefined;
let prod: ProductionBench | undefined;
let server: RunningServer | undefined;

async function main(): Promise<void> {
  const started = Date.now();
  app = await openBenchDatabase('gateway');
  const a = app;
  installWatchdog(600, () => a.dropSync());
  prod = await openProduction(a);
  const p = prod;
  log(`app database: ${a.dialect} (${a.where}); production data: ${p.gateway.dialect} (${p.where})`);

  const deps = benchDeps(a);
  await seedDemoSavedQueries(a.db, TENANT);
  const http = createApp(deps, { authMode: 'dev', gateway: p.gateway });
  server = await startServer(http.fetch);
  const call = async (user: string, method: string, path: string, body?: unknown) => {
    const res = await http.request(path, {
      method,
      headers: { 'x-dev-user': user, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const created = await call('agent-ann', 'POST', '/v1/grants', {
    ticketId: '48271',
    customerId: '1842',
    systems: ['billing-db', 'accounts-admin'],
    reason: REASON,
    access: 'read',
    durationMinutes: 240,
    maskedDataChecked: true,
  });
  if (created.status !== 201) throw new Error(`request grant: ${JSON.stringify(created.body)}`);
  const grantId = created.body.id as string;
  await call('lead-lee', 'POST', `/v1/grants/${grantId}/approve`, {});
  const startedGrant = await call('agent-ann', 'POST', `/v1/grants/${grantId}/start`);
  if (startedGrant.body.status !== 'active') throw new Error(`start: ${JSON.stringify(startedGrant.body)}`);
  log(`grant ${grantId} active; ${fmtInt(ITERATIONS)} runs per path and query after ${WARMUP} warm-up runs`);

  // What the gateway writes per run, without anything else (source 'session' keeps it out of the gateway's count).
  const recordOnly = (name: string) =>
    a.db.transaction().execute(async (trx) => {
      const at = new Date().toISOString();
      const id = await insertRunAccessEvent(
        trx,
        {
          tenant: TENANT,
          grant_id: grantId,
          actor_id: ANN.id,
          kind: 'query',
          target: `saved query ${name}`,
          fields: '["refund_id","status"]',
          record_count: 1,
          query_name: name,
          occurred_at: at,
          accepted: 1,
          source: 'session',
          masked_fields: '["email"]',
          parameters: '{"customer_id":"1842"}',
          customer_id: '1842',
        },
        at,
      );
      await appendAuditEvents(trx, [
        {
          tenant: TENANT,
          kind: 'bench.record_floor',
          occurredAt: at,
          actorId: ANN.id,
          grantId,
          ticketId: '48271',
          customerId: '1842',
          data: { accessEventId: id, query: name },
        },
      ]);
    });

  const results: Array<{ query: string; rows: string; path: string; p50: number; p99: number }> = [];
  const added: string[][] = [];
  for (const q of QUERIES) {
    const saved = (await findSavedQuery(a.db, TENANT, q.name))!;
    const compiled = compileSql(saved.sql, { ...q.params, customer_id: '1842' }, p.gateway.dialect);
    const rawQuery = CompiledQuery.raw(compiled.text, compiled.values);
    const body = JSON.stringify({ params: q.params });
    const path = `/v1/gateway/grants/${grantId}/queries/${q.name}/run`;
    const headers = { 'x-dev-user': 'agent-ann', 'content-type': 'application/json' };
    const paths: Array<[string, () => Promise<unknown>]> = [
      ['direct (Kysely, plain connection)', () => p.direct.executeQuery(rawQuery)],
      [
        'read-only connection only',
        () => p.gateway.run({ ...compiled, rowLimit: saved.rowLimit, timeoutMs: saved.timeoutMs }),
      ],
      ['record only (one durable transaction)', () => recordOnly(q.name)],
      [
        'gateway service (no HTTP)',
        () => runSavedQuery(deps, p.gateway, ANN, { grantId, name: q.name, params: q.params }),
      ],
      [
        'gateway via app.request()',
        async () => {
          const res = await http.request(path, { method: 'POST', headers, body });
          if (res.status !== 200) throw new Error(`${q.name}: HTTP ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        },
      ],
      [
        'gateway via fetch() over TCP',
        async () => {
          const res = await fetch(server!.url + path, { method: 'POST', headers, body });
          if (res.status !== 200) throw new Error(`${q.name}: HTTP ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        },
      ],
    ];
    for (let i = 0; i < WARMUP; i++) for (const [, run] of paths) await run();
    const samples = paths.map(() => [] as number[]);
    for (let i = 0; i < ITERATIONS; i++) {
      // Interleaved, starting at a different path each round, so drift and caches hit every path alike.
      for (let k = 0; k < paths.length; k++) {
        const j = (i + k) % paths.length;
        const t0 = performance.now();
        await paths[j]![1]();
        samples[j]!.push(performance.now() - t0);
      }
    }
    const s = samples.map(stats);
    for (const [j, [name]] of paths.entries()) {
      results.push({ query: q.name, rows: q.rows, path: name, p50: s[j]!.p50, p99: s[j]!.p99 });
    }
    const direct = s[0]!;
    const record = s[2]!;
    const service = s[3]!;
    const viaHttp = s[4]!;
    added.push([
      q.name,
      fmtMs(service.p50 - direct.p50),
      fmtMs(record.p50),
      fmtMs(service.p50 - direct.p50 - record.p50),
      fmtMs(service.p99 - direct.p99),
      fmtMs(viaHttp.p50 - direct.p50),
      service.p50 - direct.p50 <= GOAL_MS ? 'YES' : 'NO',
    ]);
    log(`${q.name}: direct ${fmtMs(direct.p50)}, service ${fmtMs(service.p50)} (median)`);
  }

  printTable(
    `Saved query latency, one call at a time (app ${a.dialect}, production ${p.gateway.dialect}, ${fmtInt(ITERATIONS)} runs each)`,
    ['query', 'rows', 'path', 'median', 'p99'],
    results.map((r) => [r.query, r.rows, r.path, fmtMs(r.p50), fmtMs(r.p99)]),
  );
  printTable(
    'Gateway overhead over the direct query (medians unless marked)',
    [
      'query',
      'added (service)',
      'of which the durable record',
      'the rest',
      'added at p99 (service)',
      'added (app.request)',
      `≤ ${GOAL_MS} ms at median`,
    ],
    added,
  );

  const recorded = await a.db
    .selectFrom('access_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('grant_id', '=', grantId)
    .where('source', '=', 'gateway')
    .executeTakeFirstOrThrow();
  const expected = QUERIES.length * (WARMUP + ITERATIONS) * 3;
  console.log(
    `\naccess events recorded by the gateway: ${fmtInt(Number(recorded.n))} (expected ${fmtInt(expected)}: service, app.request and fetch runs incl. warm-up)`,
  );
  console.log(`Total run time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (Number(recorded.n) !== expected) throw new Error('recorded access events do not match the runs');
}

runMain(main, async () => {
  await server?.close();
  await prod?.drop();
  await app?.drop();
});
