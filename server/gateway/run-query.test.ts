import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { productionRows } from '../demo/production-data.js';
import { testDialects } from '../test/test-db.js';
import {
  createGatewayTestContext,
  openTestProductionDatabase,
  type GatewayTestContext,
  type TestProductionDatabase,
} from '../test/test-gateway.js';

const REFUND = 'refund-with-gateway-response';
const rows = productionRows();
const otherRefund = rows.refunds.find((r) => r.customer_id === '2207')!;
const ordersOf1842 = rows.orders.filter((o) => o.customer_id === '1842').length;

describe.each(testDialects)('running saved queries on %s', (dialect) => {
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

  const audits = (kind: string) =>
    t.db.selectFrom('audit_events').selectAll().where('kind', '=', kind).orderBy('seq').execute();
  const accessEvents = () => t.db.selectFrom('access_events').selectAll().orderBy('id').execute();
  const defineQuery = async (name: string, definition: Record<string, unknown>) => {
    const res = await t.call('admin-ada', 'PUT', `/v1/gateway/queries/${name}`, {
      title: name,
      system: 'billing-db',
      ...definition,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const fingerprint = async () =>
    (
      await prod.gateway.run({
        text: "select (select count(*) from customers), (select count(*) from refunds), (select count(*) from orders), (select email from customers where id = '1842'), (select status from refunds where id = 9912)",
        values: [],
        rowLimit: 1,
        timeoutMs: 2000,
      })
    ).rows[0];

  it('the seed case: ann’s active grant on 1842 sees refund 9912 declined with code 54, email masked, and the run is recorded', async () => {
    const grantId = await t.activeGrant();
    const res = await t.run('agent-ann', grantId, REFUND, { refund_id: 9912 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ query: REFUND, rowCount: 1, truncated: false, unmasked: [] });
    expect(res.body.columns).toContain('gateway_response_code');
    expect(res.body.rows).toEqual([
      expect.objectContaining({
        refund_id: 9912,
        refund_status: 'failed',
        amount_cents: 12_900,
        gateway_response_code: '54',
        gateway_response_message: 'Expired card',
        email: 'm***@northwind.example',
        contact_name: 'M. C.',
        card_token: '****4417',
        internal_note: expect.stringMatching(/^\[redacted: \d+ chars\]$/),
        customer_id: '1842',
      }),
    ]);
    expect(res.body.masked).toEqual(['card_token', 'contact_name', 'email', 'internal_note']);

    // Recorded automatically: one access event, source gateway, with everything a lead needs.
    const [event] = await accessEvents();
    expect(event).toMatchObject({
      id: res.body.recordedEventId,
      grant_id: grantId,
      actor_id: 'agent-ann',
      kind: 'query',
      target: `saved query ${REFUND}`,
      query_name: REFUND,
      record_count: 1,
      source: 'gateway',
      customer_id: '1842',
      accepted: 1,
    });
    expect(JSON.parse(event!.parameters!)).toEqual({ refund_id: 9912, customer_id: '1842' });
    expect(JSON.parse(event!.fields)).toEqual(res.body.columns);
    expect(JSON.parse(event!.masked_fields)).toEqual(res.body.masked);
    const [audit] = await audits('gateway.query_run');
    expect(audit).toMatchObject({ grant_id: grantId, ticket_id: '48271', customer_id: '1842', actor_id: 'agent-ann' });
    expect(JSON.parse(audit!.data)).toMatchObject({
      accessEventId: res.body.recordedEventId,
      query: REFUND,
      rowCount: 1,
      parameters: { refund_id: 9912, customer_id: '1842' },
    });

    const detail = await t.call('lead-lee', 'GET', `/v1/grants/${grantId}`);
    expect(detail.body).toMatchObject({ eventCount: 1, recordCount: 1 });
    expect(detail.body.accessEvents).toEqual([
      expect.objectContaining({
        kind: 'query',
        queryName: REFUND,
        source: 'gateway',
        maskedFields: res.body.masked,
        recordCount: 1,
      }),
    ]);
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify')).body.ok).toBe(true);
  });

  it('a run that matched no rows is recorded with its parameters and 0 rows, and no fields as viewed', async () => {
    const grantId = await t.activeGrant();
    const res = await t.run('agent-ann', grantId, REFUND, { refund_id: 999_999 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ rowCount: 0, rows: [] });
    const [event] = await accessEvents();
    expect(event).toMatchObject({ record_count: 0, query_name: REFUND });
    expect(JSON.parse(event!.parameters!)).toEqual({ refund_id: 999_999, customer_id: '1842' });
    expect(JSON.parse(event!.fields)).toEqual([]);
    expect(JSON.parse(event!.masked_fields)).toEqual([]);
    const [audit] = await audits('gateway.query_run');
    expect(JSON.parse(audit!.data)).toMatchObject({ rowCount: 0, fields: [], maskedFields: [], unmaskedFields: [] });
  });

  describe('scope binding', () => {
    it.each([
      ['the customer parameter', { refund_id: 9912, customer_id: '2207' }],
      ['the customer parameter, even set to the grant’s own customer', { refund_id: 9912, customer_id: '1842' }],
      ['another spelling of it', { refund_id: 9912, customerId: '2207' }],
      ['an account', { refund_id: 9912, account_id: 'acct_2207' }],
    ])('refuses a request naming %s with 403, recorded, nothing run', async (_what, params) => {
      const grantId = await t.activeGrant();
      const res = await t.run('agent-ann', grantId, REFUND, params);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('scope_violation');
      expect(res.body.error.message).toMatch(/customer is fixed by the grant \(customer 1842\)/);
      expect(await accessEvents()).toEqual([]);
      const [refused] = await audits('gateway.refused');
      expect(refused).toMatchObject({ grant_id: grantId, actor_id: 'agent-ann', customer_id: '1842' });
      expect(JSON.parse(refused!.data)).toMatchObject({
        query: REFUND,
        params,
        reason: expect.stringMatching(/^tried to set the customer/),
      });
    });

    it('only ever returns the grant’s customer: another customer’s refund comes back empty', async () => {
      const grantId = await t.activeGrant();
      const res = await t.run('agent-ann', grantId, REFUND, { refund_id: otherRefund.id });
      expect(res).toMatchObject({ status: 200, body: { rowCount: 0, rows: [] } });
      const orders = await t.run('agent-ann', grantId, 'recent-orders');
      expect(orders.body.rows.every((r: { customer_id: string }) => r.customer_id === '1842')).toBe(true);
    });

    it('binds every value: an injection attempt is a type error or just a value', async () => {
      const grantId = await t.activeGrant();
      const typed = await t.run('agent-ann', grantId, REFUND, { refund_id: '9912 or 1=1' });
      expect(typed).toMatchObject({
        status: 400,
        body: {
          error: { code: 'invalid_input', issues: [{ path: 'params.refund_id', message: 'must be an integer' }] },
        },
      });
      await defineQuery('refunds-by-status', {
        sql: 'select id, customer_id, status from refunds where customer_id = :customer_id and status = :status',
        params: [{ name: 'status', type: 'string' }],
      });
      const injected = await t.run('agent-ann', grantId, 'refunds-by-status', { status: "failed' or '1'='1" });
      expect(injected).toMatchObject({ status: 200, body: { rowCount: 0 } });
      const real = await t.run('agent-ann', grantId, 'refunds-by-status', { status: 'failed' });
      expect(real.body.rows).toEqual([{ id: 9912, customer_id: '1842', status: 'failed' }]);
    });

    it('withholds a result that names another customer (a badly scoped query) and records it', async () => {
      await defineQuery('leaky', {
        sql: 'select id, customer_id from refunds where customer_id = :customer_id or 1 = 1 order by id',
      });
      const grantId = await t.activeGrant();
      const res = await t.run('agent-ann', grantId, 'leaky');
      expect(res).toMatchObject({ status: 422, body: { error: { code: 'query_out_of_scope' } } });
      expect(JSON.stringify(res.body)).not.toContain('2207');
      expect(await accessEvents()).toEqual([]);
      expect(JSON.parse((await audits('gateway.refused'))[0]!.data).reason).toBe('result named another customer');
    });
  });

  describe('outside an active grant', () => {
    it.each(['pending', 'approved', 'ended', 'expired', 'revoked'] as const)(
      'refuses a %s grant with 403 and records the attempt',
      async (state) => {
        const created = await t.call('agent-ann', 'POST', '/v1/grants', {
          ticketId: '48271',
          customerId: '1842',
          systems: ['billing-db'],
          access: 'read',
          maskedDataChecked: true,
          reason: 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912',
        });
        const id = created.body.id as string;
        if (state !== 'pending') await t.call('lead-lee', 'POST', `/v1/grants/${id}/approve`, {});
        if (['ended', 'expired', 'revoked'].includes(state))
          await t.call('agent-ann', 'POST', `/v1/grants/${id}/start`);
        if (state === 'ended')
          await t.call('agent-ann', 'POST', `/v1/grants/${id}/end`, {
            outcome: { summary: 'Done', changedData: false, exposedBeyondScope: false },
          });
        if (state === 'revoked')
          await t.call('lead-lee', 'POST', `/v1/grants/${id}/revoke`, { reason: 'Ticket reassigned to tier 2' });
        if (state === 'expired') t.clock.advance(31);

        const res = await t.run('agent-ann', id, REFUND, { refund_id: 9912 });
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('grant_not_active');
        expect(res.body.error.message).toBe(
          `Grant ${id} is ${state}, not active: saved queries run only during an active session on the ticket (the attempt was recorded)`,
        );
        expect(await accessEvents()).toEqual([]);
        const [refused] = await audits('gateway.refused');
        expect(JSON.parse(refused!.data)).toMatchObject({
          reason: `grant ${state}`,
          query: REFUND,
          params: { refund_id: 9912 },
        });
      },
    );

    it('refuses someone else’s grant (403), an unknown grant (404), an unknown query (404), and a system the grant lacks (403), recording each', async () => {
      const grantId = await t.activeGrant();
      const bob = await t.run('agent-bob', grantId, REFUND, { refund_id: 9912 });
      expect(bob.status).toBe(403);
      expect((await t.run('agent-ann', 'gr_nope', REFUND, { refund_id: 9912 })).status).toBe(404);
      expect((await t.run('agent-ann', grantId, 'no-such-query')).status).toBe(404);
      const system = await t.run('agent-ann', grantId, 'account-status');
      expect(system).toMatchObject({
        status: 403,
        body: {
          error: {
            code: 'system_not_in_grant',
            message: expect.stringMatching(/reads accounts-admin, which this grant does not cover/),
          },
        },
      });
      const reasons = (await audits('gateway.refused')).map((a) => JSON.parse(a.data).reason);
      expect(reasons).toEqual([
        'not the requester',
        'unknown grant',
        'unknown saved query',
        'system accounts-admin not in grant',
      ]);
      expect(await accessEvents()).toEqual([]);
    });
  });

  describe('masking', () => {
    const expectedMasked = {
      email: 'm***@northwind.example',
      billing_email: 'a***@northwind.example',
      phone: '+* *** *** **42',
      contact_name: 'M. C.',
      card_token: '****4417',
      notes: `[redacted: ${rows.customers[0]!.notes!.length} chars]`,
    };
    const clear = {
      email: 'maya.chen@northwind.example',
      billing_email: 'accounts@northwind.example',
      phone: '+1 415 555 0142',
      contact_name: 'Maya Chen',
      card_token: 'tok_visa_51d07e3b4417',
      notes: rows.customers[0]!.notes,
    };

    it('masks every sensitive kind by default and leaves the rest as is', async () => {
      const grantId = await t.activeGrant({ systems: ['accounts-admin'] });
      const res = await t.run('agent-ann', grantId, 'account-status');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.rows).toEqual([
        expect.objectContaining({
          ...expectedMasked,
          company: 'Northwind Outfitters',
          account_status: 'active',
          card_brand: expect.any(String),
          card_expires: '2026-09',
        }),
      ]);
      expect(res.body.masked.sort()).toEqual(Object.keys(expectedMasked).sort());
      expect(res.body.unmasked).toEqual([]);
    });

    it.each(Object.keys(clear))('shows %s in clear only when the grant names it', async (field) => {
      const grantId = await t.activeGrant({ systems: ['accounts-admin'], unmaskFields: [field] });
      const res = await t.run('agent-ann', grantId, 'account-status');
      const row = res.body.rows[0];
      expect(row[field]).toBe(clear[field as keyof typeof clear]);
      for (const other of Object.keys(expectedMasked).filter((f) => f !== field))
        expect(row[other]).toBe(expectedMasked[other as keyof typeof expectedMasked]);
      expect(res.body.unmasked).toEqual([field]);
      expect(res.body.masked).not.toContain(field);
      const [event] = await accessEvents();
      expect(JSON.parse(event!.masked_fields)).not.toContain(field);
      expect(JSON.parse(event!.fields)).toContain(field);
    });

    it("follows the saved query's sensitivity overrides", async () => {
      await defineQuery('contact-overrides', {
        system: 'accounts-admin',
        sql: 'select name, email, notes from customers where id = :customer_id',
        fields: { name: 'person_name', notes: 'none' },
      });
      const grantId = await t.activeGrant({ systems: ['accounts-admin'] });
      const res = await t.run('agent-ann', grantId, 'contact-overrides');
      expect(res.body.rows).toEqual([{ name: 'N. O.', email: 'm***@northwind.example', notes: clear.notes }]);
      expect(res.body.masked).toEqual(['name', 'email']);
    });
  });

  describe('read-only', () => {
    const writes: Array<[string, string]> = [
      ['update', "update customers set email = 'owned@evil.example' where id = :customer_id"],
      ['update … returning', "update customers set email = 'owned@evil.example' where id = :customer_id returning id"],
      ['delete', 'delete from refunds where customer_id = :customer_id'],
      [
        'insert',
        "insert into refunds (id, order_id, customer_id, amount_cents, currency, status, requested_at) values (1, 1, :customer_id, 1, 'USD', 'x', 'x')",
      ],
      ['; delete stacking', 'select id from customers where id = :customer_id; delete from refunds'],
      [
        'a CTE with an update',
        "with changed as (update customers set email = 'owned@evil.example' where id = :customer_id returning id) select * from changed",
      ],
      [
        'a CTE with a delete',
        'with gone as (delete from refunds where customer_id = :customer_id returning id) select count(*) as n from gone',
      ],
    ];
    it.each(writes)(
      'holds for a saved query that tries to write (%s): 422, data unchanged, attempt recorded',
      async (_what, sqlText) => {
        await defineQuery('sneaky', { sql: sqlText });
        const grantId = await t.activeGrant();
        const before = await fingerprint();
        const res = await t.run('agent-ann', grantId, 'sneaky');
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        expect(['query_read_only', 'query_failed']).toContain(res.body.error.code);
        expect(await fingerprint()).toEqual(before);
        expect(await accessEvents()).toEqual([]);
        const [failed] = await audits('gateway.query_failed');
        expect(JSON.parse(failed!.data)).toMatchObject({ query: 'sneaky', parameters: { customer_id: '1842' } });
      },
    );
  });

  describe('limits', () => {
    it('cuts the result at the row limit and says it was truncated', async () => {
      const grantId = await t.activeGrant();
      const res = await t.run('agent-ann', grantId, 'recent-orders');
      expect(res.body).toMatchObject({ rowCount: 25, truncated: true });
      expect(res.body.rows).toHaveLength(25);
      const [event] = await accessEvents();
      expect(event?.record_count).toBe(25);
      await defineQuery('all-orders', {
        sql: 'select id, customer_id from orders where customer_id = :customer_id',
        rowLimit: ordersOf1842,
      });
      const all = await t.run('agent-ann', grantId, 'all-orders');
      expect(all.body).toMatchObject({ rowCount: ordersOf1842, truncated: false });
      expect((await t.call('agent-ann', 'GET', `/v1/grants/${grantId}`)).body).toMatchObject({
        eventCount: 2,
        recordCount: 25 + ordersOf1842,
      });
    });

    it.runIf(dialect === 'postgres')('stops a slow query at its timeout with 504 query_timeout, recorded', async () => {
      await defineQuery('slow', {
        sql: 'select pg_sleep(5) as slept, :customer_id::text as customer_id',
        timeoutMs: 200,
      });
      const grantId = await t.activeGrant();
      const started = Date.now();
      const res = await t.run('agent-ann', grantId, 'slow');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res).toMatchObject({
        status: 504,
        body: { error: { code: 'query_timeout', message: expect.stringMatching(/200 ms limit/) } },
      });
      expect(JSON.parse((await audits('gateway.query_failed'))[0]!.data)).toMatchObject({
        query: 'slow',
        reason: 'timeout',
      });
      expect(await accessEvents()).toEqual([]);
    });
  });
});
