import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const MORE = { minutes: 15, reason: 'The gateway log export for refund 9912 is still running' };
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe.each(testDialects)('extending an active grant on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  async function settle(change: Record<string, unknown>) {
    const current = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const res = await t.call('admin-ada', 'PUT', '/v1/settings', { ...current, ...change });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  async function activeGrant(overrides: Record<string, unknown> = {}) {
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest(overrides));
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    const started = await t.call('agent-ann', 'POST', `/v1/grants/${body.id}/start`);
    expect(started.body.status).toBe('active');
    return { id: body.id as string, expiresAt: started.body.expiresAt as string };
  }

  const timelineKinds = async (id: string) =>
    ((await t.call('lead-lee', 'GET', `/v1/grants/${id}`)).body.timeline as Array<{ kind: string }>).map((e) => e.kind);

  it('only the requester may extend (403), only an active grant (409), and nothing is written', async () => {
    const { id } = await activeGrant();
    const before = await t.counts();
    const notYours = await t.call('agent-bob', 'POST', `/v1/grants/${id}/extend`, MORE);
    expect(notYours.status).toBe(403);
    expect(notYours.body.error.message).toMatch(/Only the requester \(agent-ann\) can extend/);

    const pending = (
      await t.call('agent-bob', 'POST', '/v1/grants', seedRequest({ ticketId: '48302', customerId: '2207' }))
    ).body.id;
    const notActive = await t.call('agent-bob', 'POST', `/v1/grants/${pending}/extend`, MORE);
    expect(notActive.status).toBe(409);
    expect(notActive.body.error.code).toBe('grant_pending');

    t.clock.advance(31);
    const expired = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, MORE);
    expect(expired.status).toBe(409);
    expect(expired.body.error.code).toBe('grant_expired');
    expect((await t.counts()).audit_events).toBe(before.audit_events + 1); // bob's request only
  });

  it('refuses more than the maximum total with 400 naming minutes, writing nothing', async () => {
    const { id } = await activeGrant();
    const before = await t.counts();
    const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, { ...MORE, minutes: 211 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_input', issues: [{ path: 'minutes' }] });
    expect(res.body.error.message).toMatch(/above the maximum of 240.*at most 210 more/);
    const missing = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, { minutes: 10 });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0].path).toBe('reason');
    expect(await t.counts()).toEqual(before);
  });

  it('applies a self-extension within the admin’s limit at once, audited and on the timeline', async () => {
    await settle({ selfExtendMaxMinutes: 15 });
    const { id, expiresAt } = await activeGrant();
    t.clock.advance(20);
    const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, MORE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'active',
      expiresAt: plus(expiresAt, 15),
      extendedMinutes: 15,
      pendingExtension: null,
      extensions: [{ minutes: 15, reason: MORE.reason, outcome: 'self', by: { id: 'agent-ann', name: 'Ann Agent' } }],
    });
    expect(await timelineKinds(id)).toContain('grant.extended');
    // Still active past the original expiry, and the trail verifies.
    t.clock.advance(15);
    expect((await t.call('agent-ann', 'GET', `/v1/grants/${id}`)).body.status).toBe('active');
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify')).body.ok).toBe(true);
  });

  it('otherwise waits for an approver: pending, one at a time, never approved by the requester', async () => {
    await settle({ selfExtendMaxMinutes: 10 });
    const { id, expiresAt } = await activeGrant();
    const asked = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, MORE);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ expiresAt, extendedMinutes: 0, pendingExtension: { minutes: 15 } });

    const again = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, { ...MORE, minutes: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('extension_pending');
    const own = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extension/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/your own extension/);
    expect((await t.call('agent-bob', 'POST', `/v1/grants/${id}/extension/approve`, {})).status).toBe(403);

    // The ticket's history shows it waiting, for the approver's panel.
    const listed = (await t.call('lead-lee', 'GET', '/v1/tickets/48271/grants')).body.sessions[0];
    expect(listed.pendingExtension).toMatchObject({ minutes: 15, reason: MORE.reason });

    t.clock.advance(2);
    const approved = await t.call('lead-lee', 'POST', `/v1/grants/${id}/extension/approve`, { note: 'fine' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      expiresAt: plus(expiresAt, 15),
      pendingExtension: null,
      extensions: [{ outcome: 'approved', by: { id: 'lead-lee', name: 'Lee Lead' }, note: 'fine' }],
    });
    const none = await t.call('lead-lee', 'POST', `/v1/grants/${id}/extension/approve`, {});
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('no_extension_pending');
    expect(await timelineKinds(id)).toEqual(expect.arrayContaining(['grant.extension_requested', 'grant.extended']));
  });

  it('a denied extension keeps the expiry and says who denied it and why', async () => {
    const { id, expiresAt } = await activeGrant();
    await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, MORE);
    expect((await t.call('lead-lee', 'POST', `/v1/grants/${id}/extension/deny`, {})).status).toBe(400);
    const denied = await t.call('lead-lee', 'POST', `/v1/grants/${id}/extension/deny`, { note: 'Wrap up now' });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({
      expiresAt,
      extendedMinutes: 0,
      pendingExtension: null,
      extensions: [{ outcome: 'denied', by: { name: 'Lee Lead' }, note: 'Wrap up now' }],
    });
    expect(await timelineKinds(id)).toContain('grant.extension_denied');
  });

  it('a pending extension lapses with the grant: nothing left to approve once it expired', async () => {
    const { id } = await activeGrant();
    await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, MORE);
    t.clock.advance(31);
    const view = (await t.call('lead-lee', 'GET', `/v1/grants/${id}`)).body;
    expect(view).toMatchObject({ status: 'expired', pendingExtension: null });
    const late = await t.call('lead-lee', 'POST', `/v1/grants/${id}/extension/approve`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('grant_expired');
  });

  it('flags the session when extensions take it past the long-session threshold', async () => {
    await settle({ selfExtendMaxMinutes: 120 });
    const { id } = await activeGrant({ durationMinutes: 60 });
    const first = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, { ...MORE, minutes: 60 });
    expect(first.body.flags).toEqual([]); // 120 is the threshold itself, not past it
    const second = await t.call('agent-ann', 'POST', `/v1/grants/${id}/extend`, { ...MORE, minutes: 30 });
    expect(second.body.flags).toEqual([
      expect.objectContaining({
        code: 'long_session',
        reason: 'Extended to 150 minutes in total; the threshold is 120',
      }),
    ]);
    const history = (await t.call('lead-lee', 'GET', '/v1/tickets/48271/grants')).body.sessions[0];
    expect(history).toMatchObject({ extendedMinutes: 90, extensions: [{ minutes: 60 }, { minutes: 30 }] });
  });

  it('keeps selfExtendMaxMinutes within the maximum, and a PUT that leaves it out keeps it', async () => {
    const current = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    expect(current).toMatchObject({
      selfExtendMaxMinutes: 0,
      ticketCustomerField: { source: 'organization_external_id' },
    });
    const bad = await t.call('admin-ada', 'PUT', '/v1/settings', { ...current, selfExtendMaxMinutes: 500 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('selfExtendMaxMinutes');
    const noField = await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...current,
      ticketCustomerField: { source: 'custom_field', customFieldId: null },
    });
    expect(noField.status).toBe(400);
    expect(noField.body.error.issues[0].path).toBe('ticketCustomerField.customFieldId');
    await settle({ selfExtendMaxMinutes: 20, ticketCustomerField: { source: 'custom_field', customFieldId: 360001 } });
    const { selfExtendMaxMinutes: _s, ticketCustomerField: _f, ...older } = current;
    expect((await t.call('admin-ada', 'PUT', '/v1/settings', { ...older, retentionDays: 400 })).status).toBe(200);
    expect((await t.call('agent-ann', 'GET', '/v1/settings')).body).toMatchObject({
      selfExtendMaxMinutes: 20,
      ticketCustomerField: { source: 'custom_field', customFieldId: 360001 },
      retentionDays: 400,
    });
  });
});

describe.each(testDialects)('the customer in scope and the ticket’s customer on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('flags customer_mismatch when the agent picks another customer than the ticket’s, for the approver to see', async () => {
    const other = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ customerId: '2207', ticketCustomerId: '1842' }),
    );
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect(other.body.flags).toEqual([
      expect.objectContaining({
        code: 'customer_mismatch',
        reason: 'Customer 2207 was requested, but ticket 48271 belongs to customer 1842',
      }),
    ]);
    const same = await t.call('agent-bob', 'POST', '/v1/grants', seedRequest({ ticketCustomerId: '1842' }));
    expect(same.body.flags).toEqual([]);
  });

  it('flags nothing when the host did not say whose ticket it is (an API caller, a ticket with no customer)', async () => {
    const res = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ customerId: '2207' }));
    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual([]);
    const audit = await t.db.selectFrom('audit_events').select('data').where('kind', '=', 'grant.requested').execute();
    expect(JSON.parse(audit[0]!.data).ticketCustomerId).toBeNull();
  });
});
