// The console's first load (issue 14): bytes actually transferred and time until the dashboard's
// figures can be used, in headless chromium against the real server over the demo history.
// Goals: ≤ 200 KB on the wire, interactive within 600 ms.   npm run bench:console   (BENCH_RUNS=20)
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../extension/test/chromium.js';
import { startConsoleServer } from '../extension/test/console-server.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const GOAL_KB = 200;
const GOAL_MS = 600;
const PATH = '/console?as=lead-lee';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/**
 * "Interactive", timed in the page: from navigation start until the first dashboard figure (a
 * link) is in the DOM and laid out, the frame showing it painted and the main thread back (a task
 * queued from requestAnimationFrame), and the link takes focus. Plain JavaScript in a string.
 */
const READY_PROBE = `window.__benchReady = new Promise((resolve) => {
  const ready = () => {
    const link = document.querySelector('[data-testid=tile-active] a');
    if (!link || link.getClientRects().length === 0) return false;
    requestAnimationFrame(() => setTimeout(() => {
      link.focus();
      resolve(document.activeElement === link ? performance.now() : NaN);
    }));
    return true;
  };
  new MutationObserver((_, observer) => { if (ready()) observer.disconnect(); })
    .observe(document, { childList: true, subtree: true, attributes: true });
});`;

interface Transfer {
  path: string;
  wire: number;
  encoding: string;
}

/** Every response of a cold first load as Chromium's network layer counted it (CDP encodedDataLength). */
async function transfers(browser: Browser, url: string, acceptEncoding?: string): Promise<Transfer[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (acceptEncoding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': acceptEncoding } });
  const seen = new Map<string, Transfer>();
  const done: Transfer[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const u = new URL(e.response.url);
    seen.set(e.requestId, {
      path: u.pathname + (u.pathname.startsWith('/v1') ? u.search : ''),
      wire: 0,
      encoding: String(headers['content-encoding'] ?? 'identity'),
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const t = seen.get(e.requestId);
    if (t) done.push({ ...t, wire: e.encodedDataLength });
  });
  await page.addInitScript({ content: READY_PROBE });
  await page.goto(url);
  await page.evaluate(() => (window as unknown as { __benchReady: Promise<number> }).__benchReady);
  await page.waitForLoadState('networkidle');
  await context.close();
  return done.filter((t) => t.path !== '/favicon.ico');
}

async function main(): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production'; // only for the build: React's production bundle
  await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
  if (previous === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = previous;

  const server = await startConsoleServer();
  const browser = await launchChromium();
  const url = server.url + PATH;
  const measure = async (warm: boolean) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.addInitScript({ content: READY_PROBE });
    if (warm) await page.goto(url);
    await page.goto(url);
    const ms = await page.evaluate(() => (window as unknown as { __benchReady: Promise<number> }).__benchReady);
    if (!Number.isFinite(ms)) throw new Error('the dashboard figure was rendered but did not take focus');
    await context.close();
    return ms;
  };
  try {
    await measure(false); // chromium's own first-start costs are not the console's
    const compressed = await transfers(browser, url);
    const baseline = await transfers(browser, url, 'identity');
    const total = (list: Transfer[], pick: (t: Transfer) => boolean = () => true) =>
      list.filter(pick).reduce((n, t) => n + t.wire, 0);
    const plainOf = (path: string) => baseline.find((t) => t.path === path)?.wire ?? Number.NaN;
    console.log(`First load of the console dashboard (${PATH}) on the wire, cold cache, headers included:`);
    console.log(
      `  ${'resource'.padEnd(48)} ${'sent'.padStart(9)} ${'encoding'.padEnd(8)} ${'uncompressed'.padStart(12)}`,
    );
    for (const t of compressed)
      console.log(
        `  ${t.path.slice(0, 48).padEnd(48)} ${kb(t.wire).padStart(9)} ${t.encoding.padEnd(8)} ${kb(plainOf(t.path)).padStart(12)}`,
      );
    const all = total(compressed);
    const scripts = total(compressed, (t) => t.path.endsWith('.js'));
    console.log(
      `  JavaScript: ${kb(scripts)} sent (uncompressed ${kb(total(baseline, (t) => t.path.endsWith('.js')))})`,
    );
    console.log(
      `  everything (page, scripts, API reads): ${kb(all)} sent (uncompressed ${kb(total(baseline))})  (goal ≤ ${GOAL_KB} KB) ${all <= GOAL_KB * 1024 ? 'OK' : 'OVER'}`,
    );
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) cold.push(await measure(false));
    for (let i = 0; i < RUNS; i++) warm.push(await measure(true));
    console.log(`Time to interactive (navigation start → first dashboard figure painted and focusable; ${RUNS} runs):`);
    console.log(
      `  cold cache: median ${pct(cold, 50).toFixed(0)} ms, p90 ${pct(cold, 90).toFixed(0)} ms  (goal ≤ ${GOAL_MS} ms) ${pct(cold, 50) <= GOAL_MS ? 'OK' : 'OVER'}`,
    );
    console.log(`  warm cache: median ${pct(warm, 50).toFixed(0)} ms, p90 ${pct(warm, 90).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
