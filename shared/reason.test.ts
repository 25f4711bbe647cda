import { describe, it, expect } from 'vitest';
import { REASON_CORPUS, type CorpusEntry } from '../bench/reason-corpus.js';
import { checkReason, REASON_MAX_LENGTH, REASON_MIN_LENGTH, type ReasonProblem, type ReasonVerdict } from './reason.js';

type Part = ReasonVerdict['missing'][number];

// The word each part's explanation must contain, so the agent knows what to add.
const PART_WORD: Record<Part, string> = { subject: 'what', detail: 'what is wrong' };
const ALL: Part[] = ['subject', 'detail'];

function expectMessageNames(message: string, missing: Part[]): void {
  for (const part of missing) expect(message).toContain(PART_WORD[part]);
}

describe('checkReason: refused reasons', () => {
  // [reason, problems that must be present, exact missing parts]
  const refused: Array<[string, ReasonProblem[], Part[]]> = [
    // The vague reasons named in the design.
    ['Troubleshooting', ['generic', 'too_short'], ALL],
    ['checking data', ['generic', 'too_short'], ALL],
    ['urgent issue', ['generic', 'too_short'], ALL],
    ['debugging', ['generic', 'too_short'], ALL],
    ['support review', ['generic', 'too_short'], ALL],
    ['Need to check account', ['generic', 'too_short'], ALL],
    ['Checked production', ['generic', 'too_short'], ALL],
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
    ['Troubleshooting customer issue, please grant access asap', ['generic'], ALL],
    ['Need access to look into the customer issue on ticket 4411', ['generic'], ALL],
    ['Urgent issue for the customer, investigating per request', ['generic'], ALL],
    ['Debugging for the customer ASAP please', ['generic'], ALL],
    ['Support review of the account as requested on ticket #4411', ['generic'], ALL],
    ['Customer reports issue with their account, please investigate', ['generic'], ALL],
    // A record alone does not make filler specific: it says neither what is wrong nor what is checked.
    ['Checking data for order 5521', ['no_detail'], ['detail']],
    ['Verify account 1842 for the customer please', ['generic'], ALL],
    ['Troubleshooting order 5521 for the customer', ['no_detail'], ['detail']],
    ['Looking at order 5521 because the customer asked', ['no_detail'], ['detail']],
    // A symptom about nothing concrete.
    ['Looking into an error the customer reported', ['no_subject', 'no_detail'], ALL],
    // Too short, even when it names something.
    ['refund 9912 failed', ['too_short'], []],
    ['Login broken', ['too_short', 'no_detail'], ['detail']],
  ];

  it.each(refused)('refuses %j', (reason, problems, missing) => {
    const v = checkReason(reason);
    expect(v.ok).toBe(false);
    expect(v.vague).toBe(false);
    for (const p of problems) expect(v.problems).toContain(p);
    expect(v.missing).toEqual(missing);
    expectMessageNames(v.message, missing);
  });

  it('gives the full "what to add" message for a bare generic word, with an example from the request', () => {
    expect(checkReason('Troubleshooting', { customerId: '1842', systems: ['billing-db'] }).message).toBe(
      'Too vague: say what is wrong or what you will check, and in what — for example: ' +
        "“The last refund for customer 1842 shows completed but the money never arrived; checking the refund's status in billing-db”.",
    );
  });

  it('does not list problems that do not apply', () => {
    const v = checkReason('Checking data for order 5521');
    expect(v.problems).toEqual(['no_detail']);
    expect(v.message).toMatch(/^Say what is wrong with it or what you will check/);
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
    "User 4411 can't access the dashboard after the SSO migration, checking role mappings for the user",
    'Order A-1001 was refunded but the customer still sees the charge, verifying whether the refund settled',
    "The customer's invoice INV-22 has the wrong VAT rate; checking the tax settings on the account",
    // Labels changed with issue 12: each says what is wrong or what will be checked about something
    // concrete, and the customer in scope is the record, so no id is needed (they were refused as
    // "no record" or flagged as missing a symptom or a check).
    'Customer says their refund failed and they were charged twice',
    'Customer cannot log in, need to check what is going on asap',
    "Checking whether the webhook failed for the customer's latest payment",
    'Customer says the refund of $1200 has not arrived, checking the payout status',
    'Charged twice on 2024-03-01, need to check the stripe logs',
    'Ticket 88123: customer was double charged, checking the charges in Stripe',
    'Check the webhook delivery logs for account 1842 to review the retry schedule',
    "Confirm the customer's email address on account 1842 before the plan change",
    'Refund 9912 failed at the payment gateway and the customer is waiting',
    'Order 5521 arrived damaged and the replacement shipment is missing',
    // The guidance's own examples (issue 12).
    'verify whether the payment gateway returned a failure after the refund job ran',
    'Checking a failed refund after the customer reported a duplicate charge',
    'Refund shows completed but money never arrived; check the gateway response for the refund job',
    'Password reset emails bounce for this user; check the email delivery status and bounce reason',
    'Checked duplicate billing complaint for customer 1842 after support could not confirm the source in staging',
  ];

  it.each(accepted)('accepts %j', (reason) => {
    expect(checkReason(reason)).toEqual({ ok: true, vague: false, problems: [], missing: [], message: '' });
  });
});

describe('checkReason: vague but accepted', () => {
  const borderline: Array<[string, Part[]]> = [
    // A clear symptom about an area of the product, not a thing in it.
    ['Billing keeps failing for this customer since last week', ['subject']],
    ['Payments have been failing for this customer all morning', ['subject']],
  ];

  it.each(borderline)('accepts %j as vague', (reason, missing) => {
    const v = checkReason(reason);
    expect(v.ok).toBe(true);
    expect(v.vague).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.missing).toEqual(missing);
    expect(v.message).toMatch(/^Accepted, but borderline: also say which part/);
  });
});

describe('checkReason: in the context of the request', () => {
  const context = { customerId: '1842', systems: ['payments-gateway'], ticketId: '48271' };

  it('takes the customer in scope as the record, and one named the same way', () => {
    expect(checkReason('the last refund never arrived; checking the gateway response for it', context).ok).toBe(true);
    expect(checkReason('refund for customer 1842 never arrived; checking the gateway response', context).ok).toBe(true);
  });

  it('refuses a reason that names another customer than the one in scope', () => {
    const v = checkReason('refund for customer 5521 never arrived; checking the gateway response', context);
    expect(v.ok).toBe(false);
    expect(v.problems).toContain('other_customer');
    expect(v.message).toContain('customer 5521, but the request is for customer 1842');
  });

  it('counts a system of the request as something concrete', () => {
    expect(checkReason('payments-gateway has been timing out for this customer since noon', context).ok).toBe(true);
    expect(checkReason('app-logs has been timing out for this customer since noon', context).vague).toBe(false);
  });

  it("builds the example in its messages from the request's own systems and customer", () => {
    expect(checkReason('urgent issue', context).message).toContain('checking the gateway response in payments-gateway');
    expect(checkReason('urgent issue', context).message).toContain('customer 1842');
    expect(checkReason('urgent issue', { customerId: '77', systems: ['accounts-admin'] }).message).toContain(
      'login history in accounts-admin',
    );
    expect(checkReason('urgent issue', { systems: ['app-logs'] }).message).toContain('checking app-logs for');
  });

  it('reads common shorthand and one-letter typos', () => {
    expect(checkReason('cust never recieved the refud; checking teh paymnet gateway response', context).ok).toBe(true);
    expect(checkReason('acct owner cant login since the sso change, checking the saml assertion', context).ok).toBe(
      true,
    );
  });
});

describe('checkReason: the labelled corpus', () => {
  it('accepts no vague reason and refuses at most 2% of specific ones', () => {
    const verdict = (e: CorpusEntry) =>
      checkReason(e.reason, { customerId: e.customerId, systems: e.systems, ticketSubject: e.ticketSubject ?? null });
    const specific = REASON_CORPUS.filter((e) => e.label === 'specific');
    const vague = REASON_CORPUS.filter((e) => e.label === 'vague');
    expect(specific.length).toBeGreaterThanOrEqual(100);
    expect(vague.length).toBeGreaterThanOrEqual(100);
    expect(vague.filter((e) => verdict(e).ok).map((e) => e.reason)).toEqual([]);
    expect(specific.filter((e) => !verdict(e).ok).length / specific.length).toBeLessThanOrEqual(0.02);
  });
});

describe('checkReason: hostile input', () => {
  it('stays bounded: a megabyte, a megabyte of one word, NULs and dots are judged, not choked on', () => {
    for (const input of [
      'a'.repeat(1_000_000),
      'refund '.repeat(150_000),
      '\u0000'.repeat(100_000),
      'a.'.repeat(500_000),
      '1-'.repeat(500_000),
    ]) {
      const v = checkReason(input);
      expect(v.ok).toBe(false);
      expect(v.problems).toContain('too_long');
    }
  });

  it('measures length on the whole input, not only the part it reads', () => {
    const padded = `${'Refund never arrived; checking the gateway response'}${' \n'.repeat(5_000)}`;
    expect(checkReason(padded).problems).toEqual([]);
    expect(checkReason(`${padded}${' and more'.repeat(60)}`).problems).toContain('too_long');
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
    const messy =
      '  Verify   whether the payment gateway\n\treturned a failure after the refund job ran for   refund 9912  ';
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
