import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepDueGrants } from './grants.service.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const child = fileURLToPath(new URL('../test/sweep-child.ts', import.meta.url));

describe.each(testDialects)('expiry decided from stored time on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  async function activeGrant(user = 'agent-ann', overrides: Record<string, unknown> = {}) {
    const { body } = await t.call(user, 'POST', '/v1/grants', seedRequest({ durationMinutes: 15, ...overrides }));
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    await t.call(user, 'POST', `/v1/grants/${body.id}/start`);
    return body.id as string;
  }

  const auditKinds = async (id: string) =>
    (await t.db.selectFrom('audit_events').select('kind').where('grant_id', '=', id).orderBy('seq').execute()).map(
      (r) => r.kind,
    );

  it('reads a grant past expiresAt as expired everywhere before the sweeper runs', async () => {
    const id = await activeGrant();
    expect((await t.call('agent-ann', 'GET', '/v1/tickets/48271/close-check')).body.canClose).toBe(false);
    t.clock.advance(15);

    const stored = await t.db.selectFrom('grants').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('active'); // the sweeper has not run

    const detail = await t.call('agent-ann', 'GET', `/v1/grants/${id}`);
    expect(detail.body).toMatchObject({
      status: 'expired',
      open: false,
      endKind: 'expired',
      endedBy: 'system',
      endedAt: detail.body.expiresAt,
      durationSeconds: 900,
    });
    const history = await t.call('lead-lee', 'GET', '/v1/tickets/48271/grants');
    expect(history.body.sessions[0].status).toBe('expired');
    const check = await t.call('agent-ann', 'GET', '/v1/tickets/48271/close-check');
    expect(check.body).toMatchObject({ canClose: true, openGrants: [] });

    const before = await t.counts();
    const events = await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, {
      events: [{ kind: 'view', target: 'refund 9912' }],
    });
    expect(events.status).toBe(409);
    expect(events.body.error.code).toBe('grant_not_active');
    expect(events.body.error.message).toMatch(/expired/);
    const after = await t.counts();
    expect(after.audit_events).toBe(before.audit_events + 1); // the attempt, recorded
    expect(after.access_events).toBe(before.access_events + 1); // kept, unaccepted

    // A new request is not blocked by the expired one.
    expect((await t.call('agent-ann', 'POST', '/v1/grants', seedRequest())).status).toBe(201);
  });

  it('still accepts the outcome after expiry, recording the expiry first', async () => {
    const id = await activeGrant();
    t.clock.advance(20);
    const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, {
      outcome: {
        summary: 'Ran out of time; gateway log showed code 54',
        changedData: false,
        exposedBeyondScope: false,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'expired',
      endKind: 'expired',
      durationSeconds: 900,
      outcome: { summary: 'Ran out of time; gateway log showed code 54' },
    });
    expect(await auditKinds(id)).toEqual([
      'grant.requested',
      'grant.approved',
      'grant.started',
      'grant.expired',
      'grant.outcome_recorded',
    ]);
    await sweepDueGrants(t.deps);
    expect((await auditKinds(id)).filter((k) => k === 'grant.expired')).toHaveLength(1);
  });

  it('has the sweeper record each expiry and lapse exactly once, however often it runs', async () => {
    const expiring = await activeGrant();
    const { body: approvedOnly } = await t.call('agent-bob', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${approvedOnly.id}/approve`, {});
    expect(await sweepDueGrants(t.deps)).toEqual({ expired: 0, lapsed: 0 });

    t.clock.advance(90);
    const results = await Promise.all([sweepDueGrants(t.deps), sweepDueGrants(t.deps), sweepDueGrants(t.deps)]);
    expect(results.reduce((n, r) => n + r.expired, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.lapsed, 0)).toBe(1);
    expect(await sweepDueGrants(t.deps)).toEqual({ expired: 0, lapsed: 0 });

    expect(await auditKinds(expiring)).toEqual(['grant.requested', 'grant.approved', 'grant.started', 'grant.expired']);
    expect(await auditKinds(approvedOnly.id)).toEqual(['grant.requested', 'grant.approved', 'grant.lapsed']);
    const row = await t.db.selectFrom('grants').selectAll().where('id', '=', expiring).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'expired', ended_by_id: 'system', ended_at: row.expires_at });
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify')).body.ok).toBe(true);
  });

  it.runIf(dialect === 'postgres')(
    'records each expiry once with two server processes sweeping one PostgreSQL',
    async () => {
      const ids: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        ids.push(await activeGrant(i % 2 ? 'agent-ann' : 'agent-bob', { ticketId: `5000${i}` }));
      }
      const later = new Date(Date.parse(t.clock.iso()) + 60 * 60_000).toISOString();
      const goFile = join(mkdtempSync(join(tmpdir(), 'ta-sweep-')), 'go');
      const args = ['--import', 'tsx', child, t.database.url, t.database.schema ?? '-', later, goFile];
      const sweepers = [0, 1].map(() => {
        const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        const ready = new Promise<void>((resolve) =>
          proc.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('ready')) resolve();
          }),
        );
        const done = new Promise<{ expired: number; seen: number }>((resolve, reject) =>
          proc.on('exit', (code) =>
            code === 0
              ? resolve(JSON.parse(out.split('\n').filter(Boolean).at(-1)!))
              : reject(new Error(`sweeper exited ${code}`)),
          ),
        );
        return { ready, done };
      });
      await Promise.all(sweepers.map((s) => s.ready));
      writeFileSync(goFile, 'go');
      const [a, b] = (await Promise.all(sweepers.map((s) => s.done))) as [
        { expired: number; seen: number },
        { expired: number; seen: number },
      ];
      expect(a.expired + b.expired).toBe(40);
      // They raced: both found due grants, and some grants were due for both at once.
      expect(a.seen).toBeGreaterThan(0);
      expect(b.seen).toBeGreaterThan(0);
      expect(a.seen + b.seen).toBeGreaterThan(40);

      const rows = await t.db
        .selectFrom('audit_events')
        .select(['grant_id', (eb) => eb.fn.countAll().as('n')])
        .where('kind', '=', 'grant.expired')
        .groupBy('grant_id')
        .execute();
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
      expect((await t.call('lead-lee', 'GET', '/v1/audit/verify')).body).toMatchObject({ ok: true });
    },
    60_000,
  );
});
