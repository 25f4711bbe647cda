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
import { CompiledQuery, sql } from 'kysely';
import type { Actor } from '../server/app-env.js';
import { createApp } from '../server/app.js';
import type { DialectName } from '../server/db/connect.js';
import type { GrantsTable } from '../server/db/database.js';
import { closeCheck } from '../server/tickets/tickets.service.js';
import { listOpenGrantsForTicket, openGrantsSql } from '../server/grants/open-grants.repository.js';
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
  maxParams,
  openBenchDatabase,
  printTable,
  rng,
  runLoad,
  runMain,
  startServer,
  timed,
  valuesPlaceholders,
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
// Synthetic grants

const COLUMNS = [
  'id',
  'tenant',
  'ticket_id',
  'ticket_url',
  'requester_id',
  'requester_name',
  'requester_email',
  'reason',
  'reason_vague',
  'customer_id',
  'systems',
  'access',
  'write_need',
  'masked_data_checked',
  'emergency',
  'emergency_justification',
  'duration_minutes',
  'status',
  'requested_at',
  'decided_by_id',
  'decided_by_name',
  'decided_at',
  'decision_note',
  'start_by',
  'started_at',
  'expires_at',
  'ended_at',
  'ended_by_id',
  'end_note',
  'cancelled_at',
  'outcome',
  'flags',
  'flagged',
  'event_count',
  'record_count',
  'updated_at',
] as const satisfies readonly (keyof GrantsTable)[];

const REASONS = [
  'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912',
  'Check whether the invoice for November was charged twice on the customer card after the retry job',
  'Confirm the SSO mapping for the account owner after the identity provider change broke sign-in',
  'Look up why the subscription renewal failed with a declined card although the card was updated',
  'Inspect the export job log for the customer because the CSV report came back empty twice',
];
const SYSTEMS = [
  '["billing-db"]',
  '["payments-gateway"]',
  '["billing-db","payments-gateway"]',
  '["accounts-admin"]',
  '["app-logs"]',
];
const AGENTS = [
  { id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com' },
  { id: 'agent-bob', name: 'Bob Agent', email: 'bob@example.com' },
  ...Array.from({ length: 38 }, (_, i) => ({
    id: `agent-${i + 1}`,
    name: `Agent ${i + 1}`,
    email: `agent${i + 1}@example.com`,
  })),
];
const OUTCOME = JSON.stringify({
  summary: 'Found the failed gateway call; refund re-queued by billing.',
  changedData: false,
  exposedBeyondScope: false,
});
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Cumulative status mix: mostly closed history, about 2% open now. */
const STATUS_MIX: [
  number,
  'ended' | 'expired' | 'revoked' | 'denied' | 'cancelled' | 'lapsed' | 'pending' | 'approved' | 'active',
][] = [
  [0.62, 'ended'],
  [0.86, 'expired'],
  [0.88, 'revoked'],
  [0.91, 'denied'],
  [0.95, 'cancelled'],
  [0.98, 'lapsed'],
  [0.986, 'pending'],
  [0.99, 'approved'],
  [1, 'active'],
];

function grantRowValues(i: number, rand: () => number, nowMs: number, out: unknown[]): void {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = Math.floor(rand() * TICKETS);
  const ticket = String(100_000 + t);
  const customer = String(1_000 + ((t * 7919) % 50_000));
  const agent = AGENTS[Math.floor(rand() * AGENTS.length)]!;
  const draw = rand();
  const status = STATUS_MIX.find(([p]) => draw < p)![1];
  const write = rand() < 0.08;
  const emergency = (status === 'ended' || status === 'expired') && rand() < 0.01;
  const duration = [15, 30, 60, 120, 240][Math.floor(rand() * 5)]!;
  const open = status === 'pending' || status === 'approved' || status === 'active';

  // Closed grants happened 1 day to 2 years ago; open ones within the last hour and stay open
  // well past the end of the run (start_by and expires_at at least ~25 minutes ahead).
  let requested = open ? nowMs - (10 + rand() * 30) * MIN : nowMs - DAY - rand() * 729 * DAY;
  if (status === 'pending') requested = nowMs - rand() * 50 * MIN;
  let decidedAt: number | null = null;
  let startBy: number | null = null;
  let startedAt: number | null = null;
  let expiresAt: number | null = null;
  let endedAt: number | null = null;
  let endedBy: string | null = null;
  let endNote: string | null = null;
  let cancelledAt: number | null = null;
  let decisionNote: string | null = null;
  let durationMinutes = duration;
  const flags: { code: string; reason: string; at: string }[] = [];

  if (emergency) {
    startedAt = requested;
    flags.push({
      code: 'emergency',
      reason: 'Break-glass access without prior approval: "Payments outage, customer blocked"',
      at: iso(requested),
    });
  } else if (status !== 'pending' && status !== 'cancelled') {
    decidedAt = requested + 3 * MIN;
    if (status === 'denied') decisionNote = 'Use the masked replica first';
    else startBy = decidedAt + 60 * MIN;
    if (status !== 'denied' && status !== 'lapsed' && status !== 'approved') startedAt = decidedAt + 2 * MIN;
  }
  if (status === 'active') durationMinutes = Math.max(duration, 60);
  if (startedAt !== null) expiresAt = startedAt + durationMinutes * MIN;
  if (status === 'ended') {
    endedAt = startedAt! + Math.max(1, rand() * durationMinutes) * MIN;
    endedBy = agent.id;
  } else if (status === 'expired') {
    endedAt = expiresAt;
    endedBy = 'system';
  } else if (status === 'revoked') {
    endedAt = startedAt! + 5 * MIN;
    endedBy = 'lead-lee';
    endNote = 'Scope exceeded the ticket';
  } else if (status === 'cancelled') {
    cancelledAt = requested + 10 * MIN;
  }
  if (write)
    flags.push({ code: 'write_access', reason: 'Write access requested: "Re-queue refund 9912"', at: iso(requested) });
  if (endedAt !== null && startedAt !== null && endedAt - startedAt > 120 * MIN) {
    flags.push({
      code: 'long_session',
      reason: `Session lasted ${Math.round((endedAt - startedAt) / MIN)} minutes; the threshold is 120`,
      at: iso(endedAt),
    });
  }
  const events = startedAt !== null && !open ? Math.floor(rand() * 40) : 0;
  const updated = Math.max(requested, decidedAt ?? 0, startedAt ?? 0, endedAt ?? 0, cancelledAt ?? 0);
  const idPrefix =
    Math.floor(rand() * 0xffffffff)
      .toString(16)
      .padStart(8, '0') +
    Math.floor(rand() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');

  out.push(
    `gr_${idPrefix.slice(0, 12)}${i.toString(16).padStart(8, '0')}`,
    TENANT,
    ticket,
    `/demo/tickets/${ticket}`,
    agent.id,
    agent.name,
    agent.email,
    REASONS[Math.floor(rand() * REASONS.length)]!,
    0,
    customer,
    SYSTEMS[Math.floor(rand() * SYSTEMS.length)]!,
    write ? 'write' : 'read',
    write ? 'Re-queue refund 9912 after the gateway failure' : null,
    rand() < 0.7 ? 1 : rand() < 0.5 ? 0 : null,
    emergency ? 1 : 0,
    emergency ? 'Payments outage, customer blocked' : null,
    durationMinutes,
    status,
    iso(requested),
    decidedAt !== null ? 'lead-lee' : null,
    decidedAt !== null ? 'Lee Lead' : null,
    decidedAt !== null ? iso(decidedAt) : null,
    decisionNote,
    startBy !== null ? iso(startBy) : null,
    startedAt !== null ? iso(startedAt) : null,
    expiresAt !== null ? iso(expiresAt) : null,
    endedAt !== null ? iso(endedAt) : null,
    endedBy,
    endNote,
    cancelledAt !== null ? iso(cancelledAt) : null,
    status === 'ended' ? OUTCOME : null,
    JSON.stringify(flags),
    flags.length > 0 ? 1 : 0,
    events,
    events * (1 + Math.floor(rand() * 3)),
    iso(updated),
  );
}

/** The secondary indexes on grants as the migration created them (name and exact DDL). */
async function grantsIndexes(bench: BenchDatabase): Promise<{ name: string; ddl: string }[]> {
  if (bench.dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'index' and tbl_name = 'grants' and sql is not null order by name`.execute(
      bench.db,
    );
    return rows.rows.map((r) => ({ name: r.name, ddl: r.sql }));
  }
  const rows = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename = 'grants'
      and indexname not in (select conname from pg_constraint where conrelid = 'grants'::regclass)
    order by indexname`.execute(bench.db);
  return rows.rows.map((r) => ({ name: r.indexname, ddl: r.indexdef }));
}

/**
 * Bulk insert: one multi-row INSERT per chunk, chunks grouped in transactions. The secondary
 * indexes are dropped for the load and rebuilt afterwards from their own stored definitions
 * (identical DDL), which is several times faster than maintaining five indexes row by row.
 */
async function storeGrants(bench: BenchDatabase, total: number): Promise<{ indexes: string[]; indexSeconds: number }> {
  const dialect: DialectName = bench.dialect;
  const chunk = Math.floor(maxParams(dialect) / COLUMNS.length);
  const head = `insert into grants (${COLUMNS.join(', ')}) values `;
  const fullSql = head + valuesPlaceholders(dialect, chunk, COLUMNS.length);
  const rand = rng(20_261_122);
  const nowMs = Date.now();
  const chunksPerTransaction = Math.max(1, Math.floor(50_000 / chunk));
  const sqlite = dialect === 'sqlite';
  // SQLite: a bigger page cache while loading, put back afterwards so the server runs with its own settings.
  const cacheBefore = sqlite
    ? (await sql<{ cache_size: number }>`pragma cache_size`.execute(bench.db)).rows[0]?.cache_size
    : undefined;
  if (sqlite) await sql`pragma cache_size = -524288`.execute(bench.db);
  const indexes = await grantsIndexes(bench);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(bench.db);

  let done = 0;
  let lastReport = Date.now();
  while (done < total) {
    await bench.db.transaction().execute(async (trx) => {
      for (let c = 0; c < chunksPerTransaction && done < total; c++) {
        const rows = Math.min(chunk, total - done);
        const params: unknown[] = [];
        for (let r = 0; r < rows; r++) grantRowValues(done + r, rand, nowMs, params);
        const text = rows === chunk ? fullSql : head + valuesPlaceholders(dialect, rows, COLUMNS.length);
        await trx.executeQuery(CompiledQuery.raw(text, params));
        done += rows;
      }
    });
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      log(`  … ${fmtInt(done)} / ${fmtInt(total)} grants`);
    }
  }

  log(`  rebuilding ${indexes.length} indexes (${indexes.map((i) => i.name).join(', ')}) …`);
  const rebuild = await timed(async () => {
    for (const index of indexes) await sql.raw(index.ddl).execute(bench.db);
  });
  const after = (await grantsIndexes(bench)).map((i) => i.name);
  const missing = indexes.filter((i) => !after.includes(i.name)).map((i) => i.name);
  if (missing.length > 0) throw new Error(`indexes not rebuilt: ${missing.join(', ')}`);
  if (sqlite) {
    await sql.raw(`pragma cache_size = ${Number(cacheBefore ?? -2000)}`).execute(bench.db);
    // Fold the WAL back into the database file, as a long-running server's checkpoints would have.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(bench.db);
  } else {
    // PostgreSQL: planner statistics as autovacuum would have them on a table this size.
    await sql`analyze grants`.execute(bench.db);
  }
  return { indexes: after, indexSeconds: rebuild.seconds };
}

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
  const seeding = await timed(() => storeGrants(b, GRANTS));
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
