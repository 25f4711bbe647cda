import { t } from '../i18n.js';

/** How a result cell reads: plain text, or a code shown in a monospace tag. */
export interface CellText {
  text: string;
  code: boolean;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** The currency of a row, when it names one (`currency`, `currency_code`). */
function rowCurrency(row: Record<string, unknown>): string | null {
  const value = row.currency ?? row.currency_code;
  return typeof value === 'string' && CURRENCY.test(value.toUpperCase()) ? value.toUpperCase() : null;
}

/**
 * A result value as an agent reads it: times and dates in words, amounts in cents as money in the
 * row's currency, `…_code` columns as codes, and nothing shown as a dash.
 *
 * @example formatCell('amount_cents', 12900, { currency: 'EUR' }) // { text: '€129.00', code: false }
 * formatCell('gateway_response_code', '54', {}) // { text: '54', code: true }
 */
export function formatCell(column: string, value: unknown, row: Record<string, unknown>): CellText {
  if (value === null || value === undefined || value === '') return { text: t('common.none'), code: false };
  const name = column.toLowerCase();
  if (typeof value === 'number' && /(_cents|_minor)$/.test(name)) {
    const currency = rowCurrency(row);
    const amount = value / 100;
    const text = currency
      ? new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount)
      : amount.toFixed(2);
    return { text, code: false };
  }
  if (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))) {
    const text = new Date(value).toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    return { text, code: false };
  }
  if (typeof value === 'string' && ISO_DATE.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const text = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    return { text, code: false };
  }
  if (typeof value === 'boolean')
    return { text: value ? t('ticket_sidebar.queries.yes') : t('ticket_sidebar.queries.no'), code: false };
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return { text, code: /(_code|_id|_token|^id)$/.test(name) || name === 'status' || name.endsWith('_status') };
}

/** A column name as a label: `gateway_response_code` → `Gateway response code`, `amount_cents` → `Amount`. */
export const columnLabel = (column: string) => {
  // Amounts are shown as money, so the storage unit leaves the label.
  const words = column
    .replace(/_(cents|minor)$/i, '')
    .replace(/_/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** "1 row", "12 rows", "No rows matched." — with "(truncated)" when the limit cut it. */
export function rowCountText(count: number, truncated: boolean): string {
  if (count === 0) return t('ticket_sidebar.queries.no_rows');
  if (truncated) return t('ticket_sidebar.queries.rows_truncated', { count });
  return count === 1 ? t('ticket_sidebar.queries.rows_one') : t('ticket_sidebar.queries.rows', { count });
}
