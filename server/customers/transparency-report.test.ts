import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, recordSession, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { verifyReport } from './report-signature.js';

const CHANGED = {
  summary: 'Corrected the billing e-mail',
  changedData: true,
  changes: 'billing e-mail',
  exposedBeyondScope: false,
};

describe.each(testDialects)('customer transparency report on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const report = (user: string, customer = '1842', query = '') =>
    t.call(user, 'GET', `/v1/customers/${customer}/transparency-report${query}`);
  const jwks = async () => (await t.app.request('/.well-known/jwks.json')).json();

  /** One read session with a view of e-mail, one write session that changed data, one denied request. */
  async function history() {
    await recordSession(t, 'agent-ann');
    const write = await t.call(
      'agent-bob',
      'POST',
      '/v1/grants',
      seedRequest({
        ticketId: '48302',
        access: 'write',
        writeNeed: 'Correct the billing e-mail the customer reported',
      }),
    );
    await t.call('lead-lee', 'POST', `/v1/grants/${write.body.id}/approve`, { note: 'internal: ok for Bob' });
    await t.call('agent-bob', 'POST', `/v1/grants/${write.body.id}/start`);
    await t.call('agent-bob', 'POST', `/v1/grants/${write.body.id}/events`, {
      events: [{ kind: 'view', target: 'refund 9912', fields: ['refund_status', 'gateway_response_code'] }],
    });
    t.clock.advance(12);
    await t.call('agent-bob', 'POST', `/v1/grants/${write.body.id}/end`, { outcome: CHANGED });
    const denied = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ ticketId: '48315' }));
    await t.call('lead-lee', 'POST', `/v1/grants/${denied.body.id}/deny`, { note: 'not needed' });
    t.clock.advance(5);
  }

  it("tells each access in the customer's terms, approver by role, without staff or notes", async () => {
    await history();
    const res = await report('lead-lee');
    expect(res.status).toBe(200);
    const { report: r } = res.body;
    expect(r).toMatchObject({
      type: 'ticketed-access/transparency-report',
      issuer: { tenant: 'demo', name: 'Demo support team' },
      customer: { id: '1842', name: 'Northwind Outfitters' },
      includes: { staff: false, notes: false },
      totals: { accesses: 2, minutes: 15, changedData: 1, emergency: 0, testRuns: 0 },
    });
    expect(r.accesses).toEqual([
      {
        startedAt: expect.any(String),
        endedAt: expect.any(String),
        durationMinutes: 3,
        ticket: '48271',
        reason: expect.stringMatching(/payment gateway/),
        categories: ['Contact details'],
        access: 'read',
        changedData: false,
        approval: 'approved',
        approverRole: 'lead',
        endedBy: 'ended',
      },
      expect.objectContaining({
        ticket: '48302',
        durationMinutes: 12,
        categories: ['Payments and refunds'],
        access: 'write',
        changedData: true,
        approverRole: 'lead',
      }),
    ]);
    // No staff names, e-mails or internal notes anywhere in it.
    const text = JSON.stringify(res.body);
    for (const secret of ['agent-ann', 'Ann Agent', 'ann@example.com', 'lead-lee', 'Ada', 'internal: ok', 'Corrected'])
      expect(text).not.toContain(secret);
  });

  it('adds staff and notes only for admins who ask', async () => {
    await history();
    expect((await report('lead-lee', '1842', '?includeStaff=true')).status).toBe(403);
    expect((await report('agent-ann')).status).toBe(403);
    const res = await report('admin-ada', '1842', '?includeStaff=true&includeNotes=true');
    expect(res.body.report.includes).toEqual({ staff: true, notes: true });
    expect(res.body.report.accesses[1]).toMatchObject({
      staff: { agent: { id: 'agent-bob', email: 'bob@example.com' }, approver: { id: 'lead-lee', name: 'Lee Lead' } },
      notes: { approval: 'internal: ok for Bob', outcome: 'Corrected the billing e-mail' },
    });
  });

  it('is signed with the published checkpoint key, and a changed report no longer verifies', async () => {
    await history();
    const { body } = await report('lead-lee', '1842', '?from=2026-11-01T00:00:00.000Z');
    const keys = await jwks();
    expect(body.signature).toMatchObject({
      alg: 'EdDSA',
      canonicalization: 'RFC8785',
      kid: expect.stringMatching(/^checkpoint-/),
    });
    expect(keys.keys.map((k: { kid: string }) => k.kid)).toContain(body.signature.kid);
    expect(await verifyReport(body, keys)).toEqual({ ok: true, kid: body.signature.kid });
    // Key order does not matter (canonical JSON); content does.
    const reordered = { signature: body.signature, report: Object.fromEntries(Object.entries(body.report).reverse()) };
    expect((await verifyReport(reordered, keys)).ok).toBe(true);
    const tampered = structuredClone(body);
    tampered.report.accesses[1].changedData = false;
    expect(await verifyReport(tampered, keys)).toMatchObject({ ok: false, reason: expect.stringMatching(/changed/) });
    // A key that is not a checkpoint key (e.g. the grant-token key, held in the database) is not trusted.
    const grantOnly = { keys: keys.keys.filter((k: { kid: string }) => !k.kid.startsWith('checkpoint-')) };
    expect((await verifyReport(body, grantOnly)).ok).toBe(false);
  });

  it('keeps to the period and counts admins’ test runs on the customer', async () => {
    await recordSession(t, 'agent-ann');
    const later = t.clock.iso();
    await recordSession(t, 'agent-ann', { ticketId: '48302' });
    const { body } = await report('lead-lee', '1842', `?from=${later}`);
    expect(body.report.accesses.map((a: { ticket: string }) => a.ticket)).toEqual(['48302']);
    expect(body.report.period.from).toBe(later);
    const other = await report('lead-lee', '2207');
    expect(other.body.report.totals.accesses).toBe(0);
    // What POST /v1/gateway/queries/{name}/test records (server/gateway/test-query.test.ts runs it for real).
    await t.db.transaction().execute((trx) =>
      appendAuditEvents(trx, [
        {
          tenant: 'demo',
          kind: 'gateway.query_tested',
          occurredAt: t.clock.iso(),
          actorId: 'admin-ada',
          customerId: '1842',
          data: { query: 'account-status', draft: false, fields: ['customer_id', 'email', 'card_token'] },
        },
      ]),
    );
    const ranAt = t.clock.iso();
    t.clock.advance(1);
    const withRun = (await report('lead-lee', '1842')).body.report;
    expect(withRun.totals.testRuns).toBe(1);
    expect(withRun.testRuns).toEqual([
      {
        at: ranAt,
        query: 'account-status',
        categories: ['Contact details', 'Payment card', 'Account and plan'],
      },
    ]);
    expect(JSON.stringify(withRun)).not.toContain('admin-ada');
  });
});
