import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, recordSession, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)("a ticket's sessions and close-check on %s", (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const session = (user: string, overrides: Record<string, unknown>, end = true) =>
    recordSession(t, user, overrides, end);

  it('lists every session on a ticket newest first with who, approver, reason, viewed, times and flags', async () => {
    const first = await session('agent-ann', {});
    const second = await session('agent-bob', {}, false);
    t.clock.advance(60);
    const res = await t.call('agent-ann', 'GET', '/v1/tickets/48271/grants');
    expect(res.body.sessions.map((s: { id: string }) => s.id)).toEqual([second, first]);
    expect(res.body.sessions[1]).toMatchObject({
      requester: { id: 'agent-ann' },
      decision: { by: { id: 'lead-lee' } },
      reason: seedRequest().reason,
      status: 'ended',
      durationSeconds: 180,
      viewed: [{ target: 'customer 1842', fields: ['email'] }],
      flags: [],
    });
    expect(res.body.sessions[0]).toMatchObject({ requester: { id: 'agent-bob' }, status: 'expired' });
  });

  it('close-check names each open grant and how to end it', async () => {
    expect((await t.call('agent-ann', 'GET', '/v1/tickets/48271/close-check')).body).toEqual({
      canClose: true,
      openGrants: [],
      message: 'No open access on this ticket.',
    });
    const { body: pending } = await t.call('agent-bob', 'POST', '/v1/grants', seedRequest());
    const active = await session('agent-ann', {}, false);
    t.clock.set('2026-11-23T13:10:00.000Z');
    const active2 = await session('agent-ann', { customerId: '2207' }, false);
    const res = await t.call('agent-ann', 'GET', '/v1/tickets/48271/close-check');
    expect(res.body.canClose).toBe(false);
    expect(res.body.openGrants.map((g: { id: string }) => g.id).sort()).toEqual([pending.id, active2].sort());
    // By name and state, with what ends each — not by grant id.
    expect(res.body.message).toContain(
      "Bob Agent's request for customer 1842 is waiting for approval — withdraw it or have it denied",
    );
    const until = res.body.openGrants.find((g: { id: string }) => g.id === active2).expiresAt.slice(11, 16);
    expect(res.body.message).toContain(
      `Ann Agent's access to customer 2207 is active until ${until} UTC — end it with an outcome note`,
    );
    expect(res.body.message).not.toContain('gr_');
    expect(res.body.openGrants.map((g: { id: string }) => g.id)).not.toContain(active); // expired meanwhile
    expect(res.body.message).not.toContain('customer 1842 is active');
  });
});
