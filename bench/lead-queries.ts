/**
 * Lead and auditor reads at scale (issue 13): stores BENCH_GRANTS grants (default 1,000,000) over
 * BENCH_TICKETS tickets, BENCH_ACCESS_EVENTS access events over their sessions (default 10,000,000)
 * and a chain of BENCH_AUDIT_EVENTS audit events (default 1,000,000) for the heavy reads; then times
 * each lead list and count route BENCH_REQUESTS times (default 30), one request at a time, as
 * lead-lee — p50 and p99 per route — against a baseline from the same run: `GET /healthz` through the
 * same app. Then the close-check p50/p99 idle and while a full verify, a JSON-lines export and the
 * slowest list run together, twice: with the heavy reads on the main connection (as before issue 13)
 * and on the heavy-reads worker (as the server runs them).
 * Goals (issue 13): every route p99 ≤ 50 ms; close-check p99 ≤ 20 ms while heavy reads run.
 *
 *   npm run bench:lead-queries
 *   BENCH_GRANTS=200000 BENCH_ACCESS_EVENTS=2000000 npm run bench:lead-queries
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:lead-queries
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app.js';
import type { Deps } from '../server/app-env.js';
import { workerHeavyReads } from '../server/reads/heavy-reads.js';
import { storeAccessEvents } from './access-events-seed.js';
import { fillChain } from './audit-seed.js';
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
const ACCESS_EVENTS = envInt('BENCH_ACCESS_EVENTS', 10_000_000);
const AUDIT_EVENTS = envInt('BENCH_AUDIT_EVENTS', 1_000_000);
const REQUESTS = envInt('BENCH_REQUESTS', 30);
const PROBES = envInt('BENCH_PROBES', 200);
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
  log(`  stored in ${seeding.seconds.toFixed(1)} s; storing ${fmtInt(ACCESS_EVENTS)} access events …`);
  const events = await timed(() => storeAccessEvents(bench!, ACCESS_EVENTS));
  log(
    `  stored ${fmtInt(events.value)} in ${events.seconds.toFixed(1)} s; chaining ${fmtInt(AUDIT_EVENTS)} audit events …`,
  );
  const chain = await timed(() => fillChain(bench!, AUDIT_EVENTS));
  log(`  chained in ${chain.seconds.toFixed(1)} s`);
  const deps = benchDeps(bench);
  const reads = workerHeavyReads({
    url: bench.url,
    dialect: bench.dialect,
    logger: deps.logger,
    ...(bench.schema ? { schema: bench.schema } : {}),
  });
  const withReads: Deps = { ...deps, reads };
  const app = createApp(withReads, { authMode: 'dev' });
  const inlineApp = createApp(deps, { authMode: 'dev' });
  const pick = rng(42);
  const customer = () => String(1_000 + Math.floor(pick() * 50_000));
  const month = new Date(Date.now() - 30 * 86_400_000).toISOString();

  type App = typeof app;
  const call = async (path: string, user = 'lead-lee', on: App = app) => {
    const started = performance.now();
    const res = await on.request(path, { headers: { 'x-dev-user': user } });
    // Drained, not buffered (an export is hundreds of megabytes), one chunk per turn of the event loop
    // as a socket would deliver it: in process, a chain of promises alone would never let a timer run.
    const reader = res.body?.getReader();
    while (reader && !(await reader.read()).done) await new Promise((r) => setImmediate(r));
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

  // A ticket save asks close-check; does it wait behind a verify, an export and the slowest list?
  const ticket = () => `/v1/tickets/${100_000 + Math.floor(pick() * TICKETS)}/close-check`;
  const probe = async (on: App, budgetMs = 30_000) => {
    const samples: number[] = [];
    const until = performance.now() + budgetMs;
    for (let i = 0; i < PROBES && performance.now() < until; i++) {
      samples.push(await call(ticket(), 'agent-ann', on));
      await new Promise((r) => setTimeout(r, 10));
    }
    return samples.sort((a, b) => a - b);
  };
  const besideHeavy = async (on: App) => {
    let probing = true;
    const heavy = async (path: string) => {
      let runs = 0;
      while (probing) {
        await call(path, 'lead-lee', on);
        await new Promise((r) => setImmediate(r));
        runs += 1;
      }
      return runs;
    };
    const busy = heavy('/v1/audit/verify?scope=full');
    const exporting = heavy('/v1/audit/export?format=jsonl');
    const listing = heavy(slowest!.path());
    // Let the heavy reads get going before the first probe.
    await new Promise((r) => setTimeout(r, 200));
    const samples = await probe(on);
    probing = false;
    const runs = await Promise.all([busy, exporting, listing]);
    return { samples, runs };
  };
  const idle = await probe(app);
  log('  close-check beside verify + export + list, heavy reads on the main connection …');
  const before = await besideHeavy(inlineApp);
  log('  close-check beside verify + export + list, heavy reads on the worker …');
  const after = await besideHeavy(app);
  const row = (label: string, s: number[], goal = true) => [
    label,
    fmtMs(quantile(s, 0.5)),
    fmtMs(quantile(s, 0.99)),
    goal ? (quantile(s, 0.99) <= CLOSE_CHECK_GOAL_MS ? 'met' : 'NOT met') : '—',
  ];
  printTable(
    `Close-check, up to ${PROBES} probes 10 ms apart (30 s at most) (goal p99 ≤ ${CLOSE_CHECK_GOAL_MS} ms while heavy reads run)`,
    ['while', 'p50', 'p99', 'goal'],
    [
      row('idle', idle, false),
      row(
        `beside verify + export + ${slowest!.route} — on the main connection (before; ${before.samples.length} probes, ${before.runs.join('/')} runs)`,
        before.samples,
        false,
      ),
      row(
        `beside the same — on the heavy-reads worker (${after.samples.length} probes, ${after.runs.join('/')} runs)`,
        after.samples,
      ),
    ],
  );
  await reads.close();
}

runMain(main, async () => {
  await bench?.drop();
});
