import { describe, expect, it } from 'vitest';
import { classifyColumn, maskValue, planMasking } from './masking.js';

describe('column classifier', () => {
  it.each([
    ['email', 'email'],
    ['billing_email', 'email'],
    ['contactEmail', 'email'],
    ['EMAIL_ADDRESS', 'email'],
    ['phone', 'phone'],
    ['phone_number', 'phone'],
    ['mobile', 'phone'],
    ['contact_name', 'person_name'],
    ['first_name', 'person_name'],
    ['lastName', 'person_name'],
    ['cardholder_name', 'person_name'],
    ['surname', 'person_name'],
    ['card_token', 'card_token'],
    ['card_number', 'card_token'],
    ['pan', 'card_token'],
    ['notes', 'free_text'],
    ['internal_note', 'free_text'],
    ['comment', 'free_text'],
    ['memo', 'free_text'],
    ['api_key', 'secret'],
    ['password_hash', 'secret'],
  ])('%s is %s', (column, kind) => {
    expect(classifyColumn(column)).toBe(kind);
  });

  it.each([
    'refund_id',
    'company',
    'name',
    'status',
    'gateway_response_code',
    'gateway_response_message',
    'card_brand',
    'card_expires',
    'emailed_at',
    'telephony_region',
    'currency',
  ])('%s is not sensitive', (column) => {
    expect(classifyColumn(column)).toBeNull();
  });

  it("lets a saved query's overrides win either way", () => {
    expect(classifyColumn('company', { company: 'person_name' })).toBe('person_name');
    expect(classifyColumn('notes', { notes: 'none' })).toBeNull();
    expect(classifyColumn('addr', { addr: 'free_text' })).toBe('free_text');
  });
});

describe('maskers', () => {
  const note = 'Key account since 2019. Prefers email over phone; escalations go to Maya Chen directly.';
  it.each([
    ['email', 'maya.chen@northwind.example', 'm***@northwind.example'],
    ['email', 'not-an-address', '***'],
    ['phone', '+1 415 555 0142', '+* *** *** **42'],
    ['phone', '0142', '**42'],
    ['person_name', 'Maya Chen', 'M. C.'],
    ['person_name', 'jean-luc  picard', 'J. L. P.'],
    ['card_token', 'tok_visa_51d07e3b4417', '****4417'],
    ['card_token', '4242', '****'],
    ['free_text', note, `[redacted: ${note.length} chars]`],
    ['secret', 's3cr3t', '[redacted]'],
  ] as const)('%s: %s → %s', (kind, value, masked) => {
    expect(maskValue(kind, value)).toBe(masked);
  });

  it('keeps nulls, masks non-strings as text, and leaves other columns alone', () => {
    expect(maskValue('email', null)).toBeNull();
    expect(maskValue('phone', 4155550142)).toBe('********42');
    expect(maskValue(null, 12_900)).toBe(12_900);
    expect(maskValue(null, new Date('2026-11-17T02:00:12.000Z'))).toBe('2026-11-17T02:00:12.000Z');
  });
});

describe('masking plan', () => {
  it('masks sensitive columns unless the grant unmasks them by name', () => {
    const plan = planMasking(['refund_id', 'email', 'contact_name', 'card_token', 'notes'], {}, ['EMAIL', 'notes']);
    expect(plan).toEqual({
      mask: [null, null, 'person_name', 'card_token', null],
      masked: ['contact_name', 'card_token'],
      unmasked: ['email', 'notes'],
    });
  });

  it('does not list a non-sensitive column as unmasked just because the grant names it', () => {
    expect(planMasking(['status'], {}, ['status'])).toEqual({ mask: [null], masked: [], unmasked: [] });
  });
});
