import { describe, it, expect } from 'vitest';
import { checkReason, REASON_MAX_LENGTH, REASON_MIN_LENGTH, type ReasonProblem, type ReasonVerdict } from './reason.js';

type Part = ReasonVerdict['missing'][number];

// The word each part's explanation must contain, so the agent knows what to add.
const PART_WORD: Record<Part, string> = { symptom: 'symptom', record: 'record', check: 'check' };
const ALL: Part[] = ['symptom', 'record', 'check'];

function expectMessageNames(message: string, missing: Part[]): void {
  for (const part of missing) expect(message).toContain(PART_WORD[part]);
}

describe('checkReason: refused reasons', () => {
  // [reason, problems that must be present, exact missing parts]
  const refused: Array<[string, ReasonProblem[], Part[]]> = [
    // The five vague reasons named in the design.
    ['Troubleshooting', ['generic', 'too_short'], ALL],
    ['checking data', ['generic', 'too_short'], ALL],
    ['urgent issue', ['generic', 'too_short'], ALL],
    ['debugging', ['generic', 'too_short'], ALL],
    ['support review', ['generic', 'too_short'], ALL],
    // Other stock phrases.
    ['Investigating', ['generic'], ALL],
    ['customer issue', ['generic'], ALL],
    ['look into it', ['generic'], ALL],
    ['need access', ['generic'], ALL],
    ['as requested', ['generic'], ALL],
    ['fixing bug', ['generic'], ALL],
    ['per customer request', ['generic'], ALL],
    ['verify account', ['generic'], ALL],
    // Long enough, but still only filler.
    ['Troubleshooting customer issue, please grant access asap', ['generic', 'no_symptom', 'no_record', 'no_check'], ALL],
    ['Need access to look into the customer issue on ticket 4411', ['generic'], ALL],
    ['Urgent issue for the customer, investigating per request', ['generic'], ALL],
    ['Debugging for the customer ASAP please', ['generic'], ALL],
    ['Support review of the account as requested on ticket #4411', ['generic'], ALL],
    ['Customer reports issue with their account, please investigate', ['generic'], ALL],
    // A record alone does not make filler specific.
    ['Checking data for order 5521', ['generic', 'no_symptom', 'no_check'], ['symptom', 'check']],
    ['Verify account 1842 for the customer please', ['generic', 'no_symptom', 'no_check'], ['symptom', 'check']],
    ['Troubleshooting order 5521 for the customer', ['generic'], ['symptom', 'check']],
    ['Looking at order 5521 because the customer asked', ['no_symptom', 'no_check'], ['symptom', 'check']],
    // A symptom but no record: we cannot tell which data the grant covers.
    ['Customer says their refund failed and they were charged twice', ['no_record', 'no_check'], ['record', 'check']],
    ['Customer cannot log in, need to check what is going on asap', ['no_record', 'no_check'], ['record', 'check']],
    ['Looking into an error the customer reported', ['no_record'], ['record']],
    ['Checking whether the webhook failed for the customer\'s latest payment', ['no_record'], ['record']],
    ['Customer says the refund of $1200 has not arrived, checking the payout status', ['no_record'], ['record']],
    ['Charged twice on 2024-03-01, need to check the stripe logs', ['no_record'], ['record']],
    // A ticket number is not a customer record: the grant is already bound to the ticket.
    ['Ticket 88123: customer was double charged, checking the charges in Stripe', ['no_record'], ['record']],
    // Too short, even when it names something.
    ['refund 9912 failed', ['too_short', 'no_check'], ['check']],
    ['Login broken', ['too_short', 'no_record', 'no_check'], ['record', 'check']],
  ];

  it.each(refused)('refuses %j', (reason, problems, missing) => {
    const v = checkReason(reason);
    expect(v.ok).toBe(false);
    expect(v.vague).toBe(false);
    for (const p of problems) expect(v.problems).toContain(p);
    expect(v.missing).toEqual(missing);
    expectMessageNames(v.message, missing);
  });

  it('gives the full "what to add" message for a bare generic word', () => {
    expect(checkReason('Troubleshooting').message).toBe(
      'Too vague: say what is wrong (the symptom), which record you will open (e.g. refund 9912 or order A-1001), and what you will check.',
    );
  });

  it('does not list problems that do not apply', () => {
    const v = checkReason('Checking whether the webhook failed for the customer\'s latest payment');
    expect(v.problems).toEqual(['no_record']);
    expect(v.message).not.toContain('symptom');
  });
});

describe('checkReason: accepted reasons', () => {
  const accepted: string[] = [
    'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912',
    'Customer was charged twice for order A-1001, checking whether the second capture in Stripe is a duplicate or an auth hold',
    'Refund 9912 shows as processed but the customer says it never arrived, need to confirm the payout status with the bank reference',
    'User jane.doe@acme.com cannot log in via SSO since Monday, checking the SAML assertion and group mapping in the IdP logs',
    'Webhook deliveries for account 1842 are failing with HTTP 500, inspecting the last 20 delivery attempts and response bodies',
    'Invoice INV-22 total does not match the order total, comparing line items and tax amounts',
    'Data export job 77310 for workspace acme-corp has been stuck at 90% for two days, checking the job logs for the error',
    'Nightly CRM sync for tenant 5520 skipped 312 contacts, reviewing the sync run log to see which records were rejected',
    'Subscription sub_8841 was renewed at the wrong price after the plan change, verifying which price ID the renewal invoice used',
    'Order 5521 shows as delivered but the customer did not receive it, checking the carrier tracking events',
    'Password reset emails for user 88213 are bouncing, checking the mail provider delivery log for the bounce reason',
    'Card declined on checkout for order #48271 although the bank approved it, confirming the decline code returned by the gateway',
    'Customer account 1842 was downgraded to the free plan by mistake, checking the billing history to find out when it happened',
    'Refund 7731 was issued twice to the same card, reconciling the ledger entries against the Stripe payouts',
    'Two-factor codes are not reaching user 55102 by SMS, verifying the SMS provider status for the last five attempts',
    'Invoice INV-3090 PDF renders blank for the customer, checking whether the template failed to load line items',
    'SSO login for org acme-corp loops back to the login page, inspecting the SAML response for a wrong audience value',
    'Payment 600123 is stuck in pending for 3 days, checking the processor callback logs to see if the confirmation was lost',
    'Shipping address on order 10452 is wrong after the customer edited it, comparing the audit trail with the checkout payload',
    'Customer cus_Q8xkT2 was charged in USD instead of EUR on invoice INV-4471, checking the currency setting on the price',
    'API token for account 30211 returns 401 on every request since the key rotation, verifying whether the old key was revoked early',
    'Usage report for tenant 7781 shows 0 API calls for March although traffic was normal, checking whether the metering job failed',
    'Customer jo@example.org got a duplicate welcome email after signup, checking the event log for a repeated trigger',
    'Investigate why the data export for customer 4471 is failing with a timeout',
    'User 4411 can\'t access the dashboard after the SSO migration, checking role mappings for the user',
    'Order A-1001 was refunded but the customer still sees the charge, verifying whether the refund settled',
    'The customer\'s invoice INV-22 has the wrong VAT rate; checking the tax settings on the account',
  ];

  it.each(accepted)('accepts %j', (reason) => {
    expect(checkReason(reason)).toEqual({ ok: true, vague: false, problems: [], missing: [], message: '' });
  });
});

describe('checkReason: vague but accepted', () => {
  const borderline: Array<[string, Part[]]> = [
    // Record and check, but no symptom.
    ['Check the webhook delivery logs for account 1842 to review the retry schedule', ['symptom']],
    ['Confirm the customer\'s email address on account 1842 before the plan change', ['symptom']],
    // Record and symptom, but no check.
    ['Refund 9912 failed at the payment gateway and the customer is waiting', ['check']],
    ['Order 5521 arrived damaged and the replacement shipment is missing', ['check']],
  ];

  it.each(borderline)('accepts %j as vague', (reason, missing) => {
    const v = checkReason(reason);
    expect(v.ok).toBe(true);
    expect(v.vague).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.missing).toEqual(missing);
    expect(v.message).toMatch(/^Accepted, but borderline/);
    expectMessageNames(v.message, missing);
  });
});

describe('checkReason: whitespace and length', () => {
  it('treats blank input as empty', () => {
    for (const blank of ['', '   ', '\n\t  \n']) {
      const v = checkReason(blank);
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual(['empty']);
      expect(v.missing).toEqual(ALL);
      expectMessageNames(v.message, ALL);
    }
  });

  it('normalises runs of whitespace and newlines', () => {
    const messy = '  Verify   whether the payment gateway\n\treturned a failure after the refund job ran for   refund 9912  ';
    expect(checkReason(messy).ok).toBe(true);
    expect(checkReason(messy).vague).toBe(false);
  });

  it('measures length after normalising, so padding does not help', () => {
    const v = checkReason(`${' '.repeat(40)}refund 9912 failed${'\n'.repeat(20)}`);
    expect(v.problems).toContain('too_short');
  });

  it('uses sensible bounds', () => {
    expect(REASON_MIN_LENGTH).toBe(25);
    expect(REASON_MAX_LENGTH).toBe(500);
  });

  it('applies the minimum length exactly', () => {
    const base = 'Refund 9912 failed, check'; // 25 characters: record, symptom, check
    expect(base).toHaveLength(REASON_MIN_LENGTH);
    expect(checkReason(base).problems).not.toContain('too_short');
    const shorter = checkReason(base.slice(1));
    expect(shorter.problems).toContain('too_short');
    expect(shorter.ok).toBe(false);
    expect(shorter.message).toContain('Too short');
  });

  it('refuses over-long reasons even when specific', () => {
    const specific = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';
    const long = `${specific}${', and the customer is waiting on it'.repeat(20)}`;
    expect(long.length).toBeGreaterThan(REASON_MAX_LENGTH);
    const v = checkReason(long);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(['too_long']);
    expect(v.message).toContain(`${REASON_MAX_LENGTH} characters`);
  });
});

describe('checkReason: one sentence', () => {
  it.each([
    'Refund 9912 failed at the gateway. Checking the gateway response logs to see whether it was declined.',
    'Order 5521 was never delivered. I will check the carrier events for it',
    'Why did refund 9912 fail? Checking the gateway logs for the decline code',
    'Refund 9912 failed!! Checking the gateway response logs',
  ])('refuses two sentences: %j', (reason) => {
    const v = checkReason(reason);
    expect(v.ok).toBe(false);
    expect(v.problems).toContain('multiple_sentences');
    expect(v.message).toContain('one sentence');
  });

  it.each([
    'Check whether the refund for order A-1001 failed at the gateway, e.g. a declined card or a timeout.',
    'Confirm why invoice INV-22 overcharged the customer by 12.50 compared with order 5521.',
    'Mr. Smith at Acme Inc. reports order 5521 was never delivered, checking the carrier events',
    'Invoice No. 4471 shows the wrong total of 1,299.00 vs. the quote, comparing the line items',
    'Order 5521 is missing items... checking the warehouse pick log for the order',
  ])('is not fooled by abbreviations, decimals, ellipses or a final period: %j', (reason) => {
    const v = checkReason(reason);
    expect(v.problems).not.toContain('multiple_sentences');
    expect(v.ok).toBe(true);
  });
});
