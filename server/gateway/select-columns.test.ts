import { describe, expect, it } from 'vitest';
import { demoSavedQueries } from '../demo/saved-queries.js';
import { selectColumns } from './select-columns.js';

describe('selectColumns', () => {
  it('reads aliases and plain columns of the outer select list, skipping nested commas and stars', () => {
    expect(selectColumns('select r.id as refund_id, c.email, coalesce(a, b) as pick, count(*), * from t')).toEqual([
      'refund_id',
      'email',
      'pick',
    ]);
    expect(selectColumns("select 'a, b' as label, x\n  from t where y = (select 1 from u)")).toEqual(['label', 'x']);
    expect(selectColumns('update t set a = 1')).toEqual([]);
  });

  it('finds the sensitive columns of the demo queries', () => {
    const refund = selectColumns(demoSavedQueries['refund-with-gateway-response']!.sql);
    expect(refund).toEqual(
      expect.arrayContaining(['refund_id', 'card_token', 'contact_name', 'email', 'internal_note']),
    );
    expect(selectColumns(demoSavedQueries['account-status']!.sql)).toContain('billing_email');
  });
});
