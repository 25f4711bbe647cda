import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueSession } from '../auth/session-tokens.js';
import { signingKeyCache } from '../auth/signing-keys.js';
import { REFUSED_REPORTS_PER_MINUTE } from '../http/refused-reports.js';
import { callWithBearer, issueIntegration } from '../test/bearer.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

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
  const refusedRows = () => t.db.selectFrom('audit_events').selectAll().where('kind', '=', 'ticket.close_report_refused').execute();

  it.each([
    ['agent-bob', 'agent'],
    ['lead-lee', 'lead'],
    ['admin-ada', 'admin'],
  ])("refuses %s's report with 403: ann's grant stays active and unflagged, the attempt is recorded", async (user, role) => {
    const id = await annActive();
    const before = await t.counts();
    const res = await t.call(user, 'POST', '/v1/tickets/48271/closed', report);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('close_report_not_from_host');
    const grant = (await t.call('agent-ann', 'GET', `/v1/grants/${id}`)).body;
    expect(grant).toMatchObject({ status: 'active', endedBy: null, flags: [] });
    expect(await t.counts()).toEqual({ ...before, audit_events: before.audit_events + 1 });
    const [refused] = await refusedRows();
    expect(refused).toMatchObject({ actor_id: user, ticket_id: '48271', grant_id: null });
    expect(JSON.parse(refused!.data)).toEqual({ reason: 'not from the host', role, signedInVia: 'dev', status: 'solved', via: 'x' });
    expect(await t.db.selectFrom('audit_events').select('kind').where('kind', '=', 'ticket.closed_reported').execute()).toEqual([]);
  });

  it('refuses a session token the same way (signed in through Zendesk or SSO is still a person)', async () => {
    const id = await annActive();
    const bob = await t.db.selectFrom('users').selectAll().where('tenant', '=', 'demo').where('id', '=', 'agent-bob').executeTakeFirstOrThrow();
    const session = await issueSession(await signingKeyCache(t.db)('session'), { ...bob, tenant: 'demo' }, 'zendesk', 60, new Date(t.clock.iso()));
    const res = await callWithBearer(t, session.token, 'POST', '/v1/tickets/48271/closed', report);
    expect(res.status).toBe(403);
    expect((await t.call('agent-ann', 'GET', `/v1/grants/${id}`)).body.status).toBe('active');
    expect(JSON.parse((await refusedRows())[0]!.data)).toMatchObject({ signedInVia: 'session' });
  });

  it('still takes the host report (integration credential) and revokes', async () => {
    const id = await annActive();
    const { secret } = await issueIntegration(t);
    expect(await callWithBearer(t, secret, 'POST', '/v1/tickets/48271/closed', report)).toMatchObject({ status: 200, body: { revoked: [id] } });
  });

  it(`answers the ${REFUSED_REPORTS_PER_MINUTE + 1}st refusal within a minute with 429 and Retry-After, writing nothing`, async () => {
    for (let i = 0; i < REFUSED_REPORTS_PER_MINUTE; i += 1) {
      expect((await t.call('agent-bob', 'POST', '/v1/tickets/48271/closed', report)).status).toBe(403);
    }
    const before = await t.counts();
    const res = await t.app.request('/v1/tickets/48271/closed', {
      method: 'POST', body: JSON.stringify(report), headers: { 'x-dev-user': 'agent-bob', 'content-type': 'application/json' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect((await res.json()).error.code).toBe('too_many_refused_reports');
    expect(await t.counts()).toEqual(before);
    // Per user: ann is not held back by bob's refusals; and bob may try again after the window.
    expect((await t.call('agent-ann', 'POST', '/v1/tickets/48271/closed', report)).status).toBe(403);
    t.clock.advance(1);
    expect((await t.call('agent-bob', 'POST', '/v1/tickets/48271/closed', report)).status).toBe(403);
  });
});
