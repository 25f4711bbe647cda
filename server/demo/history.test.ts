import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { seedDemoHistory } from './history.js';

const ANCHOR = new Date('2026-11-23T10:00:00.000Z');

async function rows(t: TestContext) {
  const grants = await t.db.selectFrom('grants').selectAll().orderBy('id').execute();
  const audit = await t.db
    .selectFrom('audit_events')
    .select(['seq', 'kind', 'occurred_at', 'actor_id', 'grant_id', 'data', 'hash'])
    .orderBy('seq')
    .execute();
  const events = await t.db
    .selectFrom('access_events')
    .select(['grant_id', 'kind', 'target', 'record_count', 'occurred_at'])
    .orderBy('id')
    .execute();
  const reviews = await t.db.selectFrom('reviews').selectAll().orderBy('grant_id').execute();
  return { grants, audit, events, reviews };
}

describe.each(testDialects)('the demo history on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect, ANCHOR.toISOString());
  });
  afterEach(async () => {
    await t.close();
  });

  it('writes 30 days of every kind of session through the services; the chain verifies; once only', {
    timeout: 120_000,
  }, async () => {
    const summary = await seedDemoHistory(t.deps, ANCHOR);
    expect(summary?.sessions).toBeGreaterThanOrEqual(150);
    const { grants, reviews } = await rows(t);
    expect(grants.length).toBe(summary?.sessions);
    const statuses = new Set(grants.map((g) => g.status));
    for (const s of ['ended', 'expired', 'revoked', 'denied', 'cancelled', 'lapsed', 'pending', 'approved', 'active'])
      expect(statuses, s).toContain(s);
    const flags = new Set(grants.flatMap((g) => (JSON.parse(g.flags) as { code: string }[]).map((f) => f.code)));
    for (const f of ['after_hours', 'emergency', 'write_access', 'long_session', 'broad_access', 'vague_reason'])
      expect(flags, f).toContain(f);
    expect(new Set(grants.map((g) => g.requester_id)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(grants.map((g) => g.customer_id)).size).toBeGreaterThanOrEqual(5);
    const oldest = grants.map((g) => g.requested_at).sort()[0] as string;
    expect(Date.parse(oldest)).toBeLessThan(ANCHOR.getTime() - 28 * 86_400_000);
    expect(grants.every((g) => g.requested_at < ANCHOR.toISOString())).toBe(true);
    // Flagged sessions both reviewed and waiting.
    expect(reviews.length).toBeGreaterThan(10);
    const waiting = (await t.call('lead-lee', 'GET', '/v1/dashboard')).body;
    expect(waiting.reviews.waiting).toBeGreaterThan(3);
    expect(waiting.open).toEqual({ active: 2, approved: 1, pending: 2 });

    const verify = await t.call('lead-lee', 'GET', '/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
    expect(verify.body.checked).toBeGreaterThan(summary!.sessions * 3);
    expect(await seedDemoHistory(t.deps, ANCHOR)).toBeNull();
  });

  it('is deterministic: two seeds from the same moment write the same rows and the same chain', {
    timeout: 120_000,
  }, async () => {
    const other = await createTestContext(dialect, ANCHOR.toISOString());
    try {
      await seedDemoHistory(t.deps, ANCHOR);
      await seedDemoHistory(other.deps, ANCHOR);
      const [a, b] = [await rows(t), await rows(other)];
      expect(b.grants).toEqual(a.grants);
      expect(b.events).toEqual(a.events);
      expect(b.reviews).toEqual(a.reviews);
      expect(b.audit.map((r) => r.hash)).toEqual(a.audit.map((r) => r.hash));
    } finally {
      await other.close();
    }
  });
});
