import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.js';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)('GET /v1/people on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('names the approvers for anyone signed in, in the order asked, null for an id never seen', async () => {
    const res = await t.call('agent-ann', 'GET', '/v1/people?ids=lead-lee,admin-ada,zd-991');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      people: [
        { id: 'lead-lee', name: 'Lee Lead' },
        { id: 'admin-ada', name: 'Ada Admin' },
        { id: 'zd-991', name: null },
      ],
    });
  });

  it('never reads across tenants, and refuses an empty or oversized list naming ids', async () => {
    await seedDemo(t.db, 'other', t.clock.iso());
    await t.db.updateTable('users').set({ name: 'Someone Else' }).where('tenant', '=', 'other').execute();
    expect((await t.call('agent-ann', 'GET', '/v1/people?ids=lead-lee')).body.people[0].name).toBe('Lee Lead');
    const empty = await t.call('agent-ann', 'GET', '/v1/people?ids=');
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues[0].path).toBe('ids');
    const many = Array.from({ length: 201 }, (_, i) => `u${i}`).join(',');
    const tooMany = await t.call('agent-ann', 'GET', `/v1/people?ids=${many}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues[0].path).toBe('ids');
  });
});
