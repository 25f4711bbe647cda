import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxRow } from '../db/database.js';
import { eventually, httpReceiver } from '../test/notify-receivers.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { backoffAfter, defaultDeliveryOptions, deliverDue, type Senders } from './worker.js';

const child = fileURLToPath(new URL('../test/deliver-child.ts', import.meta.url));

describe.each(testDialects)('the outbox (%s)', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(() => t.close());

  const rows = () => t.db.selectFrom('outbox').selectAll().orderBy('id').execute();

  it('is written in the transaction of the event: a refused request queues nothing', async () => {
    const refused = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ reason: 'Troubleshooting' }));
    expect(refused.status).toBe(400);
    expect(await rows()).toHaveLength(0);
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const queued = await rows();
    expect(queued.map((r) => [r.topic, r.channel, r.grant_id, r.state])).toEqual([
      ['grant.requested', 'email', body.id, 'pending'],
      ['grant.requested', 'slack', body.id, 'pending'],
    ]);
    const event = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('kind', '=', 'grant.requested')
      .executeTakeFirstOrThrow();
    expect(queued[0]!.audit_event_id).toBe(event.id);
  });

  it('retries with exponential backoff, dead-letters after N attempts, and shows it through the API', async () => {
    await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const attempts: number[] = [];
    const failing: Senders = {
      email: async (row: OutboxRow) => {
        attempts.push(row.attempts);
        throw new Error('SMTP 451 try later');
      },
      slack: async () => ({ state: 'skipped', why: 'no Slack webhook configured for this tenant' }),
      ticket_note: async () => ({ state: 'delivered' }),
    };
    const options = { ...defaultDeliveryOptions, maxAttempts: 3, owner: 'w1' };
    expect(await deliverDue(t.deps, failing, options)).toEqual({ delivered: 0, skipped: 1, retrying: 1, dead: 0 });
    // Not due again before the backoff has passed.
    t.clock.advance(0.4);
    expect((await deliverDue(t.deps, failing, options)).retrying).toBe(0);
    t.clock.advance(backoffAfter(1, options) / 60_000);
    expect((await deliverDue(t.deps, failing, options)).retrying).toBe(1);
    const [email] = await rows();
    expect(email!.next_attempt_at).toBe(new Date(t.deps.now().getTime() + backoffAfter(2, options)).toISOString());
    expect(backoffAfter(2, options)).toBe(2 * backoffAfter(1, options));
    t.clock.advance(backoffAfter(2, options) / 60_000);
    expect((await deliverDue(t.deps, failing, options)).dead).toBe(1);
    expect(attempts).toEqual([1, 2, 3]);

    const dead = await t.call('admin-ada', 'GET', '/v1/deliveries?state=dead');
    expect(dead.status).toBe(200);
    expect(dead.body.deliveries).toEqual([
      expect.objectContaining({
        channel: 'email',
        topic: 'grant.requested',
        state: 'dead',
        attempts: 3,
        lastError: 'SMTP 451 try later',
      }),
    ]);
    expect((await t.call('agent-ann', 'GET', '/v1/deliveries')).status).toBe(403);
    const grantId = dead.body.deliveries[0].grantId;
    const perGrant = await t.call('lead-lee', 'GET', `/v1/deliveries?grantId=${grantId}`);
    expect(perGrant.body.deliveries.map((d: { channel: string; state: string }) => `${d.channel}:${d.state}`)).toEqual([
      'slack:skipped',
      'email:dead',
    ]);

    // An admin puts it back once the channel works; then it is delivered.
    const id = dead.body.deliveries[0].id;
    expect((await t.call('lead-lee', 'POST', `/v1/deliveries/${id}/retry`)).status).toBe(403);
    expect((await t.call('admin-ada', 'POST', `/v1/deliveries/${id}/retry`)).status).toBe(200);
    expect((await t.call('admin-ada', 'POST', `/v1/deliveries/${id}/retry`)).body.error.code).toBe('delivery_not_dead');
    const working: Senders = { ...failing, email: async () => ({ state: 'delivered' }) };
    expect((await deliverDue(t.deps, working, options)).delivered).toBe(1);
    expect((await t.call('admin-ada', 'GET', `/v1/deliveries?state=delivered`)).body.deliveries).toHaveLength(1);
  });

  it('loses nothing when the worker is killed -9 mid-delivery: a new worker delivers after the lease', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const hang = new Promise<void>((resolve) => (release = resolve));
    // The first call gets no answer: the child is killed while it waits for one.
    const slack = await httpReceiver(async () => {
      calls += 1;
      if (calls === 1) await hang;
      return { status: 200 };
    });
    try {
      await t.call('admin-ada', 'PUT', '/v1/deliveries/channels', {
        slack: { webhookUrl: `${slack.url}/services/T/B/X` },
        sinks: [],
      });
      const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
      const now = t.clock.iso();
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', child, t.database.url, t.database.schema ?? '-', now, 'doomed', '-'],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await eventually(() => calls >= 1, 20_000);
      proc.kill('SIGKILL');
      await new Promise((resolve) => proc.once('exit', resolve));
      release();
      const [, slackRow] = await rows();
      expect(slackRow).toMatchObject({ channel: 'slack', state: 'pending', lease_owner: 'doomed', attempts: 1 });

      // Another instance: nothing happens while the dead worker's lease holds, then it delivers.
      const { createSenders } = await import('./senders.js');
      const senders = createSenders(t.deps, {
        publicUrl: 'https://ta.example.com',
        smtpUrl: null,
        mailFrom: 'x@example.com',
      });
      const options = { ...defaultDeliveryOptions, owner: 'survivor' };
      expect((await deliverDue(t.deps, senders, options)).delivered).toBe(0);
      t.clock.advance(defaultDeliveryOptions.leaseMs / 60_000 + 0.1);
      expect((await deliverDue(t.deps, senders, options)).delivered).toBe(1);
      senders.close();
      const after = await rows();
      expect(after.find((r) => r.channel === 'slack')).toMatchObject({
        state: 'delivered',
        attempts: 2,
        lease_owner: null,
      });
      // The receiver saw the event at least once (twice here: the killed attempt's and the retry).
      const seen = slack.requests.filter((r) => r.body.includes(body.id));
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(after.filter((r) => r.channel === 'slack')).toHaveLength(1);
    } finally {
      release();
      await slack.close();
    }
  }, 60_000);

  it.runIf(dialect === 'postgres')(
    'two instances on one PostgreSQL deliver each event exactly once',
    async () => {
      const slack = await httpReceiver(() => ({ status: 200 }));
      const goFile = join(tmpdir(), `ta-go-${Date.now()}`);
      try {
        await t.call('admin-ada', 'PUT', '/v1/deliveries/channels', {
          slack: { webhookUrl: `${slack.url}/hook` },
          sinks: [],
        });
        const ids: string[] = [];
        for (let i = 0; i < 24; i++) {
          const { body } = await t.call(
            i % 2 ? 'agent-bob' : 'agent-ann',
            'POST',
            '/v1/grants',
            seedRequest({ ticketId: String(50_000 + i) }),
          );
          ids.push(body.id);
        }
        const now = t.clock.iso();
        const run = (owner: string) =>
          new Promise<{ delivered: number; skipped: number }>((resolve, reject) => {
            const proc = spawn(
              process.execPath,
              ['--import', 'tsx', child, t.database.url, t.database.schema!, now, owner, goFile],
              {
                stdio: ['ignore', 'pipe', 'inherit'],
              },
            );
            let out = '';
            proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
            proc.once('exit', (code) =>
              code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`exit ${code}`)),
            );
          });
        const both = Promise.all([run('a'), run('b')]);
        await new Promise((r) => setTimeout(r, 1500));
        writeFileSync(goFile, 'go');
        const [a, b] = await both;
        expect(a.delivered + b.delivered).toBe(24);
        expect(a.skipped + b.skipped).toBe(24); // email: no SMTP in the children
        for (const id of ids) expect(slack.requests.filter((r) => r.body.includes(id))).toHaveLength(1);
        const states = await rows();
        expect(states.every((r) => r.attempts === 1 && r.state !== 'pending')).toBe(true);
      } finally {
        rmSync(goFile, { force: true });
        await slack.close();
      }
    },
    60_000,
  );
});
