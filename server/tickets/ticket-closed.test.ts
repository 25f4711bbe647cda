import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueSession } from '../auth/session-tokens.js';
import { signingKeyCache } from '../keys/signing-keys.js';
import { REFUSED_REPORTS_PER_MINUTE } from '../http/refused-reports.js';
import { callWithBearer, issueIntegration } from '../test/bearer.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const CLOSED = '/v1/tickets/48271/closed';

// Issue 10: any signed-in user could revoke anyone's grant by reporting the ticket closed.
describe.each(testDialects)('ticket close reports come from the host only, on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  async function annActive() {
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${body.id}/start`);
    return body.id as string;
  }
  const report = { status: 'solved', via: 'x' };
  const auditOf = (kind: string) => t.db.selectFrom('audit_events').selectAll().where('kind', '=', kind).execute();

  it.each([
    ['agent-bob', 'agent'],
    ['lead-lee', 'lead'],
    ['admin-ada', 'admin'],
  ])("refuses %s's report with 403: ann's grant stays active, unflagged; the attempt recorded", async (user, role) => {
    const id = await annActive();
    const before = await t.counts();
    const res = await t.call(user, 'POST', CLOSED, report);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('close_report_not_from_host');
    const grant = (await t.call('agent-ann', 'GET', `/v1/grants/${id}`)).body;
    expect(grant).toMatchObject({ status: 'active', endedBy: null, flags: [] });
    expect(await t.counts()).toEqual({ ...before, audit_events: before.audit_events + 1 });
    const [refused] = await auditOf('ticket.close_report_refused');
    expect(refused).toMatchObject({ actor_id: user, ticket_id: '48271', grant_id: null });
    expect(JSON.parse(refused!.data)).toEqual({
      reason: 'not from the host',
      role,
      signedInVia: 'dev',
      status: 'solved',
      via: 'x',
    });
    expect(await auditOf('ticket.closed_reported')).toEqual([]);
  });

  it('refuses a session token the same way (signed in through Zendesk or SSO is still a person)', async () => {
    const id = await annActive();
    const bob = await t.db
      .selectFrom('users')
      .selectAll()
      .where('tenant', '=', 'demo')
      .where('id', '=', 'agent-bob')
      .executeTakeFirstOrThrow();
    const key = await signingKeyCache(t.db)('session');
    const session = await issueSession(key, { ...bob, tenant: 'demo' }, 'zendesk', 60, new Date(t.clock.iso()));
    const res = await callWithBearer(t, session.token, 'POST', CLOSED, report);
    expect(res.status).toBe(403);
    expect((await t.call('agent-ann', 'GET', `/v1/grants/${id}`)).body.status).toBe('active');
    const [refused] = await auditOf('ticket.close_report_refused');
    expect(JSON.parse(refused!.data)).toMatchObject({ signedInVia: 'session' });
  });

  it('still takes the host report (integration credential) and revokes', async () => {
    const id = await annActive();
    const { secret } = await issueIntegration(t);
    const res = await callWithBearer(t, secret, 'POST', CLOSED, report);
    expect(res).toMatchObject({ status: 200, body: { revoked: [id] } });
  });

  it(`answers refusal ${REFUSED_REPORTS_PER_MINUTE + 1} in a minute: 429, Retry-After, nothing written`, async () => {
    for (let i = 0; i < REFUSED_REPORTS_PER_MINUTE; i += 1) {
      expect((await t.call('agent-bob', 'POST', CLOSED, report)).status).toBe(403);
    }
    const before = await t.counts();
    const res = await t.app.request(CLOSED, {
      method: 'POST',
      body: JSON.stringify(report),
      headers: { 'x-dev-user': 'agent-bob', 'content-type': 'application/json' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect((await res.json()).error.code).toBe('too_many_refused_reports');
    expect(await t.counts()).toEqual(before);
    // Per user: ann is not held back by bob's refusals; and bob may try again after the window.
    expect((await t.call('agent-ann', 'POST', CLOSED, report)).status).toBe(403);
    t.clock.advance(1);
    expect((await t.call('agent-bob', 'POST', CLOSED, report)).status).toBe(403);
  });
});
