// Ad-hoc A/B (not part of the project): cold TTI of several built UIs, interleaved run by run so
// machine load hits every variant alike. Same definition as bench/sidebar-size.ts.
import { serve } from '@hono/node-server';
import { createApp } from '/work/main/server/app.js';
import { seedDemo } from '/work/main/server/demo/seed.js';
import { openTestDatabase } from '/work/main/server/test/test-db.js';
import { uiRoutes } from '/work/main/server/ui/ui.routes.js';
import { launchChromium } from '/work/main/extension/test/chromium.js';

const variants = process.argv.slice(2);
const database = await openTestDatabase('sqlite');
await seedDemo(database.db);
const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const app = createApp({ db: database.db, dialect: 'sqlite', now: () => new Date(), logger: quiet }, { authMode: 'dev' });
const servers: any[] = [];
for (const dir of variants) {
  const ui = uiRoutes({ distDir: dir });
  servers.push(await new Promise((r) => { const s = serve({ fetch: async (req: Request) => { const u = new URL(req.url); return u.pathname === '/sidebar' || u.pathname.startsWith('/assets/') ? ui.fetch(req) : app.fetch(req); }, port: 0, hostname: '127.0.0.1' }, () => r(s)); }));
}
const browser = await launchChromium();
const measure = async (port: number, warm: boolean) => {
  const context = await browser.newContext({ viewport: { width: 340, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const url = `http://127.0.0.1:${port}/sidebar?ticket=48271&as=${process.env.AS ?? 'agent-ann'}`;
  if (warm) await page.goto(url);
  await page.goto(url);
  await page.locator('textarea[name=reason]').waitFor();
  const ms = await page.evaluate(() => { (document.querySelector('textarea[name=reason]') as HTMLTextAreaElement).focus(); return performance.now(); });
  await context.close();
  return ms;
};
const N = Number(process.env.N ?? 10);
const cold = variants.map(() => [] as number[]);
const warm = variants.map(() => [] as number[]);
for (const s of servers) await measure(s.address().port, false);
for (let i = 0; i < N; i++) for (let v = 0; v < variants.length; v++) cold[v]!.push(await measure(servers[v].address().port, false));
if (process.env.WARM) for (let i = 0; i < N; i++) for (let v = 0; v < variants.length; v++) warm[v]!.push(await measure(servers[v].address().port, true));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
variants.forEach((d, v) => console.log(`${d.padEnd(24)} cold median ${med(cold[v]!).toFixed(0)}  [${cold[v]!.map((x) => x.toFixed(0)).join(' ')}]${process.env.WARM ? `  warm median ${med(warm[v]!).toFixed(0)}` : ''}`));
await browser.close();
for (const s of servers) { s.closeAllConnections(); s.close(); }
await database.drop();
