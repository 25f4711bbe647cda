import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, readMail, smtpReceiver } from '../test/notify-receivers.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { notifyTick } from './notifier.js';
import { createSenders } from './senders.js';
import { defaultDeliveryOptions } from './worker.js';

const PUBLIC_URL = 'https://ta.example.com';

describe.each(testDialects)('email notifications (%s)', (dialect) => {
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let t: TestContext;
  let senders: ReturnType<typeof createSenders>;
  const tick = () => notifyTick(t.deps, senders, { ...defaultDeliveryOptions, owner: 'test' });
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address)).map(readMail);

  beforeAll(async () => {
    smtp = await smtpReceiver();
  });
  afterAll(() => smtp.close());
  beforeEach(async () => {
    smtp.mails.length = 0;
    t = await createTestContext(dialect);
    senders = createSenders(t.deps, { publicUrl: PUBLIC_URL, smtpUrl: smtp.url, mailFrom: 'TA <ta@example.com>' });
  });
  afterEach(async () => {
    senders.close();
    await t.close();
  });

  it('tells the approvers who may approve now of a request, with its facts and both links', async () => {
    const { body: grant } = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ access: 'write', writeNeed: 'Reset refund 9912 to pending' }),
    );
    await tick();
    await eventually(() => smtp.mails.length >= 1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['lee@example.com']); // lead-lee in business hours; never the requester
    const mail = readMail(smtp.mails[0]!);
    expect(mail.subject).toBe('Access request to approve: ticket 48271, customer 1842');
    expect(mail.body).toContain('Ann Agent asks for write access');
    expect(mail.body).toContain('Verify whether the payment gateway returned a failure');
    expect(mail.body).toContain('billing-db');
    expect(mail.body).toContain('30 minutes');
    expect(mail.body).toContain(`${PUBLIC_URL}/console/approvals`);
    expect(mail.body).toContain(`Open the ticket: ${PUBLIC_URL}/demo/tickets/48271`);
    expect(mail.body).toMatch(/<a href="https:\/\/ta\.example\.com\/console\/approvals">/);
    expect(mail.headers.get('x-ticketed-access-grant')).toBe(grant.id);
    // Delivered once: a second tick sends nothing more.
    await tick();
    expect(smtp.mails).toHaveLength(1);
  });

  it('after hours asks the rota too', async () => {
    t.clock.set('2026-11-23T21:00:00.000Z');
    await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await tick();
    await eventually(() => smtp.mails.length >= 1);
    expect(smtp.mails[0]!.to.sort()).toEqual(['ada@example.com', 'lee@example.com']);
  });

  it('tells the requester of approval, denial and revocation', async () => {
    const { body: a } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${a.id}/approve`, { note: 'read only please' });
    await t.call('agent-ann', 'POST', `/v1/grants/${a.id}/start`);
    await t.call('lead-lee', 'POST', `/v1/grants/${a.id}/revoke`, { reason: 'Ticket escalated to billing team' });
    const { body: b } = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ ticketId: '48302', customerId: '2207' }),
    );
    await t.call('lead-lee', 'POST', `/v1/grants/${b.id}/deny`, { note: 'Use the masked export' });
    await tick();
    await eventually(() => mailsTo('ann@example.com').length >= 3);
    const subjects = mailsTo('ann@example.com').map((m) => m.subject);
    expect(subjects).toEqual([
      'Approved: your access for ticket 48271',
      'Revoked: your access for ticket 48271',
      'Denied: your access request for ticket 48302',
    ]);
    const approved = mailsTo('ann@example.com')[0]!;
    expect(approved.body).toContain('Lee Lead approved your read access');
    expect(approved.body).toContain('read only please');
  });

  it('warns the requester 5 minutes before expiry, once, and reminds approvers of a request still pending', async () => {
    const { body: a } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${a.id}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${a.id}/start`);
    const { body: b } = await t.call(
      'agent-bob',
      'POST',
      '/v1/grants',
      seedRequest({ ticketId: '48302', customerId: '2207' }),
    );
    await tick();
    smtp.mails.length = 0;
    t.clock.advance(24); // 6 minutes before expiry of a 30-minute grant; bob's request 24 minutes old
    await tick();
    expect(smtp.mails).toHaveLength(0);
    t.clock.advance(1.5);
    await tick();
    await eventually(() => smtp.mails.length >= 1);
    expect(mailsTo('ann@example.com').map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Your access for ticket 48271 ends at /),
    ]);
    t.clock.advance(35); // bob's request is now over an hour old (reminder default: 60 minutes)
    await tick();
    await tick();
    await eventually(() => mailsTo('lee@example.com').length >= 1);
    const reminders = mailsTo('lee@example.com');
    expect(reminders.map((m) => m.subject)).toEqual(['Still waiting for an approver: ticket 48302, customer 2207']);
    expect(reminders[0]!.headers.get('x-ticketed-access-grant')).toBe(b.id);
    expect(mailsTo('ann@example.com')).toHaveLength(1);
  });

  it('tells the leads when an emergency session starts', async () => {
    await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ emergency: { justification: 'Payments down for every customer in EU' } }),
    );
    await tick();
    await eventually(() => smtp.mails.length >= 1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['lee@example.com']);
    const mail = readMail(smtp.mails[0]!);
    expect(mail.subject).toBe('Emergency access started: ticket 48271, customer 1842');
    expect(mail.body).toContain('Payments down for every customer in EU');
    expect(mail.body).toContain(`${PUBLIC_URL}/console/reviews`);
  });

  it('marks email skipped, saying why, when no SMTP server is configured', async () => {
    const bare = createSenders(t.deps, { publicUrl: PUBLIC_URL, smtpUrl: null, mailFrom: 'x@example.com' });
    await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await notifyTick(t.deps, bare, { ...defaultDeliveryOptions, owner: 'bare' });
    const { body } = await t.call('admin-ada', 'GET', '/v1/deliveries?state=skipped');
    expect(body.deliveries.map((d: { channel: string; lastError: string }) => [d.channel, d.lastError])).toEqual(
      expect.arrayContaining([['email', 'no SMTP_URL configured']]),
    );
    expect(smtp.mails).toHaveLength(0);
  });
});
