// A second (and third) server process for the exactly-once test: sweeps the given database until
// nothing is due, then prints how many due grants it saw and how many expiries it recorded itself.
import { existsSync } from 'node:fs';
import { connectDatabase } from '../db/connect.js';
import { listDueGrants } from '../grants/grants.repository.js';
import { sweepDueGrants } from '../grants/grants.service.js';

const [url, schema, nowIso, goFile] = process.argv.slice(2);
if (!url || !nowIso) throw new Error('usage: sweep-child <url> <schema|-> <nowIso>');
const { db, dialect, close } = connectDatabase(url, schema && schema !== '-' ? { schema, poolSize: 4 } : {});
const deps = { db, dialect, now: () => new Date(nowIso), logger: console };
// Both processes connect first and say so; the test then creates the go file, so they really race.
await db.selectFrom('grants').select('id').limit(1).execute();
process.stdout.write('ready\n');
while (goFile && !existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 5));
let expired = 0;
let seen = 0;
for (;;) {
  const due = (await listDueGrants(db, nowIso, 25)).length;
  if (due === 0) break;
  seen += due;
  expired += (await sweepDueGrants(deps, 25)).expired;
}
await close();
process.stdout.write(`${JSON.stringify({ expired, seen })}\n`);
