import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerTenantHost } from '../auth/tenant-hosts.js';
import { httpReceiver } from '../test/notify-receivers.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { runSchedule } from './scheduler.js';
import { createSenders } from './senders.js';
import { defaultDeliveryOptions, deliverDue } from './worker.js';

describe.each(testDialects)('policies that act on their own (%s)', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(() => t.close());

  async function setPolicy(patch: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const { body } = await t.call('admin-ada', 'GET', '/v1/settings');
    const res = await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...body,
      ...extra,
      notifications: { ...body.notifications, ...patch },
    });
    expect(res.status).toBe(200);
  }
  const kinds = async (id: string) =>
    (await t.db.selectFrom('audit_events').select('kind').where('grant_id', '=', id).orderBy('seq').execute()).map(
      (r) => r.kind,
    );

  it('ends a request nobody decided within the pending limit, records why, and tells the requester', async () => {
    await setPolicy({ pendingLimitMinutes: 120 });
    const { body: grant } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    t.clock.advance(119);
    expect((await runSchedule(t.deps)).timedOut).toBe(0);
    t.clock.advance(1);
    expect((await runSchedule(t.deps)).timedOut).toBe(1);
    expect((await runSchedule(t.deps)).timedOut).toBe(0); // once
    const { body: after } = await t.call('agent-ann', 'GET', `/v1/grants/${grant.id}`);
    expect(after.status).toBe('cancelled');
    const event = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('grant_id', '=', grant.id)
      .where('kind', '=', 'grant.cancelled')
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBeNull();
    expect(JSON.parse(event.data)).toEqual({ cause: 'pending_limit', pendingLimitMinutes: 120 });
    const told = await t.db
      .selectFrom('outbox')
      .select(['topic', 'channel'])
      .where('audit_event_id', '=', event.id)
      .execute();
    expect(told.map((r) => r.channel).sort()).toEqual(['email', 'slack']);
    // The ticket can close again, and the requester may ask anew.
    expect((await t.call('agent-ann', 'GET', '/v1/tickets/48271/close-check')).body.canClose).toBe(true);
    // An approval afterwards is a conflict, not a resurrection.
    expect((await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {})).status).toBe(409);
  });

  it('leaves a request decided in time alone', async () => {
    const { body: grant } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {});
    t.clock.advance(25 * 60);
    expect((await runSchedule(t.deps)).timedOut).toBe(0);
    expect(await kinds(grant.id)).not.toContain('grant.cancelled');
  });

  it('asks two distinct approvers for write access: the first is recorded, the grant stays pending', async () => {
    await setPolicy({ twoApprovers: { write: true, systems: [] } }, { approvers: ['lead-lee', 'admin-ada'] });
    const write = seedRequest({ access: 'write', writeNeed: 'Reset refund 9912 to pending' });
    const { body: grant } = await t.call('agent-ann', 'POST', '/v1/grants', write);
    const first = await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, { note: 'ok by me' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('pending');
    const { body: shown } = await t.call('agent-ann', 'GET', `/v1/grants/${grant.id}`);
    expect(shown.timeline.map((e: { kind: string }) => e.kind)).toEqual(['grant.requested', 'grant.approval_recorded']);
    // The same approver again is refused; the requester never counts.
    const again = await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('approval_already_given');
    expect((await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/approve`, {})).status).toBe(403);
    expect((await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/start`)).status).toBe(409);
    const second = await t.call('admin-ada', 'POST', `/v1/grants/${grant.id}/approve`, {});
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('approved');
    const approved = await t.db
      .selectFrom('audit_events')
      .select('data')
      .where('grant_id', '=', grant.id)
      .where('kind', '=', 'grant.approved')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(approved.data).firstApproval).toMatchObject({ by: 'lead-lee', name: 'Lee Lead' });
    // Read access on other systems needs one approval only.
    const { body: read } = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ ticketId: '48302', customerId: '2207' }),
    );
    expect((await t.call('lead-lee', 'POST', `/v1/grants/${read.id}/approve`, {})).body.status).toBe('approved');
  });

  it('asks two approvers for named systems, and the other approvers are told a second approval is needed', async () => {
    await setPolicy(
      { twoApprovers: { write: false, systems: ['billing-db'] } },
      { approvers: ['lead-lee', 'admin-ada'] },
    );
    const { body: grant } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    expect((await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {})).body.status).toBe('pending');
    const queued = await t.db
      .selectFrom('outbox')
      .select(['topic', 'channel'])
      .where('grant_id', '=', grant.id)
      .orderBy('id')
      .execute();
    expect(queued.map((r) => r.topic)).toContain('grant.approval_recorded');
    const { recipientIds } = await import('./recipients.js');
    const row = await t.db.selectFrom('grants').selectAll().where('id', '=', grant.id).executeTakeFirstOrThrow();
    expect(await recipientIds(t.db, t.deps.logger, 'grant.approval_recorded', row, t.clock.iso())).toEqual([
      'admin-ada',
    ]);
  });

  it('flags an emergency session not reviewed within the limit as review overdue, once', async () => {
    await setPolicy({ emergencyReviewLimitMinutes: 180 });
    const { body: e } = await t.call(
      'agent-ann',
      'POST',
      '/v1/grants',
      seedRequest({ emergency: { justification: 'Payments down for all EU customers' } }),
    );
    const { body: reviewed } = await t.call(
      'agent-bob',
      'POST',
      '/v1/grants',
      seedRequest({
        ticketId: '48302',
        customerId: '2207',
        emergency: { justification: 'Payments down for all EU customers' },
      }),
    );
    t.clock.advance(10);
    await t.call('agent-bob', 'POST', `/v1/grants/${reviewed.id}/end`, {
      outcome: { summary: 'Found the failed charge', changedData: false, exposedBeyondScope: false },
    });
    expect(
      (await t.call('lead-lee', 'POST', `/v1/reviews/${reviewed.id}`, { verdict: 'ok', note: 'justified' })).status,
    ).toBe(200);
    t.clock.advance(169);
    expect((await runSchedule(t.deps)).flagged).toBe(0);
    t.clock.advance(2);
    expect((await runSchedule(t.deps)).flagged).toBe(1);
    expect((await runSchedule(t.deps)).flagged).toBe(0);
    const { body: after } = await t.call('lead-lee', 'GET', `/v1/grants/${e.id}`);
    expect(after.flags.map((f: { code: string }) => f.code)).toContain('review_overdue');
    expect(after.flags.find((f: { code: string }) => f.code === 'review_overdue').reason).toBe(
      'Emergency session not reviewed within 3 h',
    );
    const { body: other } = await t.call('lead-lee', 'GET', `/v1/grants/${reviewed.id}`);
    expect(other.flags.map((f: { code: string }) => f.code)).not.toContain('review_overdue');
    expect(await kinds(e.id)).toContain('grant.flagged');
  });

  it('posts the outcome note to the Zendesk ticket from the server, retrying until Zendesk takes it', async () => {
    let fail = true;
    const zendesk = await httpReceiver(() =>
      fail ? { status: 503 } : { status: 200, body: { ticket: { id: 48271 } } },
    );
    try {
      await registerTenantHost(t.db, {
        tenant: 'demo',
        host: 'zendesk',
        hostKey: 'zendesk:demo',
        name: 'Demo',
        config: {
          publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----',
          installationId: '1',
          apiEmail: 'api@demo.example',
          apiToken: 'zd-token',
          apiBaseUrl: zendesk.url,
        },
        ticketUrlTemplate: null,
      });
      const { body: grant } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
      await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {});
      await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/start`);
      t.clock.advance(7);
      const outcome = {
        summary: 'Gateway declined with code 54',
        changedData: false,
        exposedBeyondScope: false,
        followUps: 'Ask billing',
      };
      expect((await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/end`, { outcome })).status).toBe(200);
      const senders = createSenders(t.deps, { publicUrl: 'https://ta.example.com', smtpUrl: null, mailFrom: 'x' });
      const options = { ...defaultDeliveryOptions, owner: 'w' };
      await deliverDue(t.deps, senders, options);
      const note = () =>
        t.db.selectFrom('outbox').selectAll().where('channel', '=', 'ticket_note').executeTakeFirstOrThrow();
      expect(await note()).toMatchObject({ state: 'pending', attempts: 1, last_error: expect.stringMatching(/503/) });
      fail = false;
      t.clock.advance(1);
      await deliverDue(t.deps, senders, options);
      expect(await note()).toMatchObject({ state: 'delivered', attempts: 2 });
      const put = zendesk.requests.at(-1)!;
      expect(put.method).toBe('PUT');
      expect(put.path).toBe('/api/v2/tickets/48271.json');
      expect(put.headers.authorization).toBe(
        `Basic ${Buffer.from('api@demo.example/token:zd-token').toString('base64')}`,
      );
      const comment = JSON.parse(put.body).ticket.comment;
      expect(comment.public).toBe(false);
      expect(comment.body).toBe(
        `Ticketed Access: session ${grant.id} on customer 1842 (billing-db) ended after 7m 0s.\n` +
          'Outcome: Gateway declined with code 54\nChanged data: no\nExposed beyond scope: no\nFollow-ups: Ask billing',
      );
      senders.close();
    } finally {
      await zendesk.close();
    }
  });
});
