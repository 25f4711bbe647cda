import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, recordSession, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)('history by customer and agent on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const session = (user: string, overrides: Record<string, unknown>, end = true) =>
    recordSession(t, user, overrides, end);

  it('answers "who opened my data" per customer, for leads and admins only', async () => {
    await session('agent-ann', { customerId: '1842' });
    await session('agent-bob', { customerId: '2207', ticketId: '48302' });
    await session('agent-bob', { customerId: '1842', ticketId: '48315' });
    const res = await t.call('lead-lee', 'GET', '/v1/customers/1842/access');
    expect(
      res.body.sessions.map((s: { requester: { id: string }; ticket: { id: string } }) => [
        s.requester.id,
        s.ticket.id,
      ]),
    ).toEqual([
      ['agent-bob', '48315'],
      ['agent-ann', '48271'],
    ]);
    expect((await t.call('agent-ann', 'GET', '/v1/customers/1842/access')).status).toBe(403);
  });

  it('filters by date range', async () => {
    await session('agent-ann', {});
    const cut = t.clock.iso();
    const later = await session('agent-ann', {});
    const res = await t.call('admin-ada', 'GET', `/v1/customers/1842/access?from=${cut}`);
    expect(res.body.sessions.map((s: { id: string }) => s.id)).toEqual([later]);
    expect((await t.call('admin-ada', 'GET', '/v1/customers/1842/access?from=yesterday')).status).toBe(400);
  });

  it('shows an agent their own sessions and leads anyone’s', async () => {
    await session('agent-ann', {});
    await session('agent-bob', { ticketId: '48302' });
    expect((await t.call('agent-ann', 'GET', '/v1/agents/agent-ann/grants')).body.sessions).toHaveLength(1);
    expect((await t.call('agent-ann', 'GET', '/v1/agents/agent-bob/grants')).status).toBe(403);
    expect((await t.call('lead-lee', 'GET', '/v1/agents/agent-bob/grants')).body.sessions[0].ticket.id).toBe('48302');
  });
});
