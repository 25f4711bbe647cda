import { describe, expect, it } from 'vitest';
import { categoriesOf, categoryOf } from './data-categories.js';

describe('data categories', () => {
  it('names the kind of data a field holds, as a customer would read it', () => {
    expect(categoryOf('gateway_response_code')).toBe('Payments and refunds');
    expect(categoryOf('card_token')).toBe('Payment card');
    expect(categoryOf('billing_email')).toBe('Contact details');
    expect(categoryOf('contact_name')).toBe('Contact details');
    expect(categoryOf('order_id')).toBe('Orders');
    expect(categoryOf('plan')).toBe('Account and plan');
    expect(categoryOf('internal_note')).toBe('Notes and messages');
    expect(categoryOf('xyz')).toBe('Other account data');
  });

  it('lists each category once, in a fixed order, counting queries without fields by their name', () => {
    expect(categoriesOf(['refund_status', 'email', 'amount_cents', 'email'])).toEqual([
      'Contact details',
      'Payments and refunds',
    ]);
    expect(categoriesOf([], ['recent-orders'])).toEqual(['Orders']);
    expect(categoriesOf([])).toEqual([]);
  });
});
