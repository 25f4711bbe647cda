import { describe, expect, it } from 'vitest';
import { columnLabel, formatCell, rowCountText } from './result-format.js';

describe('query results as an agent reads them', () => {
  it('shows amounts in cents as money in the row’s currency', () => {
    expect(formatCell('amount_cents', 12_900, { currency: 'EUR' })).toEqual({ text: '€129.00', code: false });
    expect(formatCell('balance_cents', 5, { currency: 'usd' }).text).toBe('US$0.05');
    expect(formatCell('total_cents', 12_900, {}).text).toBe('129.00');
  });

  it('shows times and dates in words, codes as codes, and nothing as a dash', () => {
    expect(formatCell('processed_at', '2026-11-20T09:14:00.000Z', {}).text).toMatch(/^20 Nov 2026, \d\d:14$/);
    expect(formatCell('card_expires', '2026-03-31', {}).text).toBe('31 Mar 2026');
    expect(formatCell('gateway_response_code', '54', {})).toEqual({ text: '54', code: true });
    expect(formatCell('refund_status', 'failed', {}).code).toBe(true);
    expect(formatCell('gateway_response_message', 'Expired card', {})).toEqual({ text: 'Expired card', code: false });
    expect(formatCell('email', null, {}).text).toBe('—');
    expect(formatCell('note', 'ISO 2026-11-20 is in here', {}).text).toBe('ISO 2026-11-20 is in here');
  });

  it('labels columns and counts rows in words', () => {
    expect(columnLabel('gateway_response_code')).toBe('Gateway response code');
    expect(columnLabel('amount_cents')).toBe('Amount');
    expect(rowCountText(1, false)).toBe('1 row');
    expect(rowCountText(3, false)).toBe('3 rows');
    expect(rowCountText(0, false)).toBe('No rows matched.');
    expect(rowCountText(20, true)).toBe('20 rows (truncated)');
  });
});
