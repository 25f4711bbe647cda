import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadOnlyQueryError, type GatewayDatabaseHandle } from '../db/gateway-connection.js';
import { productionRows } from '../demo/production-data.js';
import { testDialects } from '../test/test-db.js';
import { compileSql } from './query-params.js';
import { openTestProductionDatabase, type TestProductionDatabase } from '../test/test-gateway.js';

/** Counts and a few values that any write would change. */
const FINGERPRINT = `select (select count(*) from customers) as customers, (select count(*) from accounts) as accounts,
  (select count(*) from orders) as orders, (select count(*) from refunds) as refunds,
  (select count(*) from payment_events) as events,
  (select email from customers where id = '1842') as email, (select status from refunds where id = 9912) as refund_status`;

describe.each(testDialects)('gateway production connection on %s', (dialect) => {
  let prod: TestProductionDatabase;
  let gateway: GatewayDatabaseHandle;
  beforeAll(async () => {
    prod = await openTestProductionDatabase(dialect);
    gateway = prod.gateway;
  });
  afterAll(async () => {
    await prod.drop();
  });

  const run = (
    text: string,
    values: Record<string, string | number | boolean | null> = {},
    limits: { rowLimit?: number; timeoutMs?: number } = {},
  ) =>
    gateway.run({
      ...compileSql(text, values, dialect),
      rowLimit: limits.rowLimit ?? 100,
      timeoutMs: limits.timeoutMs ?? 2000,
    });
  const fingerprint = async () => (await run(FINGERPRINT)).rows[0];

  it('holds the demo data, and seeding again adds nothing', async () => {
    const rows = productionRows();
    const before = await fingerprint();
    expect(before).toEqual([
      rows.customers.length,
      rows.accounts.length,
      rows.orders.length,
      rows.refunds.length,
      rows.paymentEvents.length,
      'maya.chen@northwind.example',
      'failed',
    ]);
    await prod.reseed();
    expect(await fingerprint()).toEqual(before);
    const seed = await run(
      `select p.gateway_response_code, p.gateway_response_message from payment_events p where p.refund_id = :refund_id`,
      { refund_id: 9912 },
    );
    expect(seed.rows).toEqual([['54', 'Expired card']]);
  });

  const writes: Array<[string, string]> = [
    ['update', `update customers set email = 'owned@evil.example' where id = '1842'`],
    ['update … returning', `update customers set email = 'owned@evil.example' where id = '1842' returning id`],
    ['delete', `delete from refunds where id = 9912`],
    ['delete … returning', `delete from refunds returning id`],
    [
      'insert',
      `insert into customers (id, name, contact_name, email, phone, country, created_at) values ('x', 'x', 'x', 'x', 'x', 'x', 'x')`,
    ],
    ['drop table', 'drop table refunds'],
    ['create table', 'create table stolen as select * from customers'],
    ['stacked delete', `select id from customers where id = '1842'; delete from refunds`],
    ['transaction control', 'commit'],
    ...(dialect === 'postgres'
      ? ([
          [
            'CTE with an update',
            `with changed as (update customers set email = 'owned@evil.example' returning id) select * from changed`,
          ],
          ['CTE with a delete', 'with gone as (delete from refunds returning id) select count(*) from gone'],
          ['switching the transaction to read-write', `select set_config('transaction_read_only', 'off', true)`],
          ['select … for update', `select * from refunds where id = 9912 for update`],
        ] as Array<[string, string]>)
      : ([
          ['pragma', 'pragma query_only = off'],
          ['attach', `attach database ':memory:' as scratch`],
        ] as Array<[string, string]>)),
  ];

  it.each(writes)('refuses a query that tries to write (%s), and the data is unchanged', async (_what, text) => {
    const before = await fingerprint();
    const error = await run(text).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ReadOnlyQueryError);
    expect(['read_only', 'failed']).toContain((error as ReadOnlyQueryError).kind);
    expect(await fingerprint()).toEqual(before);
    // The connection is still usable afterwards (no transaction left open, no protocol out of step).
    expect((await run('select 1 as one')).rows).toEqual([[1]]);
  });

  it('reports plain writes as read-only refusals, not as generic failures', async () => {
    for (const text of [
      `update customers set email = 'x' where id = '1842' returning id`,
      'delete from refunds returning id',
    ]) {
      await expect(run(text)).rejects.toMatchObject({ kind: 'read_only' });
    }
  });

  it('binds values, never splices them: an injection attempt is just a value', async () => {
    const result = await run('select id from customers where id = :customer_id', { customer_id: "1842' or '1'='1" });
    expect(result.rows).toEqual([]);
    const same = await run('select id, :x as x from customers where id = :customer_id and :x = :x', {
      customer_id: '1842',
      x: 'a',
    });
    expect(same.rows).toEqual([['1842', 'a']]);
  });

  it('stops at the row limit and says so', async () => {
    const count = productionRows().orders.filter((o) => o.customer_id === '1842').length;
    const text = 'select id from orders where customer_id = :customer_id order by id';
    const limited = await run(text, { customer_id: '1842' }, { rowLimit: 10 });
    expect(limited).toMatchObject({ columns: ['id'], truncated: true });
    expect(limited.rows).toHaveLength(10);
    const exact = await run(text, { customer_id: '1842' }, { rowLimit: count });
    expect(exact.truncated).toBe(false);
    expect(exact.rows).toHaveLength(count);
    expect((await run(text, { customer_id: '1842' }, { rowLimit: count - 1 })).truncated).toBe(true);
    // Column names come back even when no row matches.
    expect(
      await run('select id, status from orders where customer_id = :customer_id', { customer_id: 'nobody' }),
    ).toEqual({ columns: ['id', 'status'], rows: [], truncated: false });
  });

  it.runIf(dialect === 'postgres')(
    'cancels a query at its statement timeout, and the connection recovers',
    async () => {
      const started = Date.now();
      await expect(run('select pg_sleep(5)', {}, { timeoutMs: 200 })).rejects.toMatchObject({
        kind: 'timeout',
        message: expect.stringMatching(/200 ms/),
      });
      expect(Date.now() - started).toBeLessThan(2000);
      // The timeout was LOCAL to that transaction: the next query has its own.
      expect((await run('select pg_sleep(0.3), 1 as one', {}, { timeoutMs: 2000 })).rows[0]?.[1]).toBe(1);
    },
  );

  it.runIf(dialect === 'sqlite')(
    'stops a slow result at its deadline between rows (SQLite cannot interrupt a single step)',
    async () => {
      // Each row costs a join of orders with itself (about a million pairs).
      const text = `with recursive n(i) as (select 1 union all select i + 1 from n where i < 200)
      select i, (select count(*) from orders a, orders b where a.id > b.id + n.i) as pairs from n`;
      const started = Date.now();
      await expect(run(text, {}, { rowLimit: 1000, timeoutMs: 50 })).rejects.toMatchObject({ kind: 'timeout' });
      expect(Date.now() - started).toBeLessThan(1500);
      expect((await run('select 1 as one')).rows).toEqual([[1]]);
    },
  );
});
