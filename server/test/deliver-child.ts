// Another server instance's delivery worker, for the kill -9 and the exactly-once tests: delivers
// what is due on the given database (clock fixed at nowIso) until nothing is, then prints counts.
import { existsSync } from 'node:fs';
import { connectDatabase } from '../db/connect.js';
import { createSenders } from '../notifications/senders.js';
import { defaultDeliveryOptions, deliverDue } from '../notifications/worker.js';

const [url, schema, nowIso, owner, goFile] = process.argv.slice(2);
if (!url || !nowIso || !owner) throw new Error('usage: deliver-child <url> <schema|-> <nowIso> <owner> [goFile]');
const { db, dialect, close } = connectDatabase(url, schema && schema !== '-' ? { schema, poolSize: 4 } : {});
const deps = { db, dialect, now: () => new Date(nowIso), logger: console };
const senders = createSenders(deps, { publicUrl: 'https://ta.example.com', smtpUrl: null, mailFrom: 'ta@example.com' });
await db.selectFrom('outbox').select('id').limit(1).execute();
process.stdout.write('ready\n');
while (goFile && goFile !== '-' && !existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 5));
const total = { delivered: 0, skipped: 0, retrying: 0, dead: 0 };
for (;;) {
  const r = await deliverDue(deps, senders, { ...defaultDeliveryOptions, owner, batch: 3 });
  for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
  if (r.delivered + r.skipped + r.retrying + r.dead === 0) break;
}
senders.close();
await close();
process.stdout.write(`${JSON.stringify(total)}\n`);
