/**
 * Categories of customer data, for a customer-facing report: which kinds of data a session saw,
 * derived from the field (column) names and saved-query names it recorded. A customer reads
 * "Contact details, Payments and refunds", not `gateway_response_code`.
 */
// No zod here: the console imports it at runtime.

export const DATA_CATEGORIES = [
  'Contact details',
  'Payment card',
  'Payments and refunds',
  'Orders',
  'Account and plan',
  'Notes and messages',
  'Logs',
  'Other account data',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** First match wins; checked against a field or query name in lower case. */
const RULES: Array<[RegExp, DataCategory]> = [
  [/card|cvv|pan\b|iban|bank/, 'Payment card'],
  [
    /e-?mail|phone|contact|address|addr|street|city|zip|postcode|person|first_?name|last_?name|full_?name/,
    'Contact details',
  ],
  [/refund|payment|gateway|invoice|charge|amount|balance|currency|price|tax|vat|billing/, 'Payments and refunds'],
  [/order|shipment|delivery|cart|item/, 'Orders'],
  [/account|plan|subscription|status|company|customer/, 'Account and plan'],
  [/note|comment|message|free_?text|description/, 'Notes and messages'],
  [/log|trace|request_id|event/, 'Logs'],
];

/**
 * The category of one field or query name.
 *
 * @example categoryOf('gateway_response_code') // 'Payments and refunds'
 */
export function categoryOf(name: string): DataCategory {
  const lower = name.toLowerCase();
  for (const [pattern, category] of RULES) if (pattern.test(lower)) return category;
  return 'Other account data';
}

/**
 * The categories a set of fields and query names touch, in the order of DATA_CATEGORIES. A query
 * with no recorded fields counts by its name.
 *
 * @example categoriesOf(['email', 'refund_status'], []) // ['Contact details', 'Payments and refunds']
 */
export function categoriesOf(fields: Iterable<string>, queryNames: Iterable<string> = []): DataCategory[] {
  const found = new Set<DataCategory>();
  for (const name of [...fields, ...queryNames]) found.add(categoryOf(name));
  return DATA_CATEGORIES.filter((c) => found.has(c));
}
