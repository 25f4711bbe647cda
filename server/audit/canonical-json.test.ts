import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/production-data.js';
import { canonicalJson, canonicalJsonOf, canonicalJsonV1, stringifyIsCanonical } from './canonical-json.js';

describe('canonicalJson (canon 2) is RFC 8785', () => {
  it('sorts keys by UTF-16 code units, integer-like keys too (RFC 8785 §3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",' +
        '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign",' +
        '"😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ customRoles: { 10: 'lead', 9: 'agent' } })).toBe(
      '{"customRoles":{"10":"lead","9":"agent"}}',
    );
    expect(canonicalJson([56, { d: true, 10: null, 1: [] }])).toBe('[56,{"1":[],"10":null,"d":true}]');
  });

  it('writes numbers and strings as RFC 8785 §3.2.2 does', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('drops undefined members, applies toJSON, writes NaN as null and lone surrogates as U+FFFD, on both paths', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: undefined, e: null }] })).toBe('{"a":[2,{"d":3,"e":null}],"b":1}');
    expect(canonicalJson({ a: { toJSON: () => ({ y: 1, x: 2 }) } })).toBe('{"a":{"x":2,"y":1}}');
    expect(canonicalJson({ at: new Date('2026-11-23T10:00:00.000Z') })).toBe('{"at":"2026-11-23T10:00:00.000Z"}');
    expect(canonicalJson({ a: Number.NaN, b: Number.POSITIVE_INFINITY })).toBe('{"a":null,"b":null}');
    expect(canonicalJson({ a: 'x\ud800y' })).toBe('{"a":"x\ufffdy"}');
    expect(canonicalJson({ b: 1, a: 'x\udc00' })).toBe('{"a":"x\ufffd","b":1}');
    expect(canonicalJson({ '\ud800': 1 })).toBe('{"\ufffd":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('takes the JSON.stringify fast path exactly when that is RFC 8785 already', () => {
    expect(stringifyIsCanonical({ events: [{ a: 1, b: [{ c: 2 }], z: 'é' }], via: 'session' })).toBe(true);
    expect(stringifyIsCanonical({ 1: 'one', 2: 'two', a: 0 })).toBe(true);
    expect(stringifyIsCanonical({ 9: 'nine', 10: 'ten' })).toBe(false);
    expect(stringifyIsCanonical({ b: 1, a: 2 })).toBe(false);
    expect(stringifyIsCanonical({ a: '\ud800' })).toBe(false);
    expect(stringifyIsCanonical({ a: Number.NaN })).toBe(false);
    expect(stringifyIsCanonical({ a: new Date(0) })).toBe(false);
  });

  // Random values with the keys this trail stores (ids, names, integer-like role ids, non-ASCII),
  // built in key order and shuffled: canonicalJson must equal the reference implementation always.
  it('equals the canonicalize package on thousands of random values, on both paths', () => {
    const rand = seededRandom(8785);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const keys = [
      'a',
      'b',
      'id',
      'Z',
      '_x',
      '9',
      '10',
      '0',
      '01',
      '4294967295',
      '4294967294',
      'é',
      '€',
      '😀',
      '\ufb33',
      'a b',
      '"q"',
      '',
    ];
    const numbers = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789.123, 2 ** 53, -3.25e-10, 5e-324, 1.7976931348623157e308];
    const strings = [
      '',
      'plain',
      'é€😀',
      'quote " and \\ backslash',
      'tab\tnew\nline\u0001\u001f\u007f',
      '\u2028\u2029',
      '</script>',
    ];
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.35)
        return pick([null, true, false, pick(numbers), pick(strings), pick(numbers), pick(strings)]);
      if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      const entries = Array.from({ length: Math.floor(rand() * 6) }, () => [pick(keys), value(depth + 1)] as const);
      return Object.fromEntries(rand() < 0.5 ? [...entries].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)) : entries);
    };
    let fast = 0;
    for (let i = 0; i < 5_000; i++) {
      const v = value(0);
      if (stringifyIsCanonical(v)) {
        fast += 1;
        expect(JSON.stringify(v)).toBe(canonicalize(v));
      }
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
    expect(fast).toBeGreaterThan(500); // both paths were exercised
    expect(fast).toBeLessThan(4_500);
  });
});

describe('canonicalJsonV1 (canon 1, rows written before RFC 8785)', () => {
  it('keeps the old rule: keys sorted, integer-like keys first in numeric order', () => {
    expect(canonicalJsonV1({ a: 0, 10: 'ten', 9: 'nine' })).toBe('{"9":"nine","10":"ten","a":0}');
    expect(canonicalJsonV1({ b: 1, a: [2, { d: 3, c: undefined, e: null }] })).toBe('{"a":[2,{"d":3,"e":null}],"b":1}');
    expect(canonicalJsonOf(1, { customRoles: { 10: 'lead', 9: 'agent' } })).toBe(
      '{"customRoles":{"9":"agent","10":"lead"}}',
    );
    expect(canonicalJsonOf(2, { customRoles: { 10: 'lead', 9: 'agent' } })).toBe(
      '{"customRoles":{"10":"lead","9":"agent"}}',
    );
    expect(() => canonicalJsonOf(3, {})).toThrow(/version 3/);
  });
});
