/**
 * Evidence exports at scale (issue 13): chains BENCH_EVENTS audit events (default 10,000,000), then
 * downloads the JSON-lines and the CSV export over HTTP with curl (another process, reading as fast
 * as it writes to /dev/null) while sampling the server's resident memory every 100 ms. Prints bytes,
 * seconds and the memory growth over the baseline taken just before each export (same run), and
 * checks that the JSON lines end with a signed checkpoint closing the whole range (toSeq and hash
 * are the chain's head; the signature verifies with the published key).
 * Goal (issue 13): each export completes with the server's memory growing by at most 100 MB.
 *
 *   npm run bench:export-memory
 *   BENCH_EVENTS=1000000 npm run bench:export-memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:export-memory
 */
import { spawn } from 'node:child_process';
import { compactVerify, createLocalJWKSet } from 'jose';
import { createApp } from '../server/app.js';
import { readChainHead } from '../server/audit/audit.repository.js';
import { workerHeavyReads } from '../server/reads/heavy-reads.js';
import { fastChain } from './audit-seed.js';
import {
  TENANT,
  benchDeps,
  envInt,
  fmtInt,
  fmtNum,
  installWatchdog,
  log,
  openBenchDatabase,
  printTable,
  runMain,
  startServer,
  timed,
  type BenchDatabase,
} from './lib.js';

const EVENTS = envInt('BENCH_EVENTS', 10_000_000);
const GOAL_MB = 100;
const MB = 1024 * 1024;

let bench: BenchDatabase | undefined;

/** Runs curl to /dev/null, keeping only the last line (the JSON lines' signed trailer). */
function download(url: string): Promise<{ bytes: number; lastLine: string }> {
  return new Promise((resolve, reject) => {
    const curl = spawn('sh', ['-c', `curl -sS -H 'x-dev-user: lead-lee' -w '%{size_download}' '${url}' | tail -n 2`]);
    let out = '';
    curl.stdout.on('data', (d: Buffer) => (out += d.toString()));
    curl.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    curl.on('error', reject);
    curl.on('close', (code) => {
      if (code !== 0) return reject(new Error(`curl exited with ${code}`));
      const [lastLine = '', size = '0'] = out.trimEnd().split('\n');
      resolve({ bytes: Number(size), lastLine });
    });
  });
}

async function main(): Promise<void> {
  installWatchdog(7_200, () => bench?.dropSync());
  bench = await openBenchDatabase('export-memory');
  log(`export-memory benchmark on ${bench.dialect} (${bench.where}): chaining ${fmtInt(EVENTS)} audit events …`);
  const seeding = await timed(() => fastChain(bench!, EVENTS));
  log(`  chained in ${seeding.seconds.toFixed(1)} s`);
  const head = (await readChainHead(bench.db, TENANT))!;
  const deps = benchDeps(bench);
  const reads = workerHeavyReads({
    url: bench.url,
    dialect: bench.dialect,
    logger: deps.logger,
    ...(bench.schema ? { schema: bench.schema } : {}),
  });
  const app = createApp({ ...deps, reads }, { authMode: 'dev' });
  const server = await startServer(app.fetch);
  const jwks = createLocalJWKSet(await (await fetch(`${server.url}/.well-known/jwks.json`)).json());

  // The worker thread starts on the first heavy read and holds its own fixed memory (an isolate,
  // modules, page cache), and both threads' heaps settle on a size during the first pages: a short
  // export of each format first, so the baselines measure what an export of any size adds.
  for (const format of ['jsonl', 'csv']) await download(`${server.url}/v1/audit/export?format=${format}&toSeq=20000`);
  const rows: (string | number)[][] = [];
  for (const format of ['jsonl', 'csv'] as const) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 500));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    log(`  GET /v1/audit/export?format=${format} …`);
    const run = await timed(() => download(`${server.url}/v1/audit/export?format=${format}`));
    clearInterval(sampler);
    let closes = '—';
    if (format === 'jsonl') {
      const trailer = JSON.parse(run.value.lastLine) as { checkpoint: string };
      const { payload } = await compactVerify(trailer.checkpoint, jwks);
      const signed = JSON.parse(new TextDecoder().decode(payload)) as { toSeq: number; hash: string };
      closes = signed.toSeq === head.seq && signed.hash === head.hash ? `yes (seq ${fmtInt(signed.toSeq)})` : 'NO';
    }
    const growth = (peak - baseline) / MB;
    rows.push([
      format,
      `${fmtNum(run.value.bytes / MB, 0)} MB`,
      `${fmtNum(run.seconds, 1)} s`,
      `${fmtNum(baseline / MB, 0)} MB`,
      `${fmtNum(growth, 1)} MB`,
      growth <= GOAL_MB ? 'met' : 'NOT met',
      closes,
    ]);
  }
  printTable(
    `Audit export of ${fmtInt(EVENTS)} events over HTTP (goal: server memory grows ≤ ${GOAL_MB} MB)`,
    ['format', 'size', 'time', 'server RSS before', 'peak growth', 'goal', 'signed checkpoint closes the range'],
    rows,
  );
  await server.close();
  await reads.close();
}

runMain(main, async () => {
  await bench?.drop();
});
