/**
 * Synthetic grants for the benches: BENCH-sized history over `tickets` tickets and 40 agents, a
 * realistic status mix (about 2% open now), flags where the data calls for them, bulk-inserted with
 * the secondary indexes dropped and rebuilt from their own definitions.
 */
import { CompiledQuery, sql } from 'kysely';
import type { DialectName } from '../server/db/connect.js';
import type { GrantsTable } from '../server/db/database.js';
import { TENANT, fmtInt, log, maxParams, rng, timed, valuesPlaceholders, type BenchDatabase } from './lib.js';

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

function grantRowValues(i: number, rand: () => number, nowMs: number, tickets: number, out: unknown[]): void {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = Math.floor(rand() * tickets);
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
export async function grantsIndexes(bench: BenchDatabase): Promise<{ name: string; ddl: string }[]> {
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
export async function storeGrants(
  bench: BenchDatabase,
  total: number,
  tickets: number,
): Promise<{ indexes: string[]; indexSeconds: number }> {
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
        for (let r = 0; r < rows; r++) grantRowValues(done + r, rand, nowMs, tickets, params);
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
