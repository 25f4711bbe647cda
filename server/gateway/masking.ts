import type { Sensitivity } from '../../shared/gateway.js';

/**
 * Which result columns are sensitive, decided from the column name (a saved query's `fields`
 * override it either way). Checked in order; the first match wins. Bare `name` is not here: in
 * the billing data it is a company name — an admin marks a personal one with an override.
 */
export const SENSITIVE_COLUMN_RULES: ReadonlyArray<{ kind: Sensitivity; pattern: RegExp; examples: string }> = [
  {
    kind: 'secret',
    pattern: /(^|_)(password|passwd|secret|api_key|private_key)(_|$)/,
    examples: 'password, api_key, client_secret',
  },
  { kind: 'email', pattern: /(^|_)(e_?mail|email_address)(_|$)/, examples: 'email, billing_email, contact_email' },
  {
    kind: 'phone',
    pattern: /(^|_)(phone|mobile|cell|fax|msisdn|telephone)(_|$)/,
    examples: 'phone, mobile, phone_number',
  },
  {
    kind: 'card_token',
    pattern: /(^|_)(card_(token|number|num|no|pan)|pan|payment_token|token)$/,
    examples: 'card_token, card_number, pan',
  },
  {
    kind: 'person_name',
    pattern:
      /(^|_)((contact|first|last|given|family|full|middle|cardholder|holder|person|requester|sender|recipient)_?name|surname|name_on_card)$/,
    examples: 'contact_name, first_name, cardholder_name, surname',
  },
  {
    kind: 'free_text',
    pattern: /(^|_)(notes?|comments?|memo|remarks|free_?text|body)$/,
    examples: 'notes, internal_note, comment, memo',
  },
];

/** `contactEmail` and `Contact-Email` → `contact_email`, so one table covers every naming style. */
function normalizeColumn(column: string): string {
  return column
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}

/**
 * @example classifyColumn('billing_email') // 'email'
 * @example classifyColumn('company', { company: 'person_name' }) // 'person_name'
 */
export function classifyColumn(
  column: string,
  overrides: Record<string, Sensitivity | 'none'> = {},
): Sensitivity | null {
  const override = overrides[column] ?? overrides[column.toLowerCase()];
  if (override) return override === 'none' ? null : override;
  const normalized = normalizeColumn(column);
  return SENSITIVE_COLUMN_RULES.find((rule) => rule.pattern.test(normalized))?.kind ?? null;
}

const initial = (word: string) => `${[...word][0]?.toUpperCase() ?? ''}.`;

/** How each kind is shown masked: enough to recognise the record on the phone, not to reuse it. */
export const maskers: Record<Sensitivity, (value: string) => string> = {
  // maya.chen@northwind.example → m***@northwind.example
  email: (v) => {
    const at = v.lastIndexOf('@');
    return at <= 0 ? '***' : `${[...v][0]}***${v.slice(at)}`;
  },
  // +1 415 555 0142 → +* *** *** **42
  phone: (v) => {
    const digits = v.replace(/\D/g, '').length;
    let seen = 0;
    return v.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '*'));
  },
  // Maya Chen → M. C.
  person_name: (v) =>
    v
      .trim()
      .split(/[\s-]+/)
      .filter(Boolean)
      .map(initial)
      .join(' ') || '***',
  // tok_visa_4f9c2a7e4242 → ****4242
  card_token: (v) => {
    const chars = v.replace(/[^A-Za-z0-9]/g, '');
    return chars.length <= 4 ? '****' : `****${chars.slice(-4)}`;
  },
  free_text: (v) => `[redacted: ${[...v].length} chars]`,
  secret: () => '[redacted]',
};

export interface MaskPlan {
  /** Per column: the kind to mask with, or null to show as is. */
  mask: Array<Sensitivity | null>;
  masked: string[];
  unmasked: string[];
}

/**
 * Decides per column what to mask: sensitive columns are masked unless the grant's `unmaskFields`
 * names them (case-insensitive column names).
 */
export function planMasking(
  columns: string[],
  overrides: Record<string, Sensitivity | 'none'>,
  unmaskFields: string[],
): MaskPlan {
  const unmask = new Set(unmaskFields.map((f) => f.toLowerCase()));
  const plan: MaskPlan = { mask: [], masked: [], unmasked: [] };
  for (const column of columns) {
    const kind = classifyColumn(column, overrides);
    if (kind && unmask.has(column.toLowerCase())) plan.unmasked.push(column);
    else if (kind) plan.masked.push(column);
    plan.mask.push(kind && !unmask.has(column.toLowerCase()) ? kind : null);
  }
  return plan;
}

/** A value as JSON can carry it: dates as ISO text, bytes described, big integers as text. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `[binary: ${value.byteLength} bytes]`;
  return value;
}

export function maskValue(kind: Sensitivity | null, value: unknown): unknown {
  const plain = toJsonValue(value);
  if (kind === null || plain === null) return plain;
  return maskers[kind](typeof plain === 'string' ? plain : JSON.stringify(plain));
}
