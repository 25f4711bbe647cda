import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, recordSession, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)('GET /v1/grants?agent=&flag= on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const ids = (body: { sessions: { id: string }[] }) => body.sessions.map((s) => s.id);

  it('finds an agent by part of the name, any case, or by id; LIKE wildcards are literal', async () => {
    const ann = await recordSession(t, 'agent-ann');
    const bob = await recordSession(t, 'agent-bob', { ticketId: '48302', customerId: '2207' });
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?agent=Ann')).body)).toEqual([ann]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?agent=bob%20ag')).body)).toEqual([bob]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?agent=agent-bob')).body)).toEqual([bob]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?agent=Agent')).body)).toEqual([bob, ann]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?agent=%25')).body)).toEqual([]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?agent=Nobody')).body)).toEqual([]);
    expect((await t.call('agent-ann', 'GET', '/v1/grants?agent=Ann')).status).toBe(403);
  });

  it('filters by one flag or by any flag', async () => {
    const plain = await recordSession(t, 'agent-ann');
    const write = await recordSession(t, 'agent-bob', {
      ticketId: '48302',
      customerId: '2207',
      access: 'write',
      writeNeed: 'Re-queue refund 9912',
    });
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?flag=write_access')).body)).toEqual([write]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?flag=any')).body)).toEqual([write]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants?flag=after_hours')).body)).toEqual([]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/grants')).body)).toEqual([write, plain]);
    expect((await t.call('lead-lee', 'GET', '/v1/grants?flag=nonsense')).status).toBe(400);
  });
});
