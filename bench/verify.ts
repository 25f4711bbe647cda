/**
 * Audit chain verification over a long chain.
 *
 * Appends BENCH_EVENTS (1,000,000) chained audit events for the demo tenant with the real
 * appendAuditEvents (batches of BENCH_APPEND_BATCH = 500 inside transactions of ~10,000), then times
 * verifyAuditChain(db, tenant) and one HTTP GET /v1/audit/verify as lead-lee. Baseline for context:
 * reading the same rows page by page exactly as the verifier does (readChainPage, 5,000 a page)
 * without hashing, so verify ÷ read shows what parsing, canonical JSON and SHA-256 add.
 *
 *   npm run bench:verify
 *   BENCH_EVENTS=200000 npm run bench:verify
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:verify
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app.js';
import { chainFieldsOf, chainHash, chainHashOfStored, type ChainedFields } from '../server/audit/audit-chain.js';

/** The row parsed back into fields: the slower way verify used to hash, kept here for comparison. */
const rowToChainedFields = (row: AuditEventRow): ChainedFields => ({
  ...chainFieldsOf(row, JSON.parse(row.data) as Record<string, unknown>),
  canon: row.canon as CanonVersion,
});
import { readChainPage } from '../server/audit/audit.repository.js';
import { verifyAuditChain, type VerifyResult } from '../server/audit/audit.service.js';
import { canonicalJson, type CanonVersion } from '../server/audit/canonical-json.js';
import type { AuditEventRow } from '../server/db/database.js';
import { APPEND_BATCH, fillChain } from './audit-seed.js';
import {
  TENANT,
  benchDeps,
  countRows,
  envInt,
  fmtInt,
  fmtNum,
  fmtS,
  installWatchdog,
  log,
  openBenchDatabase,
  printTable,
  runMain,
  startServer,
  timed,
  type BenchDatabase,
  type RunningServer,
} from './lib.js';

const EVENTS = envInt('BENCH_EVENTS', 1_000_000);
const BREAKDOWN_ROWS = envInt('BENCH_BREAKDOWN_ROWS', 100_000);
/** Same page size as server/audit/audit.service.ts. */
const PAGE = 5_000;

/** The verifier's reads without the verifier's work: same query, same pages. */
async function readAll(b: BenchDatabase): Promise<number> {
  let rows = 0;
  for (let after = 0; ; ) {
    const page = await readChainPage(b.db, TENANT, after, PAGE);
    rows += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  return rows;
}

/** Per-row CPU cost of each verification step, on rows already in memory. */
async function breakdown(
  b: BenchDatabase,
  limit: number,
): Promise<{
  rows: number;
  parse: number;
  canonical: number;
  sha: number;
  chain: number;
  bytes: number;
  fast: number;
  fastMatches: number;
}> {
  const rows: AuditEventRow[] = [];
  for (let after = 0; rows.length < limit; ) {
    const page = await readChainPage(b.db, TENANT, after, Math.min(PAGE, limit - rows.length));
    rows.push(...page);
    if (page.length === 0) break;
    after = page[page.length - 1]!.seq;
  }
  // Best of three, so that a burst of other work on the machine does not skew one step.
  const time = (fn: () => void) => {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const start = performance.now();
      fn();
      best = Math.min(best, performance.now() - start);
    }
    return (best * 1000) / rows.length; // µs per row
  };
  let fields = rows.map(rowToChainedFields); // warm
  const parse = time(() => {
    fields = rows.map(rowToChainedFields);
  });
  let texts: string[] = [];
  const canonical = time(() => {
    texts = fields.map((f) => canonicalJson(f));
  });
  const sha = time(() => {
    for (let i = 0; i < texts.length; i++)
      createHash('sha256').update(rows[i]!.prev_hash).update(texts[i]!).digest('hex');
  });
  const chain = time(() => {
    for (const row of rows) chainHash(row.prev_hash, rowToChainedFields(row));
  });
  // What verify does now: the stored `data` is canonical JSON already, so the row's canonical form
  // is assembled around it (chainHashOfStored) without JSON.parse and the recursive re-sort.
  let fastMatches = 0;
  const fast = time(() => {
    fastMatches = 0;
    for (const row of rows) {
      const stored = chainFieldsOf(row, row.data);
      if (chainHashOfStored(row.prev_hash, stored) === row.hash) fastMatches += 1;
    }
  });
  const bytes = texts.reduce((s, t) => s + t.length, 0) / Math.max(1, texts.length);
  return { rows: rows.length, parse, canonical, sha, chain, bytes, fast, fastMatches };
}

let bench: BenchDatabase | undefined;
let server: RunningServer | undefined;

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`audit verify benchmark: ${fmtInt(EVENTS)} chained audit events for tenant '${TENANT}'`);
  bench = await openBenchDatabase('verify');
  const b = bench;
  installWatchdog(600, () => b.dropSync());
  log(`database: ${b.dialect} (${b.where})`);

  log(`appending ${fmtInt(EVENTS)} audit events with appendAuditEvents (batches of ${APPEND_BATCH}) …`);
  const fill = await timed(() => fillChain(b, EVENTS));
  const stored = await countRows(b.db, 'audit_events');
  log(`stored ${fmtInt(stored)} audit events in ${fmtS(fill.seconds)}`);

  log('reading the chain without hashing (first pass, then a timed second pass) …');
  const readCold = await timed(() => readAll(b));
  const read = await timed(() => readAll(b));

  log('verifyAuditChain() …');
  const verify = await timed(() => verifyAuditChain(b.db, TENANT));

  const deps = benchDeps(b);
  server = await startServer(createApp(deps, { authMode: 'dev' }).fetch);
  log('GET /v1/audit/verify as lead-lee …');
  const httpVerify = await timed(async () => {
    const res = await fetch(`${server!.url}/v1/audit/verify`, { headers: { 'x-dev-user': 'lead-lee' } });
    return { status: res.status, body: (await res.json()) as VerifyResult };
  });

  log(`per-step cost on ${fmtInt(Math.min(BREAKDOWN_ROWS, stored))} rows in memory …`);
  const steps = await breakdown(b, Math.min(BREAKDOWN_ROWS, stored));

  const v = verify.value;
  const h = httpVerify.value;
  const valid =
    v.ok && v.checked === stored && h.status === 200 && h.body.ok && h.body.checked === stored && read.value === stored;
  const rate = (s: number) => fmtInt(stored / s);

  printTable(
    'Data',
    ['what', 'value'],
    [
      ['database', `${b.dialect} (${b.where})`],
      ['audit_events stored (select count(*))', fmtInt(stored)],
      ['append time (appendAuditEvents)', `${fmtS(fill.seconds)} (${fmtInt(stored / fill.seconds)} events/s)`],
      ['chain head', v.head ? `seq ${fmtInt(v.head.seq)}, ${v.head.hash.slice(0, 16)}…` : '(empty)'],
    ],
  );
  printTable(
    `Verification of ${fmtInt(stored)} events (${b.dialect})`,
    ['what', 'events/s', 'total', 'result'],
    [
      [
        'verifyAuditChain(db, tenant)',
        rate(verify.seconds),
        fmtS(verify.seconds),
        `ok=${v.ok}, checked ${fmtInt(v.checked)}`,
      ],
      [
        'HTTP GET /v1/audit/verify (lead-lee, once)',
        rate(httpVerify.seconds),
        fmtS(httpVerify.seconds),
        `${h.status}, ok=${h.body.ok}, checked ${fmtInt(h.body.checked)}`,
      ],
      [
        'baseline: read pages only (readChainPage × 5,000)',
        rate(read.seconds),
        fmtS(read.seconds),
        `${fmtInt(read.value)} rows (first pass ${fmtS(readCold.seconds)})`,
      ],
    ],
  );
  printTable(
    `Where a verified row goes (µs per row; steps timed on ${fmtInt(steps.rows)} rows in memory, best of 3)`,
    ['step', 'µs/row', 'share of verify'],
    [
      [
        'read (page query + row objects), from the baseline',
        fmtNum((read.seconds * 1e6) / stored, 2),
        `${fmtNum((100 * read.seconds) / verify.seconds, 0)}%`,
      ],
      [
        'JSON.parse of data (rowToChainedFields)',
        fmtNum(steps.parse, 2),
        `${fmtNum((100 * steps.parse * stored) / 1e6 / verify.seconds, 0)}%`,
      ],
      [
        `canonicalJson of the fields (avg ${fmtInt(steps.bytes)} chars)`,
        fmtNum(steps.canonical, 2),
        `${fmtNum((100 * steps.canonical * stored) / 1e6 / verify.seconds, 0)}%`,
      ],
      [
        'sha256(prev_hash ‖ canonical) hex',
        fmtNum(steps.sha, 2),
        `${fmtNum((100 * steps.sha * stored) / 1e6 / verify.seconds, 0)}%`,
      ],
      [
        '(before) chainHash(prev, parsed row) together',
        fmtNum(steps.chain, 2),
        `${fmtNum((100 * steps.chain * stored) / 1e6 / verify.seconds, 0)}%`,
      ],
      ['verifyAuditChain total', fmtNum((verify.seconds * 1e6) / stored, 2), '100%'],
      [
        `chainHashOfStored (what verify does now); ${fmtInt(steps.fastMatches)}/${fmtInt(steps.rows)} hashes equal`,
        fmtNum(steps.fast, 2),
        `${fmtNum((100 * steps.fast * stored) / 1e6 / verify.seconds, 0)}%`,
      ],
    ],
  );
  printTable(
    'Result',
    ['metric', 'value'],
    [
      ['verify time ÷ read-only time', `${fmtNum(verify.seconds / read.seconds, 2)}×`],
      ['verify events/s ÷ read-only events/s', fmtNum(read.seconds / verify.seconds, 3)],
      ['chain valid and complete', valid ? 'YES' : 'NO'],
    ],
  );
  console.log(`\nTotal run time ${fmtS((Date.now() - started) / 1000)}`);
  if (!valid)
    throw new Error(
      `verification did not check the whole chain: ${JSON.stringify({ v, http: h.body, read: read.value, stored })}`,
    );
}

runMain(main, async () => {
  await server?.close();
  await bench?.drop();
});
