// Ad-hoc profiler (not part of the project): CPU profile of a cold sidebar load from an unminified build.
import { writeFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { build } from 'vite';
import { createApp } from '/work/main/server/app.js';
import { seedDemo } from '/work/main/server/demo/seed.js';
import { openTestDatabase } from '/work/main/server/test/test-db.js';
import { uiRoutes } from '/work/main/server/ui/ui.routes.js';
import { launchChromium } from '/work/main/extension/test/chromium.js';

const OUT = process.env.PROF_DIST ?? '/tmp/prof/dist';
if (!process.env.NOBUILD) {
  process.env.NODE_ENV = 'production';
  await build({ configFile: '/work/main/vite.config.ts', logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, minify: process.env.MINIFY === '1' } });
}
const database = await openTestDatabase('sqlite');
await seedDemo(database.db);
const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const app = createApp({ db: database.db, dialect: 'sqlite', now: () => new Date(), logger: quiet }, { authMode: 'dev' });
const ui = uiRoutes({ distDir: OUT });
const server: any = await new Promise((r) => { const s = serve({ fetch: async (req: Request) => { const u = new URL(req.url); return u.pathname === '/sidebar' || u.pathname.startsWith('/assets/') ? ui.fetch(req) : app.fetch(req); }, port: 0, hostname: '127.0.0.1' }, () => r(s)); });
const url = `http://127.0.0.1:${server.address().port}/sidebar?ticket=48271&as=${process.env.AS ?? 'agent-ann'}`;
const browser = await launchChromium();
const times: number[] = [];
for (let i = 0; i < Number(process.env.N ?? 6); i++) {
  const context = await browser.newContext({ viewport: { width: 340, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => { (window as any).__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) (window as any).__lt.push(`longtask ${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`); }).observe({ type: 'longtask', buffered: true }); });
  const cdp = await context.newCDPSession(page);
  const profiling = process.env.PROFILE === '1' && i === 3;
  if (profiling) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
  await page.goto(url);
  await page.locator('textarea[name=reason]').waitFor();
  const t = await page.evaluate(() => { (document.querySelector('textarea[name=reason]') as HTMLTextAreaElement).focus(); return performance.now(); });
  if (i > 0) times.push(t);
  if (profiling) { const { profile } = await cdp.send('Profiler.stop'); writeFileSync('/tmp/prof/cpu.json', JSON.stringify(profile)); }
  if (process.env.TIMELINE === '1' && i > 0) console.log(await page.evaluate(() => [...performance.getEntriesByType('resource').map((e: any) => `${e.name.replace(/^https?:\/\/[^/]+/, '')} ${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)}`), ...performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`), ...performance.getEntriesByType('paint').map((m) => `${m.name} ${m.startTime.toFixed(0)}`), ...(window as any).__lt, `dcl ${(performance.getEntriesByType('navigation')[0] as any).domContentLoadedEventEnd.toFixed(0)}`, `tti ${performance.now().toFixed(0)}`].join('\n')));
  await context.close();
}
console.log('times', times.map((t) => t.toFixed(0)).join(' '), 'median', [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!.toFixed(0));
await browser.close();
server.closeAllConnections(); server.close(); await database.drop();
