/**
 * Lead and auditor reads at scale (issue 13): stores BENCH_GRANTS grants (default 1,000,000) over
 * BENCH_TICKETS tickets, then times each lead list and count route BENCH_REQUESTS times (default 30)
 * in process, one request at a time, as lead-lee — p50 and p99 per route — against a baseline from the
 * same run: `GET /healthz` through the same app and middleware. Then the close-check p99 alone and
 * while the slowest list runs beside it, which shows whether a heavy read stalls a ticket save.
 * Goal (issue 13): every route p99 ≤ 50 ms at 1,000,000 grants; close-check p99 ≤ 20 ms under load.
 *
 *   npm run bench:lead-queries
 *   BENCH_GRANTS=200000 npm run bench:lead-queries
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:lead-queries
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app.js';
import { storeGrants } from './grants-seed.js';
import {
  benchDeps,
  envInt,
  fmtInt,
  fmtMs,
  installWatchdog,
  log,
  openBenchDatabase,
  printTable,
  rng,
  runMain,
  timed,
  type BenchDatabase,
} from './lib.js';

const GRANTS = envInt('BENCH_GRANTS', 1_000_000);
const TICKETS = envInt('BENCH_TICKETS', 200_000);
const REQUESTS = envInt('BENCH_REQUESTS', 30);
const GOAL_MS = 50;
const CLOSE_CHECK_GOAL_MS = 20;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

let bench: BenchDatabase | undefined;

async function main(): Promise<void> {
  installWatchdog(3_600, () => bench?.dropSync());
  bench = await openBenchDatabase('lead-queries');
  log(`lead-queries benchmark on ${bench.dialect} (${bench.where}): storing ${fmtInt(GRANTS)} grants …`);
  const seeding = await timed(() => storeGrants(bench!, GRANTS, TICKETS));
  log(`  stored in ${seeding.seconds.toFixed(1)} s`);
  const app = createApp(benchDeps(bench), { authMode: 'dev' });
  const pick = rng(42);
  const customer = () => String(1_000 + Math.floor(pick() * 50_000));
  const month = new Date(Date.now() - 30 * 86_400_000).toISOString();

  const call = async (path: string, user = 'lead-lee') => {
    const started = performance.now();
    const res = await app.request(path, { headers: { 'x-dev-user': user } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return performance.now() - started;
  };
  const time = async (path: () => string, user?: string) => {
    const samples: number[] = [];
    await call(path(), user); // warm
    for (let i = 0; i < REQUESTS; i++) samples.push(await call(path(), user));
    return samples.sort((a, b) => a - b);
  };

  const routes: Array<[string, () => string]> = [
    ['GET /v1/grants?limit=50 (console default)', () => '/v1/grants?limit=50'],
    ['GET /v1/grants?from&to&limit=50', () => `/v1/grants?from=${month}&to=${new Date().toISOString()}&limit=50`],
    ['GET /v1/grants?status=pending (approvals)', () => '/v1/grants?status=pending&limit=50'],
    ['GET /v1/customers/:id/access', () => `/v1/customers/${customer()}/access?limit=50`],
    ['GET /v1/agents/:id/grants', () => '/v1/agents/agent-7/grants?limit=50'],
    ['GET /v1/reviews?state=flagged', () => '/v1/reviews?state=flagged&limit=50'],
    ['GET /v1/reviews/summary', () => '/v1/reviews/summary'],
    // The console (issue 14): its landing figures, the agent search by name, the flag filter.
    ['GET /v1/dashboard', () => '/v1/dashboard'],
    ['GET /v1/grants?agent=Ann (name search)', () => '/v1/grants?agent=Ann&limit=25'],
    ['GET /v1/grants?flag=long_session', () => '/v1/grants?flag=long_session&limit=25'],
    ['GET /v1/grants?flag=any&from (30 days)', () => `/v1/grants?flag=any&from=${month}&limit=25`],
  ];
  const baseline = await time(() => '/healthz');
  const rows: (string | number)[][] = [
    ['GET /healthz (baseline)', fmtMs(quantile(baseline, 0.5)), fmtMs(quantile(baseline, 0.99)), '—'],
  ];
  let slowest: { route: string; path: () => string; p99: number } | null = null;
  for (const [route, path] of routes) {
    log(`  ${route} …`);
    const s = await time(path);
    const p99 = quantile(s, 0.99);
    if (!slowest || p99 > slowest.p99) slowest = { route, path, p99 };
    rows.push([route, fmtMs(quantile(s, 0.5)), fmtMs(p99), p99 <= GOAL_MS ? 'met' : 'NOT met']);
  }
  printTable(
    `Lead reads over ${fmtInt(GRANTS)} grants (${REQUESTS} requests each, one at a time; goal p99 ≤ ${GOAL_MS} ms)`,
    ['route', 'p50', 'p99', 'goal'],
    rows,
  );

  // A ticket save asks close-check; does it wait behind the slowest list?
  const ticket = () => `/v1/tickets/${100_000 + Math.floor(pick() * TICKETS)}/close-check`;
  const idle = await time(ticket, 'agent-ann');
  const busy: number[] = [];
  if (slowest) {
    const heavy = (async () => {
      for (let i = 0; i < Math.max(5, Math.ceil(REQUESTS / 3)); i++) await call(slowest.path());
    })();
    const probes = (async () => {
      for (let i = 0; i < REQUESTS; i++) {
        busy.push(await call(ticket(), 'agent-ann'));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all([heavy, probes]);
    busy.sort((a, b) => a - b);
  }
  printTable(
    `Close-check (goal p99 ≤ ${CLOSE_CHECK_GOAL_MS} ms while heavy reads run)`,
    ['while', 'p50', 'p99', 'goal'],
    [
      ['idle', fmtMs(quantile(idle, 0.5)), fmtMs(quantile(idle, 0.99)), '—'],
      [
        `beside ${slowest?.route ?? '—'}`,
        fmtMs(quantile(busy, 0.5)),
        fmtMs(quantile(busy, 0.99)),
        quantile(busy, 0.99) <= CLOSE_CHECK_GOAL_MS ? 'met' : 'NOT met',
      ],
    ],
  );
}

runMain(main, async () => {
  await bench?.drop();
});
