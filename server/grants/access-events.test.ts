import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import { seedDemo } from '../demo/seed.js';
import { REFUSED_REPORTS_PER_MINUTE } from '../http/refused-reports.js';
import { payloadSummary } from './access-events.service.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const view = { kind: 'view' as const, target: 'refund 9912', fields: ['refund_status'], recordCount: 1 };

describe.each(testDialects)('access events on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  async function grantIn(state: 'pending' | 'approved' | 'active' | 'ended') {
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    if (state !== 'pending') await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    if (state === 'active' || state === 'ended') await t.call('agent-ann', 'POST', `/v1/grants/${body.id}/start`);
    if (state === 'ended') {
      await t.call('agent-ann', 'POST', `/v1/grants/${body.id}/end`, {
        outcome: { summary: 'Done', changedData: false, exposedBeyondScope: false },
      });
    }
    return body.id as string;
  }

  const refusals = () => t.db.selectFrom('audit_events').selectAll().where('kind', '=', 'access.refused').execute();

  it('accepts batches on the requester’s active grant and counts records', async () => {
    const id = await grantIn('active');
    const batch = Array.from({ length: 100 }, (_, i) => ({ ...view, target: `refund ${9900 + i}`, recordCount: 2 }));
    const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, { events: batch });
    expect(res).toEqual({ status: 202, body: { accepted: 100, grantId: id } });
    const detail = await t.call('agent-ann', 'GET', `/v1/grants/${id}`);
    expect(detail.body).toMatchObject({ eventCount: 100, recordCount: 200 });
    expect(detail.body.accessEvents).toHaveLength(100);
    expect(detail.body.accessEvents[0]).toMatchObject({
      kind: 'view',
      target: 'refund 9900',
      fields: ['refund_status'],
      accepted: true,
      actorId: 'agent-ann',
    });
    // The whole batch is one audit row whose data lists every event.
    const audit = await t.db.selectFrom('audit_events').selectAll().where('kind', '=', 'access.recorded').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data).events).toHaveLength(100);
  });

  it.each(['pending', 'approved', 'ended'] as const)(
    'refuses events on a %s grant with 409, records the attempt and flags shadow access',
    async (state) => {
      const id = await grantIn(state);
      const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, { events: [view] });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'grant_not_active' });
      expect(res.body.error.message).toContain(`is ${state}`);
      const [refused] = await refusals();
      expect(refused).toMatchObject({ grant_id: id, actor_id: 'agent-ann' });
      // The events are kept as unaccepted access (below); the refusal row only counts and digests them.
      expect(JSON.parse(refused!.data)).toEqual({
        requestedGrantId: id,
        reason: `grant ${state}`,
        via: 'session',
        ...payloadSummary([view]),
      });
      const detail = await t.call('agent-ann', 'GET', `/v1/grants/${id}`);
      expect(detail.body.accessEvents).toMatchObject([{ target: 'refund 9912', accepted: false }]);
      expect(detail.body.eventCount).toBe(0);
      expect(detail.body.flags.map((f: { code: string }) => f.code)).toContain('shadow_access');
    },
  );

  it('refuses events on someone else’s grant (403) and on an unknown grant (404), recording both attempts', async () => {
    const id = await grantIn('active');
    const before = await t.counts();
    expect((await t.call('agent-bob', 'POST', `/v1/grants/${id}/events`, { events: [view] })).status).toBe(403);
    expect((await t.call('agent-bob', 'POST', '/v1/grants/gr_nope/events', { events: [view] })).status).toBe(404);
    const after = await t.counts();
    expect(after).toEqual({ ...before, audit_events: before.audit_events + 2 });
    expect((await refusals()).map((r) => JSON.parse(r.data).reason)).toEqual(['not the requester', 'unknown grant']);
  });

  it('answers a malformed batch with 400 naming the field, and writes nothing', async () => {
    const id = await grantIn('active');
    const before = await t.counts();
    for (const [body, path] of [
      [{ events: [] }, 'events'],
      [{ events: [{ kind: 'peek', target: 'x' }] }, 'events.0.kind'],
      [{ events: [{ kind: 'view', target: '' }] }, 'events.0.target'],
      [{ events: [{ kind: 'view', target: 'x', recordCount: -1 }] }, 'events.0.recordCount'],
    ] as const) {
      const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.issues[0].path).toBe(path);
    }
    expect(await t.counts()).toEqual(before);
  });

  // Issue 10: every string an accepted batch can carry has a length cap.
  it.each<[string, Record<string, unknown>]>([
    ['id', { id: 'e'.repeat(65) }],
    ['target', { target: 't'.repeat(501) }],
    ['fields.0', { fields: ['f'.repeat(201)] }],
    ['queryName', { queryName: 'q'.repeat(201) }],
    ['maskedFields.0', { maskedFields: ['m'.repeat(201)] }],
    ['customerId', { customerId: `1${'8'.repeat(128)}` }],
    ['occurredAt', { occurredAt: `2026-11-23T10:00:00.${'0'.repeat(10_000)}Z` }],
  ])('refuses an over-long %s with 400 naming it, writing nothing', async (field, overrides) => {
    const id = await grantIn('active');
    const before = await t.counts();
    const events = [view, { ...view, ...overrides }];
    const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, { events });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual([`events.1.${field}`]);
    expect(await t.counts()).toEqual(before);
  });

  it('keeps a bounded record of a refused report: who, which grant id, how many events, size, digest', async () => {
    // 90 events of about 10 KB each, just under the edge's 1 MB body limit: 0.9 MB refused.
    const fields = Array.from({ length: 50 }, (_, i) => `${'f'.repeat(195)}${String(i).padStart(5, '0')}`);
    const target = (i: number) => `refund ${i} ${'t'.repeat(480)}`;
    const events = Array.from({ length: 90 }, (_, i) => ({ kind: 'view', target: target(i), fields }));
    const before = await t.counts();
    const res = await t.call('agent-bob', 'POST', '/v1/grants/gr_does_not_exist/events', { events });
    expect(res.status).toBe(404);
    expect(await t.counts()).toEqual({ ...before, audit_events: before.audit_events + 1 });
    const [row] = await refusals();
    expect(row).toMatchObject({ actor_id: 'agent-bob', grant_id: null });
    const json = canonicalJson(events);
    expect(Buffer.byteLength(json)).toBeGreaterThan(900_000);
    expect(JSON.parse(row!.data)).toEqual({
      requestedGrantId: 'gr_does_not_exist',
      reason: 'unknown grant',
      via: 'session',
      eventCount: 90,
      payloadBytes: Buffer.byteLength(json),
      payloadSha256: createHash('sha256').update(json).digest('hex'),
    });
    expect(Buffer.byteLength(JSON.stringify(row))).toBeLessThan(1_000);
  });

  it(`answers refusal ${REFUSED_REPORTS_PER_MINUTE + 1} in a minute: 429, Retry-After, nothing written`, async () => {
    const own = await grantIn('ended');
    for (let i = 0; i < REFUSED_REPORTS_PER_MINUTE; i += 1) {
      const res = await t.call('agent-ann', 'POST', `/v1/grants/gr_nope_${i}/events`, { events: [view] });
      expect(res.status).toBe(404);
    }
    const before = await t.counts();
    for (const path of ['/v1/grants/gr_nope/events', `/v1/grants/${own}/events`]) {
      const res = await t.app.request(path, {
        method: 'POST',
        body: JSON.stringify({ events: [view] }),
        headers: { 'x-dev-user': 'agent-ann', 'content-type': 'application/json' },
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('60');
      expect((await res.json()).error.code).toBe('too_many_refused_reports');
    }
    // Nothing: no refusal row, no shadow events, no flag.
    expect(await t.counts()).toEqual(before);
    expect((await t.call('agent-ann', 'GET', `/v1/grants/${own}`)).body.flags).toEqual([]);
    // Accepted reports are never limited; other users are not held back; the window passes.
    const active = await grantIn('active');
    expect((await t.call('agent-ann', 'POST', `/v1/grants/${active}/events`, { events: [view] })).status).toBe(202);
    expect((await t.call('agent-bob', 'POST', '/v1/grants/gr_nope/events', { events: [view] })).status).toBe(404);
    t.clock.advance(1);
    expect((await t.call('agent-ann', 'POST', '/v1/grants/gr_nope/events', { events: [view] })).status).toBe(404);
  });

  it('keeps tenants apart: a grant of one tenant is invisible from another', async () => {
    await seedDemo(t.db, 'acme', t.clock.iso());
    const id = await grantIn('active');
    const before = await t.counts();
    expect((await t.call('lead-lee@acme', 'GET', `/v1/grants/${id}`)).status).toBe(404);
    expect((await t.call('lead-lee@acme', 'POST', `/v1/grants/${id}/revoke`, { reason: 'x' })).status).toBe(404);
    expect((await t.call('lead-lee@acme', 'GET', '/v1/tickets/48271/grants')).body.sessions).toEqual([]);
    expect((await t.call('lead-lee@acme', 'GET', '/v1/customers/1842/access')).body.sessions).toEqual([]);
    expect((await t.call('agent-ann@acme', 'GET', '/v1/tickets/48271/close-check')).body.canClose).toBe(true);
    const events = await t.call('agent-ann@acme', 'POST', `/v1/grants/${id}/events`, { events: [view] });
    expect(events.status).toBe(404);
    expect((await t.counts()).access_events).toBe(before.access_events);
  });
});
