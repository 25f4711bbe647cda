import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { seedDemoSavedQueries } from '../demo/saved-queries.js';

const definition = {
  title: 'Failed refunds',
  description: "The customer's refunds the gateway declined.",
  system: 'billing-db',
  sql: 'select id, status from refunds where customer_id = :customer_id and status = :status',
  params: [{ name: 'status', type: 'string', default: 'failed' }],
  rowLimit: 50,
};

describe.each(testDialects)('saved queries on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    await seedDemoSavedQueries(t.db, 'demo', t.clock.iso());
  });
  afterEach(async () => {
    await t.close();
  });

  const audits = (kind: string) =>
    t.db.selectFrom('audit_events').selectAll().where('kind', '=', kind).orderBy('seq').execute();

  it('lists the demo queries to anyone signed in, without their SQL', async () => {
    const res = await t.call('agent-ann', 'GET', '/v1/gateway/queries');
    expect(res.status).toBe(200);
    expect(res.body.queries.map((q: { name: string }) => q.name)).toEqual([
      'account-status',
      'recent-orders',
      'refund-with-gateway-response',
    ]);
    expect(res.body.queries[2]).toEqual({
      name: 'refund-with-gateway-response',
      title: 'Refund with gateway response',
      description: expect.any(String),
      system: 'billing-db',
      customerParam: 'customer_id',
      params: [
        {
          name: 'refund_id',
          label: 'Refund number',
          type: 'integer',
          description: 'As on the ticket, e.g. 9912',
          required: true,
        },
      ],
      rowLimit: 20,
      // What a request may ask to see unmasked, read from the select list with the masking rules.
      sensitiveColumns: ['card_token', 'contact_name', 'email', 'internal_note'],
    });
    expect(JSON.stringify(res.body)).not.toContain('select');
    // The SQL is for admins.
    expect((await t.call('agent-ann', 'GET', '/v1/gateway/queries/account-status')).status).toBe(403);
    expect((await t.call('admin-ada', 'GET', '/v1/gateway/queries/account-status')).body.sql).toContain(':customer_id');
  });

  it('lets only admins save a query, and audits old and new definitions', async () => {
    const before = await t.counts();
    expect((await t.call('agent-ann', 'PUT', '/v1/gateway/queries/failed-refunds', definition)).status).toBe(403);
    expect((await t.call('lead-lee', 'PUT', '/v1/gateway/queries/failed-refunds', definition)).status).toBe(403);
    expect(await t.counts()).toEqual(before);

    const saved = await t.call('admin-ada', 'PUT', '/v1/gateway/queries/failed-refunds', definition);
    expect(saved).toMatchObject({
      status: 200,
      body: {
        name: 'failed-refunds',
        ...definition,
        customerParam: 'customer_id',
        timeoutMs: 2000,
        updatedBy: 'admin-ada',
      },
    });
    // Saving the same definition again records nothing.
    await t.call('admin-ada', 'PUT', '/v1/gateway/queries/failed-refunds', definition);
    const changed = { ...definition, rowLimit: 10 };
    await t.call('admin-ada', 'PUT', '/v1/gateway/queries/failed-refunds', changed);

    const rows = await audits('gateway.query_saved');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.actor_id).toBe('admin-ada');
    expect(JSON.parse(rows[0]!.data)).toMatchObject({
      name: 'failed-refunds',
      old: null,
      new: { sql: definition.sql, rowLimit: 50 },
    });
    expect(JSON.parse(rows[1]!.data)).toMatchObject({ old: { rowLimit: 50 }, new: { rowLimit: 10 } });
    expect(
      (await t.call('agent-bob', 'GET', '/v1/gateway/queries')).body.queries.map((q: { name: string }) => q.name),
    ).toContain('failed-refunds');
  });

  it('refuses an invalid definition naming the field, and writes nothing', async () => {
    const before = await t.counts();
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['failed-refunds', { system: 'crm' }, 'system', /one of the tenant's systems/],
      ['failed-refunds', { sql: 'select * from refunds where status = :status' }, 'sql', /must filter by :customer_id/],
      ['failed-refunds', { params: [] }, 'sql', /:status, which is not declared/],
      ['failed-refunds', { rowLimit: 1001 }, 'rowLimit', /./],
      ['failed-refunds', { timeoutMs: 10_001 }, 'timeoutMs', /./],
      ['Failed Refunds', {}, 'name', /slug/],
    ];
    for (const [name, patch, path, message] of cases) {
      const res = await t.call('admin-ada', 'PUT', `/v1/gateway/queries/${encodeURIComponent(name)}`, {
        ...definition,
        ...patch,
      });
      expect(res.status, path).toBe(400);
      const issue = res.body.error.issues.find((i: { path: string }) => i.path === path);
      expect(issue, `${path} in ${JSON.stringify(res.body.error.issues)}`).toBeDefined();
      expect(issue.message).toMatch(message);
    }
    expect(await t.counts()).toEqual(before);
  });

  it('lets admins delete a query, audited with the old definition', async () => {
    expect((await t.call('agent-ann', 'DELETE', '/v1/gateway/queries/recent-orders')).status).toBe(403);
    const res = await t.call('admin-ada', 'DELETE', '/v1/gateway/queries/recent-orders');
    expect(res.status).toBe(204);
    expect((await t.call('admin-ada', 'DELETE', '/v1/gateway/queries/recent-orders')).status).toBe(404);
    const [deleted] = await audits('gateway.query_deleted');
    expect(JSON.parse(deleted!.data)).toMatchObject({
      name: 'recent-orders',
      old: { title: 'Recent orders', rowLimit: 25 },
    });
    expect((await t.call('agent-ann', 'GET', '/v1/gateway/queries')).body.queries).toHaveLength(2);
  });

  it('keeps tenants apart', async () => {
    await seedDemoSavedQueries(t.db, 'other', t.clock.iso());
    await t.call('admin-ada', 'DELETE', '/v1/gateway/queries/recent-orders');
    const other = await t.db.selectFrom('saved_queries').select('name').where('tenant', '=', 'other').execute();
    expect(other).toHaveLength(3);
  });

  it('answers runs with 503 when no production database is configured', async () => {
    const res = await t.call('agent-ann', 'POST', '/v1/gateway/grants/gr_x/queries/recent-orders/run', { params: {} });
    expect(res.status).toBe(404); // unknown grant is refused first (and recorded)
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', {
      ticketId: '48271',
      customerId: '1842',
      systems: ['billing-db'],
      access: 'read',
      maskedDataChecked: true,
      reason: 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912',
    });
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${body.id}/start`);
    const run = await t.call('agent-ann', 'POST', `/v1/gateway/grants/${body.id}/queries/recent-orders/run`, {
      params: {},
    });
    expect(run).toMatchObject({
      status: 503,
      body: { error: { code: 'gateway_unavailable', message: expect.stringMatching(/GATEWAY_DATABASE_URL/) } },
    });
  });
});
