import { describe, expect, it } from 'vitest';
import { parseNamedParameters, zSavedQueryDefinitionSchema } from './gateway.js';

describe('parseNamedParameters', () => {
  it.each([
    ['select * from t where a = :a and b = :b_2', ['a', 'b_2']],
    ['select \':not_me\', "col:umn", `x:y` from t where a = :a', ['a']],
    ["select 'it''s :not' from t where a = :a", ['a']],
    ['select a::text from t -- :comment\n where a = :a /* :block */', ['a']],
    ['select $$ :dollar $$, $q$ :tagged $q$ from t where a = :a', ['a']],
    ['select x[1:2] from t', []],
  ])('%s → %j', (text, names) => {
    const parsed = parseNamedParameters(text);
    expect(parsed.names).toEqual(names);
    expect(parsed.problems).toEqual([]);
    expect(parsed.parts).toHaveLength(names.length + 1);
  });

  it('splits the text around each parameter', () => {
    expect(parseNamedParameters("select ':x' from t where a = :a and b = :a").parts).toEqual([
      "select ':x' from t where a = ",
      ' and b = ',
      '',
    ]);
  });

  it('reports positional placeholders', () => {
    expect(parseNamedParameters('select * from t where a = ? and b = $1').problems).toEqual([
      'uses a positional placeholder (?); use named parameters such as :refund_id',
      'uses a positional placeholder ($1); use named parameters such as :refund_id',
    ]);
  });
});

describe('saved query definition', () => {
  const base = {
    title: 'Refund',
    system: 'billing-db',
    sql: 'select * from refunds where customer_id = :customer_id and id = :refund_id',
    params: [{ name: 'refund_id', type: 'integer' }],
  };

  it('fills in defaults', () => {
    expect(zSavedQueryDefinitionSchema.parse(base)).toMatchObject({
      customerParam: 'customer_id',
      rowLimit: 100,
      timeoutMs: 2000,
      fields: {},
      description: '',
    });
  });

  it.each([
    [{ sql: 'select * from refunds where id = :refund_id' }, 'sql', /must filter by :customer_id/],
    [{ params: [] }, 'sql', /uses :refund_id, which is not declared/],
    [
      {
        params: [
          { name: 'refund_id', type: 'integer' },
          { name: 'status', type: 'string' },
        ],
      },
      'params.1.name',
      /never uses :status/,
    ],
    [
      {
        params: [
          { name: 'refund_id', type: 'integer' },
          { name: 'customer_id', type: 'string' },
        ],
      },
      'params.1.name',
      /bound from the grant/,
    ],
    [{ sql: 'select * from refunds where customer_id = ? and id = :refund_id' }, 'sql', /positional placeholder/],
    [{ rowLimit: 5000 }, 'rowLimit', /./],
    [{ timeoutMs: 60_000 }, 'timeoutMs', /./],
    [{ fields: { email: 'hidden' } }, 'fields.email', /./],
  ])('refuses %j at %s', (patch, path, message) => {
    const result = zSavedQueryDefinitionSchema.safeParse({ ...base, ...patch });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue, JSON.stringify(result.error!.issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
  });
});
