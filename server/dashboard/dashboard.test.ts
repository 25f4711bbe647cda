import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, recordSession, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { CompiledQuery, sql } from 'kysely';
import { openCountsQuery } from './dashboard.repository.js';
import { periodDays } from './dashboard.service.js';

describe('periodDays', () => {
  it('lists the 30 UTC days ending today, oldest first', () => {
    const days = periodDays(new Date('2026-11-23T10:00:00Z'));
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-10-25');
    expect(days[29]).toBe('2026-11-23');
  });
});

describe.each(testDialects)('GET /v1/dashboard on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('counts open sessions, requests waiting for the approver, reviews waiting and the last 30 days', async () => {
    // Closed history: a plain session on Thursday, a write session (flagged) on Friday.
    t.clock.set('2026-11-19T10:00:00.000Z');
    await recordSession(t, 'agent-ann', { ticketId: '48302', customerId: '2207' });
    t.clock.set('2026-11-20T10:00:00.000Z');
    const write = await recordSession(t, 'agent-bob', { access: 'write', writeNeed: 'Re-queue refund 9912' });
    // Now: one pending, one approved, one active, one emergency (active, flagged, not reviewable yet).
    t.clock.set('2026-11-23T09:30:00.000Z');
    await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const approved = (await t.call('agent-bob', 'POST', '/v1/grants', seedRequest({ ticketId: '48315' }))).body.id;
    await t.call('lead-lee', 'POST', `/v1/grants/${approved}/approve`, {});
    await recordSession(t, 'agent-bob', { ticketId: '48302', customerId: '2207' }, false);
    const emergency = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ ticketId: '48400', emergency: { justification: 'Payments outage, customer blocked' } }),
    );
    expect(emergency.body).toMatchObject({ status: 'active' });
    t.clock.set('2026-11-23T09:50:00.000Z');

    const { status, body } = await t.call('lead-lee', 'GET', '/v1/dashboard');
    expect(status).toBe(200);
    expect(body.open).toEqual({ active: 2, approved: 1, pending: 1 });
    expect(body.waitingForMe).toBe(1);
    expect(body.reviews.waiting).toBe(1);
    expect(body.reviews.oldest).toMatchObject({ grantId: write });
    expect(body.reviews.oldest.waitingHours).toBeGreaterThan(71);
    expect(body.sessionsPerDay).toHaveLength(30);
    const day = (d: string) => body.sessionsPerDay.find((x: { day: string }) => x.day === d)?.sessions;
    expect([day('2026-11-19'), day('2026-11-20'), day('2026-11-21'), day('2026-11-23')]).toEqual([1, 1, 0, 4]);
    expect(body.flagsPerKind).toMatchObject({ write_access: 1, emergency: 1 });
    expect(body.emergency).toBe(1);

    // A verdict takes the session out of "waiting"; the approver's own request is not "for me".
    await t.call('lead-lee', 'POST', `/v1/reviews/${write}`, { verdict: 'ok', note: 'Matches the ticket' });
    await t.call('lead-lee', 'POST', '/v1/grants', seedRequest({ ticketId: '48401' }));
    const after = (await t.call('lead-lee', 'GET', '/v1/dashboard')).body;
    expect(after.reviews).toEqual({ waiting: 0, oldest: null });
    expect(after.open.pending).toBe(2);
    expect(after.waitingForMe).toBe(1);
  });

  it('counts what is open from the index alone', async () => {
    const q = openCountsQuery(t.db, 'demo', '2026-11-23T10:00:00.000Z').compile();
    if (dialect === 'sqlite') {
      const plan = await t.db.executeQuery(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]));
      expect(JSON.stringify(plan.rows)).toContain('COVERING INDEX grants_open_counts_idx');
      return;
    }
    // PostgreSQL prefers a sequential scan on a table this small: asked without one, it shows the index fits.
    const text = await t.db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      try {
        return JSON.stringify((await conn.executeQuery(CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]))).rows);
      } finally {
        await sql`reset enable_seqscan`.execute(conn);
      }
    });
    expect(text).toContain('Index Only Scan using grants_open_counts_idx');
  });

  it('is for leads and admins only', async () => {
    expect((await t.call('agent-ann', 'GET', '/v1/dashboard')).status).toBe(403);
    expect((await t.call('admin-ada', 'GET', '/v1/dashboard')).status).toBe(200);
  });
});
