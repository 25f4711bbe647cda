import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../test/test-db.js';
import {
  createGatewayTestContext,
  openTestProductionDatabase,
  type GatewayTestContext,
  type TestProductionDatabase,
} from '../test/test-gateway.js';

describe.each(testDialects)('test-running saved queries on %s', (dialect) => {
  let prod: TestProductionDatabase;
  let t: GatewayTestContext;
  beforeAll(async () => {
    prod = await openTestProductionDatabase(dialect);
  });
  afterAll(async () => {
    await prod.drop();
  });
  beforeEach(async () => {
    t = await createGatewayTestContext(dialect, prod.gateway);
  });
  afterEach(async () => {
    await t.close();
  });

  const tested = () =>
    t.db.selectFrom('audit_events').selectAll().where('kind', '=', 'gateway.query_tested').orderBy('seq').execute();
  const test = (user: string, name: string, body: Record<string, unknown>) =>
    t.call(user, 'POST', `/v1/gateway/queries/${name}/test`, body);

  it('runs the stored query for a sample customer without a grant, masked, and audits the run', async () => {
    const res = await test('admin-ada', 'account-status', { customerId: '1842' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ query: 'account-status', draft: false, rowCount: 1, unmasked: [] });
    const [row] = res.body.rows;
    expect(row.customer_id).toBe('1842');
    expect(row.company).toBe('Northwind Outfitters');
    // Sensitive columns are masked for the admin too: no grant unmasks anything here.
    expect(res.body.masked).toEqual(expect.arrayContaining(['email', 'phone', 'contact_name', 'card_token']));
    expect(row.email).not.toBe('maya.chen@northwind.example');
    expect(JSON.stringify(res.body)).not.toContain('maya.chen@northwind.example');
    const [audit] = await tested();
    expect(audit).toMatchObject({
      actor_id: 'admin-ada',
      customer_id: '1842',
      grant_id: null,
      seq: res.body.auditEventSeq,
    });
    expect(JSON.parse(audit!.data)).toMatchObject({
      query: 'account-status',
      draft: false,
      parameters: { customer_id: '1842' },
      rowCount: 1,
    });
    // No grant, no access event: the test run is not an agent's session.
    expect(await t.db.selectFrom('access_events').select('id').execute()).toEqual([]);
  });

  it('runs a draft before it is saved, keeping its SQL in the trail, and caps the sample at 20 rows', async () => {
    const definition = {
      title: 'All orders',
      system: 'billing-db',
      sql: 'select id, customer_id, status from orders where customer_id = :customer_id',
      rowLimit: 500,
    };
    const res = await test('admin-ada', 'all-orders', { customerId: '1842', definition });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ draft: true, columns: ['id', 'customer_id', 'status'] });
    expect(res.body.rowCount).toBeLessThanOrEqual(20);
    expect(JSON.parse((await tested())[0]!.data)).toMatchObject({ draft: true, sql: definition.sql });
    // The draft was not saved.
    expect((await t.call('admin-ada', 'GET', '/v1/gateway/queries/all-orders')).status).toBe(404);
  });

  it('refuses non-admins, missing parameters, a customer parameter and out-of-scope rows, writing nothing', async () => {
    const before = await t.counts();
    expect((await test('lead-lee', 'account-status', { customerId: '1842' })).status).toBe(403);
    expect((await test('agent-ann', 'account-status', { customerId: '1842' })).status).toBe(403);
    const missing = await test('admin-ada', 'refund-with-gateway-response', { customerId: '1842' });
    expect(missing).toMatchObject({ status: 400, body: { error: { issues: [{ path: 'params.refund_id' }] } } });
    const chose = await test('admin-ada', 'account-status', { customerId: '1842', params: { customer_id: '2207' } });
    expect(chose.status).toBe(400);
    const leaky = {
      title: 'Leaky',
      system: 'billing-db',
      sql: 'select id, customer_id from orders where customer_id <> :customer_id',
    };
    const out = await test('admin-ada', 'leaky', { customerId: '1842', definition: leaky });
    expect(out).toMatchObject({ status: 422, body: { error: { code: 'query_out_of_scope' } } });
    expect((await test('admin-ada', 'nope', { customerId: '1842' })).status).toBe(404);
    expect(await t.counts()).toEqual(before);
  });
});
