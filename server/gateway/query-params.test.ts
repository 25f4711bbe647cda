import { describe, expect, it } from 'vitest';
import { bindAgentParams, compileSql, customerParamsNamed } from './query-params.js';

describe('compileSql', () => {
  const text =
    "select * from refunds where customer_id = :customer_id and (id = :refund_id or parent_id = :refund_id) and note <> ':x'";
  it('uses ? per occurrence on SQLite', () => {
    expect(compileSql(text, { customer_id: '1842', refund_id: 9912 }, 'sqlite')).toEqual({
      text: "select * from refunds where customer_id = ? and (id = ? or parent_id = ?) and note <> ':x'",
      values: ['1842', 9912, 9912],
    });
  });
  it('numbers each name once on PostgreSQL and leaves casts alone', () => {
    expect(
      compileSql(
        `${text} and created_at::date = :day::date`,
        { customer_id: '1842', refund_id: 9912, day: '2026-11-17' },
        'postgres',
      ),
    ).toEqual({
      text: "select * from refunds where customer_id = $1 and (id = $2 or parent_id = $2) and note <> ':x' and created_at::date = $3::date",
      values: ['1842', 9912, '2026-11-17'],
    });
  });
  it('refuses to run with a parameter missing', () => {
    expect(() => compileSql(text, { customer_id: '1842' }, 'sqlite')).toThrow(/:refund_id/);
  });
});

describe('customerParamsNamed', () => {
  const query = {
    customerParam: 'customer_id',
    params: [
      { name: 'refund_id', type: 'integer' as const },
      { name: 'account_type', type: 'string' as const },
    ],
  };
  it.each([
    [{ customer_id: '2207' }, ['customer_id']],
    [{ customerId: '2207' }, ['customerId']],
    [{ CUSTOMER_ID: '1842' }, ['CUSTOMER_ID']],
    [{ account_id: 'acct_2207', refund_id: 1 }, ['account_id']],
    [{ account: '2207' }, ['account']],
    [{ client_no: '2207' }, ['client_no']],
    [{ refund_id: 9912, account_type: 'x' }, []],
    [{ customer_name: 'x' }, []],
  ])('%j → %j', (supplied, named) => {
    expect(customerParamsNamed(query, supplied)).toEqual(named);
  });
});

describe('bindAgentParams', () => {
  const query = {
    params: [
      { name: 'refund_id', type: 'integer' as const },
      { name: 'min_cents', type: 'number' as const, default: 0 },
      { name: 'since', type: 'date' as const, default: '2026-01-01' },
      { name: 'only_failed', type: 'boolean' as const, default: false },
      { name: 'status', type: 'string' as const, default: 'failed' },
    ],
  };
  it('coerces values and fills in defaults', () => {
    expect(bindAgentParams(query, { refund_id: '9912', only_failed: 'true' })).toEqual({
      values: { refund_id: 9912, min_cents: 0, since: '2026-01-01', only_failed: true, status: 'failed' },
      issues: [],
    });
  });
  it('names every wrong parameter', () => {
    const { issues } = bindAgentParams(query, {
      refund_id: '9912 or 1=1',
      since: 'yesterday',
      min_cents: 'lots',
      extra: 1,
    });
    expect(issues.map((i) => i.path)).toEqual(['params.extra', 'params.refund_id', 'params.min_cents', 'params.since']);
    expect(issues[1]?.message).toBe('must be an integer');
    expect(bindAgentParams(query, {}).issues).toEqual([{ path: 'params.refund_id', message: 'is required (integer)' }]);
  });
});
