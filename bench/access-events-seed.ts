/**
 * Synthetic access events for the benches: what the stored grants' sessions viewed, `event_count`
 * rows per started grant in grant order until `total` are stored, bulk-inserted with the secondary
 * indexes dropped and rebuilt from their own definitions (as grants-seed.ts does for grants).
 */
import { CompiledQuery, sql } from 'kysely';
import { TENANT, fmtInt, log, maxParams, rng, valuesPlaceholders, type BenchDatabase } from './lib.js';

const COLUMNS = [
  'tenant',
  'grant_id',
  'actor_id',
  'kind',
  'target',
  'fields',
  'record_count',
  'query_name',
  'occurred_at',
  'accepted',
  'source',
  'masked_fields',
  'parameters',
  'customer_id',
] as const;

const FIELDS = [
  '["refund_status","gateway_response_code"]',
  '["invoice_total","charged_at","card_last4"]',
  '["sso_subject","idp_issuer"]',
  '["export_job_id","row_count","error"]',
];

async function accessEventIndexes(bench: BenchDatabase): Promise<{ name: string; ddl: string }[]> {
  if (bench.dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'index' and tbl_name = 'access_events' and sql is not null`.execute(
      bench.db,
    );
    return rows.rows.map((r) => ({ name: r.name, ddl: r.sql }));
  }
  const rows = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename = 'access_events'
      and indexname not in (select conname from pg_constraint where conrelid = 'access_events'::regclass)`.execute(
    bench.db,
  );
  return rows.rows.map((r) => ({ name: r.indexname, ddl: r.indexdef }));
}

/** Stores up to `total` access events over the started grants; answers how many it stored. */
export async function storeAccessEvents(bench: BenchDatabase, total: number): Promise<number> {
  const grants = await bench.db
    .selectFrom('grants')
    .select(['id', 'requester_id', 'customer_id', 'started_at', 'event_count'])
    .where('tenant', '=', TENANT)
    .where('started_at', 'is not', null)
    .orderBy('requested_at')
    .execute();
  const chunk = Math.floor(maxParams(bench.dialect) / COLUMNS.length);
  const head = `insert into access_events (${COLUMNS.join(', ')}) values `;
  const rand = rng(7);
  const indexes = await accessEventIndexes(bench);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(bench.db);

  let stored = 0;
  let params: unknown[] = [];
  let rows = 0;
  let lastReport = Date.now();
  const flush = async () => {
    if (rows === 0) return;
    await bench.db.executeQuery(
      CompiledQuery.raw(head + valuesPlaceholders(bench.dialect, rows, COLUMNS.length), params),
    );
    stored += rows;
    params = [];
    rows = 0;
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      log(`  … ${fmtInt(stored)} / ${fmtInt(total)} access events`);
    }
  };
  // Several times over the grants if their event counts do not add up to `total`.
  for (let round = 0; stored + rows < total && grants.length > 0; round++) {
    for (const g of grants) {
      const count = Math.max(1, g.event_count);
      for (let k = 0; k < count && stored + rows < total; k++) {
        const at = new Date(Date.parse(g.started_at!) + (round * 40 + k) * 30_000).toISOString();
        const fields = FIELDS[Math.floor(rand() * FIELDS.length)]!;
        params.push(
          TENANT,
          g.id,
          g.requester_id,
          k % 3 === 0 ? 'query' : 'view',
          `customer ${g.customer_id}`,
          fields,
          1 + Math.floor(rand() * 20),
          k % 3 === 0 ? 'refund-status' : null,
          at,
          1,
          k % 3 === 0 ? 'gateway' : 'session',
          rand() < 0.3 ? '["card_last4"]' : '[]',
          k % 3 === 0 ? '{"refundId":"9912"}' : null,
          g.customer_id,
        );
        rows += 1;
        if (rows === chunk) await flush();
      }
      if (stored + rows >= total) break;
    }
  }
  await flush();
  log(`  rebuilding ${indexes.length} access-event indexes …`);
  for (const index of indexes) await sql.raw(index.ddl).execute(bench.db);
  if (bench.dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(bench.db);
  else await sql`analyze access_events`.execute(bench.db);
  return stored;
}
