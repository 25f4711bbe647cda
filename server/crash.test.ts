import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit/audit.service.js';
import { seedDemo } from './demo/seed.js';
import { SEED_REASON } from './test/test-app.js';
import { openTestDatabase, testDialects, type TestDatabase } from './test/test-db.js';

const serverChild = fileURLToPath(new URL('./test/server-child.ts', import.meta.url));

describe.each(testDialects)('a server killed mid-request on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    await seedDemo(database.db);
  });
  afterEach(async () => {
    await database.drop();
  });

  it('loses no committed audit row and leaves state and trail in agreement', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', serverChild, database.url, database.schema ?? '-'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        const match = /PORT (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      proc.on('exit', () => reject(new Error('server exited early')));
    });
    const base = `http://127.0.0.1:${port}`;
    const call = (user: string, path: string, body?: unknown) =>
      fetch(base + path, {
        method: 'POST',
        headers: { 'x-dev-user': user, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

    // Workers drive whole lifecycles and event batches until the server dies under them.
    let stop = false;
    let completed = 0;
    const worker = async (n: number) => {
      for (let i = 0; !stop; i += 1) {
        try {
          const user = n % 2 ? 'agent-ann' : 'agent-bob';
          const g = await call(user, '/v1/grants', {
            ticketId: `7${n}${i}`,
            reason: SEED_REASON,
            customerId: '1842',
            systems: ['billing-db'],
          });
          await call('lead-lee', `/v1/grants/${g.body.id}/approve`);
          await call(user, `/v1/grants/${g.body.id}/start`);
          await call(user, `/v1/grants/${g.body.id}/events`, {
            events: Array.from({ length: 20 }, () => ({ kind: 'view', target: 'refund 9912', recordCount: 1 })),
          });
          await call(user, `/v1/grants/${g.body.id}/end`, {
            outcome: { summary: 'Checked', changedData: false, exposedBeyondScope: false },
          });
          completed += 1;
        } catch {
          return; // connection refused: the server is gone
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, n) => worker(n));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    proc.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    expect(completed).toBeGreaterThan(0);

    // Reopen what the dead process left behind.
    const chain = await verifyAuditChain(database.db, 'demo');
    expect(chain).toMatchObject({ ok: true, firstBroken: null });
    const grants = await database.db.selectFrom('grants').selectAll().execute();
    const audit = await database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(grants.length).toBeGreaterThan(completed);
    const stateKinds: Record<string, string> = {
      'grant.requested': 'pending',
      'grant.approved': 'approved',
      'grant.started': 'active',
      'grant.ended': 'ended',
    };
    for (const grant of grants) {
      const trail = audit.filter((e) => e.grant_id === grant.id);
      const last = trail.filter((e) => e.kind in stateKinds).at(-1);
      expect(last && stateKinds[last.kind], `grant ${grant.id}`).toBe(grant.status);
      const recorded = trail
        .filter((e) => e.kind === 'access.recorded')
        .reduce((n, e) => n + JSON.parse(e.data).events.length, 0);
      expect(grant.event_count).toBe(recorded);
    }
    const accepted = await database.db
      .selectFrom('access_events')
      .select('grant_id')
      .where('accepted', '=', 1)
      .execute();
    expect(accepted.length).toBe(grants.reduce((n, g) => n + g.event_count, 0));
  }, 30_000);
});
