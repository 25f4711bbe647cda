/**
 * Close-check under load with a big grants table.
 *
 * Stores BENCH_GRANTS grants (default 1,000,000) over BENCH_TICKETS tickets (default 200,000),
 * then serves the real app and measures GET /v1/tickets/<id>/close-check (agent-ann, ticket ids
 * varying) with autocannon: BENCH_CONNECTIONS connections (50) for BENCH_SECONDS (10) after a
 * BENCH_WARMUP_SECONDS (3) warm-up, in BENCH_ROUNDS (2) rounds alternating with the baseline: a bare
 * Hono app served and loaded the same way. The best round of each is compared.
 * Goal (issue): close-check req/s ÷ bare req/s ≥ 0.6 on SQLite.
 *
 *   npm run bench:close-check
 *   BENCH_GRANTS=200000 BENCH_SECONDS=5 npm run bench:close-check
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:close-check
 */
import { Hono } from 'hono';
import { CompiledQuery } from 'kysely';
import type { Actor } from '../server/app-env.js';
import { createApp } from '../server/app.js';
import { closeCheck } from '../server/tickets/tickets.service.js';
import { listOpenGrantsForTicket, openGrantsSql } from '../server/grants/open-grants.repository.js';
import { storeGrants } from './grants-seed.js';
import {
  TENANT,
  benchDeps,
  countRows,
  envInt,
  fmtInt,
  fmtMs,
  fmtNum,
  fmtS,
  installWatchdog,
  loadProblems,
  log,
  openBenchDatabase,
  printTable,
  rng,
  runLoad,
  runMain,
  startServer,
  timed,
  type BenchDatabase,
  type LoadResult,
  type RunningServer,
} from './lib.js';

const GRANTS = envInt('BENCH_GRANTS', 1_000_000);
const TICKETS = envInt('BENCH_TICKETS', 200_000);
const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 3);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50);
const PATHS = envInt('BENCH_PATHS', 1_000);
const ROUNDS = envInt('BENCH_ROUNDS', 2);
const GOAL = 0.6;

const ANN: Actor = { tenant: TENANT, id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com', role: 'agent' };

// ---------------------------------------------------------------------------------------------
// Diagnostics

/** The plan of the real close-check SQL, for one ticket and for a batch of 64. */
async function printQueryPlan(bench: BenchDatabase, tickets: string[]): Promise<void> {
  const explain = bench.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
  for (const size of [1, 64]) {
    const text = openGrantsSql(bench.db, size);
    const params = [TENANT, ...Array.from({ length: size }, (_, i) => tickets[i % tickets.length]!)];
    const result = await bench.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + text, params));
    console.log(
      `\nQuery plan of the close-check read for ${size} ticket(s) (${bench.dialect}):\n  ${text.length > 200 ? `${text.slice(0, 200)} …` : text}`,
    );
    for (const row of result.rows) console.log(`  ${String(row.detail ?? row['QUERY PLAN'] ?? JSON.stringify(row))}`);
  }
}

// ---------------------------------------------------------------------------------------------

let bench: BenchDatabase | undefined;
const servers: RunningServer[] = [];

const loadSpec = (url: string, paths: string[]) => ({
  url,
  paths,
  method: 'GET' as const,
  headers: { 'x-dev-user': 'agent-ann' },
  connections: CONNECTIONS,
});

async function measure(name: string, url: string, paths: string[], round: number): Promise<LoadResult> {
  log(`${name}: round ${round}/${ROUNDS}, measuring ${SECONDS}s at ${CONNECTIONS} connections …`);
  const result = await runLoad({ ...loadSpec(url, paths), duration: SECONDS });
  const problems = loadProblems(result);
  if (problems) console.log(`  !! ${name}: ${problems}`);
  return result;
}

const best = (runs: LoadResult[]) => runs.reduce((a, r) => (r.okPerSec > a.okPerSec ? r : a));

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `close-check benchmark: ${fmtInt(GRANTS)} grants over ${fmtInt(TICKETS)} tickets; ${CONNECTIONS} connections × ${SECONDS}s (warm-up ${WARMUP_SECONDS}s)`,
  );
  bench = await openBenchDatabase('close_check');
  const b = bench;
  installWatchdog(600, () => b.dropSync());
  log(`database: ${b.dialect} (${b.where})`);

  log(`storing ${fmtInt(GRANTS)} grants …`);
  const seeding = await timed(() => storeGrants(b, GRANTS, TICKETS));
  const stored = await countRows(b.db, 'grants');
  const byStatus = await b.db
    .selectFrom('grants')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .orderBy('status')
    .execute();
  const ticketCount = Number(
    (
      await b.db
        .selectFrom('grants')
        .select((eb) => eb.fn.count<number>('ticket_id').distinct().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  log(`stored ${fmtInt(stored)} grants in ${fmtS(seeding.seconds)}`);

  // Probe tickets: a random sample of the ticket range; roughly one in ten has an open grant.
  const pick = rng(7);
  const tickets = Array.from({ length: PATHS }, () => String(100_000 + Math.floor(pick() * TICKETS)));
  const paths = tickets.map((t) => `/v1/tickets/${t}/close-check`);
  const deps = benchDeps(b);
  const nowIso = new Date().toISOString();
  let withOpen = 0;
  let openGrantsInSample = 0;
  for (const t of new Set(tickets)) {
    const open = await listOpenGrantsForTicket(b.db, TENANT, t, nowIso);
    if (open.length > 0) withOpen += 1;
    openGrantsInSample += open.length;
  }

  // Where a close-check goes without HTTP: the service alone, one call at a time, and
  // CONNECTIONS calls at a time (calls of one turn share one read).
  for (const t of tickets) await closeCheck(deps, ANN, t);
  const direct = await timed(async () => {
    for (let k = 0; k < 2; k++) for (const t of tickets) await closeCheck(deps, ANN, t);
  });
  const directPerCall = (direct.seconds * 1000) / (tickets.length * 2);
  const together = await timed(async () => {
    for (let k = 0; k < 2; k++) {
      for (let i = 0; i < tickets.length; i += CONNECTIONS)
        await Promise.all(tickets.slice(i, i + CONNECTIONS).map((t) => closeCheck(deps, ANN, t)));
    }
  });
  const togetherPerCall = (together.seconds * 1000) / (tickets.length * 2);

  const bare = new Hono().get('/bare', (c) => c.json({ canClose: true, openGrants: [] }));
  const bareServer = await startServer(bare.fetch);
  servers.push(bareServer);
  const appServer = await startServer(createApp(deps, { authMode: 'dev' }).fetch);
  servers.push(appServer);

  // Sanity check: the app answers close-check for a probe ticket.
  const probe = await fetch(`${appServer.url}${paths[0]}`, { headers: { 'x-dev-user': 'agent-ann' } });
  if (probe.status !== 200) throw new Error(`close-check probe answered ${probe.status}: ${await probe.text()}`);
  await probe.arrayBuffer().catch(() => undefined);

  // Rounds alternate bare / close-check so that other load on the machine hits both alike.
  for (const [name, url, p] of [
    ['bare Hono', bareServer.url, ['/bare']],
    ['close-check', appServer.url, paths],
  ] as const) {
    log(`${name}: warm-up ${WARMUP_SECONDS}s …`);
    await runLoad({ ...loadSpec(url, [...p]), duration: WARMUP_SECONDS });
  }
  const bareRuns: LoadResult[] = [];
  const appRuns: LoadResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    bareRuns.push(await measure('bare Hono', bareServer.url, ['/bare'], round));
    appRuns.push(await measure('close-check', appServer.url, paths, round));
  }
  const bareResult = best(bareRuns);
  const appResult = best(appRuns);
  const ratio = appResult.okPerSec / bareResult.okPerSec;
  const goalMet = ratio >= GOAL;

  printTable(
    'Data',
    ['what', 'value'],
    [
      ['database', `${b.dialect} (${b.where})`],
      ['grants stored (select count(*))', fmtInt(stored)],
      ['distinct tickets', fmtInt(ticketCount)],
      ['by status', byStatus.map((s) => `${s.status} ${fmtInt(Number(s.n))}`).join(', ')],
      [
        'seeding time',
        `${fmtS(seeding.seconds)} (${fmtInt(stored / seeding.seconds)} rows/s; index rebuild ${fmtS(seeding.value.indexSeconds)} of it)`,
      ],
      ['grants indexes', seeding.value.indexes.join(', ')],
      [
        'probe tickets (request paths)',
        `${fmtInt(tickets.length)}; ${fmtInt(withOpen)} of ${fmtInt(new Set(tickets).size)} distinct have open grants (${fmtInt(openGrantsInSample)} open grants)`,
      ],
      [
        'closeCheck() in-process, sequential',
        `${fmtNum(directPerCall * 1000, 0)} µs/call (${fmtInt(1000 / directPerCall)} calls/s)`,
      ],
      [
        `closeCheck() in-process, ${CONNECTIONS} at a time`,
        `${fmtNum(togetherPerCall * 1000, 0)} µs/call (${fmtInt(1000 / togetherPerCall)} calls/s)`,
      ],
    ],
  );

  const row = (name: string, r: LoadResult) => [
    name,
    fmtInt(r.okPerSec),
    fmtMs(r.latency.p50),
    fmtMs(r.latency.p99),
    fmtInt(r.ok2xx),
    fmtNum(r.load1, 2),
    loadProblems(r) || 'none',
  ];
  const header = ['endpoint', 'req/s (2xx)', 'p50', 'p99', 'requests', 'load avg', 'errors/non-2xx'];
  printTable(
    `HTTP runs, ${CONNECTIONS} connections, ${SECONDS}s each, alternating (autocannon in a worker thread, server on the main thread)`,
    ['round', ...header],
    bareRuns.flatMap((bare, i) => [
      [String(i + 1), ...row('GET /bare (bare Hono baseline)', bare)],
      [String(i + 1), ...row('GET /v1/tickets/:id/close-check (agent-ann)', appRuns[i]!)],
    ]),
  );
  printTable(`Best round of ${ROUNDS} for each`, header, [
    row('GET /v1/tickets/:id/close-check (agent-ann)', appResult),
    row('GET /bare (bare Hono baseline)', bareResult),
  ]);
  const perRound = appRuns.map((r, i) => fmtNum(r.okPerSec / bareRuns[i]!.okPerSec, 3)).join(', ');
  printTable(
    'Result',
    ['metric', 'value'],
    [
      ['ratio close-check ÷ bare (req/s, best rounds)', fmtNum(ratio, 3)],
      ['ratio per round', perRound],
      [`goal (${b.dialect === 'sqlite' ? 'SQLite' : 'set for SQLite'})`, `≥ ${GOAL}`],
      ['goal met', goalMet ? 'YES' : 'NO'],
    ],
  );

  if (b.dialect === 'sqlite' || b.dialect === 'postgres') await printQueryPlan(b, tickets);
  console.log(`\nTotal run time ${fmtS((Date.now() - started) / 1000)}`);
}

runMain(main, async () => {
  for (const s of servers) await s.close();
  await bench?.drop();
});
