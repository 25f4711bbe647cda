import canonicalize from 'canonicalize';

/**
 * Which canonical JSON a row was hashed over (the `canon` column of audit_events):
 * 1 — keys sorted, but integer-like keys first in numeric order (what JavaScript objects do to
 *     them; rows written before RFC 8785 was adopted);
 * 2 — RFC 8785 (JSON Canonicalization Scheme): every key in UTF-16 code-unit order.
 */
export type CanonVersion = 1 | 2;
export const CANON_VERSION: CanonVersion = 2;

// ES2024 string methods (Node ≥ 20); the project's lib setting stops at ES2023.
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (s: string) => (s as Es2024String).isWellFormed();
const toWellFormed = (s: string) => (s as Es2024String).toWellFormed();

const UNSORTED = 1;
/** Not I-JSON (lone surrogates, NaN, Infinity) or a toJSON whose result the walk cannot see. */
const NEEDS_ROUND_TRIP = 2;

/**
 * One read-only walk (no copies) that tells how far JSON.stringify(value) is from RFC 8785 output.
 * 0: not at all — every object lists its keys in code-unit order (the order JSON.stringify meets
 * them, so integer-like keys out of string order fail), every string and key is well-formed UTF-16,
 * every number finite, no toJSON; JCS writes strings and numbers exactly as JSON.stringify does, so
 * key order is the only other difference. UNSORTED: only key order differs. NEEDS_ROUND_TRIP: more.
 */
function shapeOf(value: unknown): number {
  if (typeof value === 'string') return isWellFormed(value) ? 0 : NEEDS_ROUND_TRIP;
  if (typeof value === 'number') return Number.isFinite(value) ? 0 : NEEDS_ROUND_TRIP;
  if (value === null || typeof value !== 'object') return 0;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return NEEDS_ROUND_TRIP;
  let shape = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      shape |= shapeOf(item);
      if (shape & NEEDS_ROUND_TRIP) return shape;
    }
    return shape;
  }
  let previous: string | undefined;
  for (const key in value) {
    if (!isWellFormed(key)) return NEEDS_ROUND_TRIP;
    if (previous !== undefined && key < previous) shape |= UNSORTED;
    previous = key;
    shape |= shapeOf((value as Record<string, unknown>)[key]);
    if (shape & NEEDS_ROUND_TRIP) return shape;
  }
  return shape;
}

/**
 * Whether JSON.stringify(value) is already RFC 8785 output (then canonicalJson uses it as is).
 *
 * @example stringifyIsCanonical({ 9: 'a', 10: 'b' }) // false: JSON.stringify writes "9" first, RFC 8785 "10"
 */
export function stringifyIsCanonical(value: unknown): boolean {
  return shapeOf(value) === 0;
}

/** JSON.stringify replacer: lone surrogates (JSON allows them as escapes, RFC 8785 does not) become U+FFFD. */
function wellFormed(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).every(isWellFormed)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [toWellFormed(k), v]));
  }
  return value;
}

/**
 * RFC 8785 canonical JSON (canon 2), so the same value always hashes the same whatever order its
 * keys were built in, and a verifier in any language can rebuild it. `undefined` members are dropped
 * and non-finite numbers become null, as JSON.stringify does; lone surrogates become U+FFFD.
 * Values the hot paths build (keys already in order) are written by JSON.stringify directly —
 * provably the same text, about 3× faster; everything else goes through `canonicalize`.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], 10: 'x', 9: 'y' }) //
 * '{"10":"x","9":"y","a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const shape = shapeOf(value);
  if (shape === 0) return JSON.stringify(value) ?? 'null';
  if (!(shape & NEEDS_ROUND_TRIP)) return canonicalize(value) ?? 'null';
  // The round trip applies toJSON, drops undefined and maps NaN to null as JSON.stringify does.
  const text = JSON.stringify(value, wellFormed);
  return text === undefined ? 'null' : canonicalize(JSON.parse(text))!;
}

/** Rebuilds plain objects with their keys in order; JSON.stringify then writes them in that order. */
function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/**
 * The canonical JSON of rows with canon 1, kept to verify them: keys sorted, except that integer-like
 * keys ("9", "10") come first in numeric order, because a rebuilt JavaScript object lists them so.
 *
 * @example canonicalJsonV1({ a: 0, 10: 'ten', 9: 'nine' }) // '{"9":"nine","10":"ten","a":0}'
 */
export function canonicalJsonV1(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'null';
}

/** The canonical JSON of a given version. @example canonicalJsonOf(row.canon, data) */
export function canonicalJsonOf(canon: number, value: unknown): string {
  if (canon === 1) return canonicalJsonV1(value);
  if (canon === 2) return canonicalJson(value);
  throw new Error(`unknown canonical JSON version ${canon}`);
}
