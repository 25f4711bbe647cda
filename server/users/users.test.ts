import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.js';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)('user directory on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((u) => u.id);

  it('finds users by part of the name, id or e-mail in any case, by name', async () => {
    const byName = await t.call('admin-ada', 'GET', '/v1/users?query=LEE');
    expect(byName).toMatchObject({ status: 200 });
    expect(byName.body.items).toEqual([{ id: 'lead-lee', name: 'Lee Lead', email: 'lee@example.com', role: 'lead' }]);
    expect(ids((await t.call('lead-lee', 'GET', '/v1/users?query=agent')).body)).toEqual(['agent-ann', 'agent-bob']);
    expect(ids((await t.call('admin-ada', 'GET', '/v1/users?query=bob%40ex')).body)).toEqual(['agent-bob']);
    expect(ids((await t.call('admin-ada', 'GET', '/v1/users?ids=admin-ada,lead-lee,ghost')).body)).toEqual([
      'admin-ada',
      'lead-lee',
    ]);
    expect(ids((await t.call('admin-ada', 'GET', '/v1/users?limit=2')).body)).toHaveLength(2);
  });

  it('treats % and _ as letters, and never crosses tenants', async () => {
    expect(ids((await t.call('admin-ada', 'GET', '/v1/users?query=%25')).body)).toEqual([]);
    expect(ids((await t.call('admin-ada', 'GET', '/v1/users?query=_')).body)).toEqual([]);
    await seedDemo(t.db, 'other', t.clock.iso());
    await t.db.updateTable('users').set({ name: 'Lee Elsewhere' }).where('tenant', '=', 'other').execute();
    expect((await t.call('admin-ada', 'GET', '/v1/users?query=elsewhere')).body.items).toEqual([]);
  });

  it('is for leads and admins only', async () => {
    const res = await t.call('agent-ann', 'GET', '/v1/users?query=lee');
    expect(res.status).toBe(403);
  });
});
