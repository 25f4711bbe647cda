// Load generator for the benchmarks, run by bench/lib.ts in a worker thread so that autocannon
// and the server under test do not share one event loop (the server stays on the main thread).
// Plain JS on purpose: tsx's loader does not reach worker threads.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

/**
 * workerData: { url, paths?, method, headers, body?, connections, duration?, amount?, timeout? }
 * Posts back: { ok: true, result } with plain numbers, or { ok: false, error }.
 */
const spec = workerData;

const opts = {
  url: spec.url,
  connections: spec.connections,
  pipelining: 1,
  timeout: spec.timeout ?? 10,
  method: spec.method,
  headers: spec.headers,
  ...(spec.body !== undefined ? { body: spec.body } : {}),
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
};

if (Array.isArray(spec.paths) && spec.paths.length > 0) {
  // One dynamic request whose path comes from a counter shared by all connections, so
  // concurrent requests hit different paths. (Building one request per path per connection
  // up front would be slow to set up and would count against the run's duration.)
  const paths = spec.paths;
  let next = 0;
  opts.requests = [
    {
      method: spec.method,
      path: paths[0],
      headers: spec.headers,
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      setupRequest: (req) => {
        req.path = paths[next++ % paths.length];
        return req;
      },
    },
  ];
}

let startedAt = Date.now();
// autocannon notices the end of a run only on its 1-second sampling tick: with `amount`, the
// clients may have been idle for up to a second by then. The run ends with its last response.
let lastResponseAt = 0;
const instance = autocannon(opts, (err, raw) => {
  const finishedAt = lastResponseAt || Date.now();
  if (err) {
    parentPort.postMessage({ ok: false, error: String(err?.stack ? err.stack : err) });
    return;
  }
  // Outside the main thread autocannon hands back raw histograms; aggregate them here.
  const agg = autocannon.aggregateResult([raw], opts);
  const statusCodes = {};
  for (const [code, stat] of Object.entries(raw.statusCodeStats ?? {})) statusCodes[code] = Number(stat.count);
  parentPort.postMessage({
    ok: true,
    result: {
      // From the 'start' event (clients connected) to the last response, not from option parsing.
      durationS: (finishedAt - startedAt) / 1000,
      autocannonDurationS: raw.duration,
      completed: raw.totalCompletedRequests,
      sent: raw.totalRequests,
      ok2xx: raw['2xx'],
      non2xx: raw.non2xx,
      errors: raw.errors,
      timeouts: raw.timeouts,
      statusCodes,
      latency: {
        average: agg.latency.average,
        p50: agg.latency.p50,
        p90: agg.latency.p90,
        p99: agg.latency.p99,
        max: agg.latency.max,
      },
    },
  });
});
instance.once('start', () => {
  startedAt = Date.now();
});
instance.on('response', () => {
  lastResponseAt = Date.now();
});
