import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const outcome = {
  summary: 'Gateway returned decline code 54; refund never left us',
  changedData: false,
  exposedBeyondScope: false,
};

describe.each(testDialects)('grant lifecycle on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  async function requestApproveStart(overrides: Record<string, unknown> = {}, user = 'agent-ann') {
    const created = await t.call(user, 'POST', '/v1/grants', seedRequest(overrides));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await t.call('lead-lee', 'POST', `/v1/grants/${id}/approve`, { note: 'ok' })).status).toBe(200);
    expect((await t.call(user, 'POST', `/v1/grants/${id}/start`)).status).toBe(200);
    return id;
  }

  it('records the seed scenario end to end: one session answering who, approver, ticket, what and when', async () => {
    const created = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'pending',
      ticket: { id: '48271' },
      customerId: '1842',
      access: 'read',
      durationMinutes: 30,
      maskedDataChecked: true,
    });
    const id = created.body.id;

    const approved = await t.call('lead-lee', 'POST', `/v1/grants/${id}/approve`, { note: 'Go ahead, read only' });
    expect(approved.body).toMatchObject({
      status: 'approved',
      decision: { outcome: 'approved', by: { id: 'lead-lee', name: 'Lee Lead' }, note: 'Go ahead, read only' },
    });

    t.clock.advance(1);
    const started = await t.call('agent-ann', 'POST', `/v1/grants/${id}/start`);
    expect(started.body.status).toBe('active');
    expect(started.body.expiresAt).toBe(new Date(Date.parse(started.body.startedAt) + 30 * 60_000).toISOString());

    const fields = [
      'refund_status',
      'gateway_response_code',
      'gateway_response_message',
      'updated_at',
      'account_status',
    ];
    const events = await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, {
      events: [
        { kind: 'view', target: 'refund 9912', fields: fields.slice(0, 4), recordCount: 1 },
        { kind: 'view', target: 'account 1842', fields: ['account_status'], recordCount: 1 },
      ],
    });
    expect(events).toEqual({ status: 202, body: { accepted: 2, grantId: id } });

    t.clock.advance(4);
    const ended = await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, {
      outcome: { ...outcome, followUps: 'Ask payments to re-run refund 9912' },
    });
    expect(ended.body).toMatchObject({
      status: 'ended',
      endKind: 'ended',
      endedBy: 'agent-ann',
      durationSeconds: 240,
      open: false,
    });

    const history = await t.call('lead-lee', 'GET', '/v1/tickets/48271/grants');
    expect(history.status).toBe(200);
    expect(history.body.sessions).toHaveLength(1);
    const [session] = history.body.sessions;
    // who opened the data, who approved it, which ticket, what was viewed, when it started and ended
    expect(session.requester).toEqual({ id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com' });
    expect(session.decision.by.id).toBe('lead-lee');
    expect(session.ticket).toEqual({ id: '48271', url: '/demo/tickets/48271' });
    expect(session.viewed.flatMap((e: { fields: string[] }) => e.fields)).toEqual(fields);
    expect(session.startedAt).toBe('2026-11-23T10:01:00.000Z');
    expect(session.endedAt).toBe('2026-11-23T10:05:00.000Z');
    expect(session.durationSeconds).toBe(240);
    expect(session.outcome).toMatchObject({
      summary: outcome.summary,
      changedData: false,
      followUps: 'Ask payments to re-run refund 9912',
    });
    expect(session.flags).toEqual([]);

    const detail = await t.call('agent-ann', 'GET', `/v1/grants/${id}`);
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'grant.requested',
      'grant.approved',
      'grant.started',
      'access.recorded',
      'grant.ended',
    ]);
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify')).body).toMatchObject({ ok: true, checked: 5 });
  });

  it('refuses a vague reason with reason_too_vague, saying what to add, and writes nothing', async () => {
    const before = await t.counts();
    for (const reason of ['Troubleshooting', 'checking data', 'urgent issue', 'debugging', 'support review']) {
      const res = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ reason }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('reason_too_vague');
      expect(res.body.error.message).toMatch(
        /what is wrong or what you will check, and in what — for example: .*customer 1842.*billing-db/,
      );
    }
    expect(await t.counts()).toEqual(before);
  });

  it('flags a vague-but-accepted reason for review', async () => {
    const res = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ reason: 'Billing keeps failing for this customer since last week' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.reasonVague).toBe(true);
    expect(res.body.flags.map((f: { code: string }) => f.code)).toEqual(['vague_reason']);
  });

  it('answers bad input with a 400 naming the field, and writes nothing', async () => {
    const before = await t.counts();
    const cases: Array<[unknown, RegExp]> = [
      [seedRequest({ durationMinutes: 480 }), /durationMinutes: 480 minutes is above the maximum of 240/],
      [seedRequest({ durationMinutes: 45 }), /not one of the allowed durations \(15, 30, 60, 120, 240/],
      [seedRequest({ systems: ['prod-root-shell'] }), /systems: prod-root-shell not in the allowed list/],
      [seedRequest({ access: 'write' }), /writeNeed: write access needs a stated need/],
      [seedRequest({ access: 'admin' }), /access/],
      [seedRequest({ ticketId: '' }), /ticketId/],
      [seedRequest({ customerId: 'x y' }), /customerId/],
      [seedRequest({ systems: [] }), /systems: name at least one system/],
      ['{"ticketId": ', /JSON/i],
    ];
    for (const [body, message] of cases) {
      const res = await t.call('agent-ann', 'POST', '/v1/grants', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message).toMatch(message);
    }
    expect(await t.counts()).toEqual(before);
  });

  it('defaults to read access and the admin default duration', async () => {
    const { ticketId, reason, customerId, systems } = seedRequest();
    const res = await t.call('agent-ann', 'POST', '/v1/grants', { ticketId, reason, customerId, systems });
    expect(res.body).toMatchObject({ access: 'read', durationMinutes: 30, maskedDataChecked: null });
  });

  it('lets write access through only with a stated need, and always flags it', async () => {
    const res = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ access: 'write', writeNeed: 'Reset the stuck refund 9912 to retry state' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.writeNeed).toBe('Reset the stuck refund 9912 to retry state');
    expect(res.body.flags[0]).toMatchObject({ code: 'write_access' });
  });

  it('allows one open grant per agent, ticket and customer (409), but a new session after the last ends', async () => {
    const id = await requestApproveStart();
    const again = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'grant_already_open' });
    expect(again.body.error.message).toContain(id);
    // Another agent, or another customer, is a different case.
    expect((await t.call('agent-bob', 'POST', '/v1/grants', seedRequest())).status).toBe(201);
    expect((await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ customerId: '2207' }))).status).toBe(201);

    await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, { outcome });
    const second = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(id);
    const sessions = (await t.call('lead-lee', 'GET', '/v1/tickets/48271/grants')).body.sessions;
    expect(
      sessions.filter(
        (s: { requester: { id: string }; customerId: string }) =>
          s.requester.id === 'agent-ann' && s.customerId === '1842',
      ),
    ).toHaveLength(2);
  });

  it('never lets a requester approve their own request, and only approvers approve', async () => {
    const lee = await t.call('lead-lee', 'POST', '/v1/grants', seedRequest());
    const own = await t.call('lead-lee', 'POST', `/v1/grants/${lee.body.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/own request/);

    const ann = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const before = await t.counts();
    const bob = await t.call('agent-bob', 'POST', `/v1/grants/${ann.body.id}/approve`, {});
    expect(bob.status).toBe(403);
    expect(bob.body.error.message).toMatch(/not an approver.*lead-lee/);
    // admin-ada is only on the after-hours rota: not an approver at 10:00 on a Monday
    expect((await t.call('admin-ada', 'POST', `/v1/grants/${ann.body.id}/approve`, {})).status).toBe(403);
    expect(await t.counts()).toEqual(before);
  });

  it('lets the after-hours rota approve outside business hours only', async () => {
    t.clock.set('2026-11-23T21:30:00.000Z'); // Monday evening
    const ann = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const res = await t.call('admin-ada', 'POST', `/v1/grants/${ann.body.id}/approve`, { note: 'on call' });
    expect(res.status).toBe(200);
    expect(res.body.decision.by.id).toBe('admin-ada');
    t.clock.advance(5);
    const started = await t.call('agent-ann', 'POST', `/v1/grants/${ann.body.id}/start`);
    expect(started.body.flags.map((f: { code: string }) => f.code)).toContain('after_hours');
  });

  it('denies with a required note', async () => {
    const ann = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    expect((await t.call('lead-lee', 'POST', `/v1/grants/${ann.body.id}/deny`, {})).status).toBe(400);
    const denied = await t.call('lead-lee', 'POST', `/v1/grants/${ann.body.id}/deny`, {
      note: 'Use the masked snapshot first',
    });
    expect(denied.body).toMatchObject({
      status: 'denied',
      open: false,
      decision: { outcome: 'denied', note: 'Use the masked snapshot first' },
    });
    const start = await t.call('agent-ann', 'POST', `/v1/grants/${ann.body.id}/start`);
    expect(start.status).toBe(409);
    expect(start.body.error.code).toBe('grant_denied');
  });

  it('lets only the requester start, cancel and end', async () => {
    const ann = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${ann.body.id}/approve`, {});
    const before = await t.counts();
    for (const action of ['start', 'cancel']) {
      const res = await t.call('agent-bob', 'POST', `/v1/grants/${ann.body.id}/${action}`);
      expect(res.status).toBe(403);
    }
    await t.call('agent-ann', 'POST', `/v1/grants/${ann.body.id}/start`);
    const before2 = await t.counts();
    expect(before2.audit_events).toBe(before.audit_events + 1);
    const res = await t.call('agent-bob', 'POST', `/v1/grants/${ann.body.id}/end`, { outcome });
    expect(res.status).toBe(403);
    expect(await t.counts()).toEqual(before2);
    expect((await t.call('agent-ann', 'GET', `/v1/grants/${ann.body.id}`)).body.status).toBe('active');
  });

  it('cancels a pending or approved request, not an active one', async () => {
    const a = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const cancelled = await t.call('agent-ann', 'POST', `/v1/grants/${a.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: t.clock.iso(), open: false });
    const id = await requestApproveStart();
    const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('grant_active');
  });

  it('lapses an approved grant not started within the start window', async () => {
    const a = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const approved = await t.call('lead-lee', 'POST', `/v1/grants/${a.body.id}/approve`, {});
    expect(approved.body.startBy).toBe('2026-11-23T11:00:00.000Z');
    t.clock.advance(61);
    const start = await t.call('agent-ann', 'POST', `/v1/grants/${a.body.id}/start`);
    expect(start.status).toBe(409);
    expect(start.body.error).toMatchObject({ code: 'grant_lapsed' });
    expect(start.body.error.message).toMatch(/start window passed/);
    expect((await t.call('agent-ann', 'GET', '/v1/tickets/48271/close-check')).body.canClose).toBe(true);
  });

  it('starts an emergency grant at once, with its justification, flagged for review', async () => {
    const res = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({
        emergency: { justification: 'Payments outage: refunds failing for every customer' },
        durationMinutes: 60,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      emergency: { justification: 'Payments outage: refunds failing for every customer' },
      startedAt: t.clock.iso(),
      decision: null,
    });
    expect(res.body.expiresAt).toBe('2026-11-23T11:00:00.000Z');
    expect(res.body.flags.map((f: { code: string }) => f.code)).toEqual(['emergency']);
    const detail = await t.call('lead-lee', 'GET', `/v1/grants/${res.body.id}`);
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['grant.requested', 'grant.started']);
  });

  it('lets leads and admins revoke, and nobody else', async () => {
    const id = await requestApproveStart();
    expect((await t.call('agent-bob', 'POST', `/v1/grants/${id}/revoke`, { reason: 'x' })).status).toBe(403);
    t.clock.advance(2);
    const res = await t.call('lead-lee', 'POST', `/v1/grants/${id}/revoke`, { reason: 'Customer withdrew consent' });
    expect(res.body).toMatchObject({
      status: 'revoked',
      endKind: 'revoked',
      endedBy: 'lead-lee',
      endNote: 'Customer withdrew consent',
      durationSeconds: 120,
    });
    // The agent can still record what happened.
    const late = await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, { outcome });
    expect(late.body).toMatchObject({ status: 'revoked', outcome: { summary: outcome.summary } });
    expect((await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, { outcome })).status).toBe(409);
  });

  it('requires what changed and what was exposed when the outcome says so', async () => {
    const id = await requestApproveStart();
    const res = await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, {
      outcome: { summary: 'Fixed it', changedData: true, exposedBeyondScope: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'outcome.changes',
      'outcome.exposureDetails',
    ]);
  });

  it('flags long sessions and broad access when the session closes', async () => {
    await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...(await t.call('admin-ada', 'GET', '/v1/settings')).body,
      reviewThresholds: { longSessionMinutes: 10, broadAccessRecords: 50 },
    });
    const id = await requestApproveStart();
    await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, {
      events: [{ kind: 'export', target: 'refunds table', recordCount: 800 }],
    });
    t.clock.advance(15);
    const ended = await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, { outcome });
    expect(ended.body.flags.map((f: { code: string }) => f.code).sort()).toEqual(['broad_access', 'long_session']);
    expect(ended.body.flags.find((f: { code: string }) => f.code === 'broad_access').reason).toMatch(
      /800 records.*threshold is 50/,
    );
  });
});
