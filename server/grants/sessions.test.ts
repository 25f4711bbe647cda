import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonColumnError } from '../db/json-column.js';
import { createTestContext, recordSession, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)('the session search and a grant in full on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const session = (user: string, overrides: Record<string, unknown>, end = true) =>
    recordSession(t, user, overrides, end);

  it('gives approvers the pending queue and leads the full search', async () => {
    const { body: pending } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ ticketId: '48302' }));
    await session('agent-bob', {});
    const queue = await t.call('lead-lee', 'GET', '/v1/grants?status=pending');
    expect(queue.body.sessions.map((s: { id: string }) => s.id)).toEqual([pending.id]);
    expect((await t.call('agent-bob', 'GET', '/v1/grants?status=pending')).status).toBe(403);
    expect((await t.call('lead-lee', 'GET', '/v1/grants?status=pending,bogus')).status).toBe(400);
    expect(
      (await t.call('admin-ada', 'GET', '/v1/grants?requesterId=agent-bob&status=ended')).body.sessions,
    ).toHaveLength(1);
  });

  it('answers a grant whose stored JSON does not parse with a bare 500, logging the column, not the data', async () => {
    const id = await session('agent-ann', {});
    await t.db
      .updateTable('grants')
      .set({ flags: '[{"code":"made_up","reason":"customer secret","at":"x"}]' })
      .where('id', '=', id)
      .execute();
    for (const path of [`/v1/grants/${id}`, '/v1/grants?ticketId=48271']) {
      const res = await t.call('lead-lee', 'GET', path);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal');
      expect(JSON.stringify(res.body)).not.toContain('customer secret');
    }
    const logged = t.logged.flat().filter((x): x is JsonColumnError => x instanceof JsonColumnError);
    expect(logged.map((e) => e.column)).toEqual(['grants.flags', 'grants.flags']);
  });
});
