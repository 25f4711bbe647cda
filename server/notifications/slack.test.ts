import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { httpReceiver } from '../test/notify-receivers.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { notifyTick } from './notifier.js';
import { createSenders } from './senders.js';
import { SLACK_ACTIONS } from './slack-blocks.js';
import { defaultDeliveryOptions } from './worker.js';

const SECRET = 'slack-signing-secret-for-tests';
const SLACK_EMAILS: Record<string, string> = {
  U0LEE: 'lee@example.com',
  U0ADA: 'ADA@example.com',
  U0ANN: 'ann@example.com',
  U0EVE: 'eve@elsewhere.example',
};

describe.each(testDialects)('Slack (%s)', (dialect) => {
  let t: TestContext;
  let webhook: Awaited<ReturnType<typeof httpReceiver>>;
  let slackApi: Awaited<ReturnType<typeof httpReceiver>>;
  let app: ReturnType<typeof createApp>;

  beforeEach(async () => {
    t = await createTestContext(dialect);
    webhook = await httpReceiver();
    slackApi = await httpReceiver((req) => {
      const body = JSON.parse(req.body || '{}') as { user?: string };
      if (req.path.endsWith('/users.info')) {
        const email = body.user ? SLACK_EMAILS[body.user] : undefined;
        return {
          status: 200,
          body: email ? { ok: true, user: { profile: { email } } } : { ok: false, error: 'user_not_found' },
        };
      }
      return { status: 200, body: { ok: true } };
    });
    app = createApp(t.deps, {
      authMode: 'dev',
      notifications: { slack: { signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: `${slackApi.url}/api/` } },
    });
    await t.call('admin-ada', 'PUT', '/v1/deliveries/channels', {
      slack: { webhookUrl: `${webhook.url}/services/T1/B1/x` },
      sinks: [],
    });
  });
  afterEach(async () => {
    await webhook.close();
    await slackApi.close();
    await t.close();
  });

  async function requestAndPost(user = 'agent-ann', overrides: Record<string, unknown> = {}) {
    const { body: grant } = await t.call(user, 'POST', '/v1/grants', seedRequest(overrides));
    const senders = createSenders(t.deps, {
      publicUrl: 'https://ta.example.com',
      smtpUrl: null,
      mailFrom: 'x@example.com',
    });
    await notifyTick(t.deps, senders, { ...defaultDeliveryOptions, owner: 'test' });
    const posted = webhook.requests.filter((r) => r.body.includes(grant.id));
    return { grant, message: JSON.parse(posted.at(-1)!.body) as { text: string; blocks: any[] } };
  }

  function press(
    message: { blocks: any[] },
    slackUser: string,
    action: 'approve' | 'deny',
    opts: { secret?: string; ts?: number } = {},
  ) {
    const actions = message.blocks.find((b) => b.type === 'actions');
    const button = actions.elements.find((e: any) => e.action_id === SLACK_ACTIONS[action]);
    const payload = {
      type: 'block_actions',
      user: { id: slackUser },
      team: { id: 'T1' },
      container: { type: 'message', channel_id: 'C0APPROVALS', message_ts: '1700000000.000100' },
      channel: { id: 'C0APPROVALS' },
      message: { ts: '1700000000.000100', blocks: message.blocks },
      response_url: `${webhook.url}/actions/response`,
      actions: [{ action_id: button.action_id, value: button.value, type: 'button' }],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const ts = opts.ts ?? Math.floor(t.deps.now().getTime() / 1000);
    const sig = `v0=${createHmac('sha256', opts.secret ?? SECRET)
      .update(`v0:${ts}:${body}`)
      .digest('hex')}`;
    return app.request('/hooks/slack/interactions', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': sig,
        'x-slack-request-timestamp': String(ts),
      },
      body,
    });
  }

  const grantOf = async (id: string) => (await t.call('admin-ada', 'GET', `/v1/grants/${id}`)).body;

  it('posts a Block Kit request with Approve / Deny; an approver presses Approve; the message says who decided', async () => {
    const { grant, message } = await requestAndPost();
    expect(message.text).toBe('Access request to approve: ticket 48271, customer 1842');
    expect(JSON.stringify(message.blocks)).toContain('Verify whether the payment gateway');
    const res = await press(message, 'U0LEE', 'approve');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, text: 'Approved by Lee Lead' });
    const after = await grantOf(grant.id);
    expect(after.status).toBe('approved');
    expect(after.decision.by.id).toBe('lead-lee');
    const lookup = slackApi.requests.find((r) => r.path === '/api/users.info')!;
    expect(lookup.headers.authorization).toBe('Bearer xoxb-test');
    const update = slackApi.requests.find((r) => r.path === '/api/chat.update')!;
    const updated = JSON.parse(update.body);
    expect(updated).toMatchObject({ channel: 'C0APPROVALS', ts: '1700000000.000100' });
    expect(updated.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(updated.blocks)).toMatch(/Approved by Lee Lead at 2026-11-23T10:00/);
    // The requester hears of it in Slack too (the decision is an event like any other).
    await notifyTick(
      t.deps,
      createSenders(t.deps, { publicUrl: 'https://ta.example.com', smtpUrl: null, mailFrom: 'x' }),
      {
        ...defaultDeliveryOptions,
        owner: 'test',
      },
    );
    expect(webhook.requests.some((r) => r.body.includes('Approved: your access for ticket 48271'))).toBe(true);
  });

  it('denies with a press on Deny', async () => {
    const { grant, message } = await requestAndPost();
    const res = await press(message, 'U0LEE', 'deny');
    expect(await res.json()).toMatchObject({ ok: true, text: 'Denied by Lee Lead' });
    expect((await grantOf(grant.id)).status).toBe('denied');
  });

  it('refuses a bad signature and a stale timestamp with 401, changing nothing', async () => {
    const { grant, message } = await requestAndPost();
    const before = await t.counts();
    const bad = await press(message, 'U0LEE', 'approve', { secret: 'not-the-secret' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as any).error.code).toBe('slack_bad_signature');
    const stale = await press(message, 'U0LEE', 'approve', { ts: Math.floor(t.deps.now().getTime() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as any).error.code).toBe('slack_stale');
    const body = 'payload=not-json';
    const ts = String(Math.floor(t.deps.now().getTime() / 1000));
    const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const malformed = await app.request('/hooks/slack/interactions', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': sig,
        'x-slack-request-timestamp': ts,
      },
      body,
    });
    expect(malformed.status).toBe(400);
    expect((await grantOf(grant.id)).status).toBe('pending');
    expect(await t.counts()).toEqual(before);
  });

  it('refuses, with a clear answer and no change: an unknown user, self-approval, off the rota, already decided', async () => {
    const { grant, message } = await requestAndPost('lead-lee');
    const before = await t.counts();
    const answer = async (user: string) =>
      (await (await press(message, user, 'approve')).json()) as { ok: boolean; text: string };
    expect(await answer('U0EVE')).toMatchObject({
      ok: false,
      text: expect.stringMatching(/not linked to a Ticketed Access user/),
    });
    expect(await answer('U0NOBODY')).toMatchObject({ ok: false });
    expect(await answer('U0LEE')).toMatchObject({
      ok: false,
      text: expect.stringMatching(/cannot approve your own request/),
    });
    // admin-ada is on the after-hours rota only; it is Monday 10:00 (users.info email in other case).
    expect(await answer('U0ADA')).toMatchObject({
      ok: false,
      text: expect.stringMatching(/not an approver right now/),
    });
    expect(await t.counts()).toEqual(before);
    expect((await grantOf(grant.id)).status).toBe('pending');
    // After hours the rota may decide; a second press then finds it decided.
    t.clock.set('2026-11-23T21:00:00.000Z');
    expect(await answer('U0ADA')).toMatchObject({ ok: true, text: 'Approved by Ada Admin' });
    const decided = await t.counts();
    expect(await answer('U0ADA')).toMatchObject({ ok: false, text: expect.stringMatching(/it is approved/) });
    expect(await t.counts()).toEqual(decided);
  });

  it('maps a Slack user through the explicit mapping in settings without asking users.info', async () => {
    const { body: settings } = await t.call('admin-ada', 'GET', '/v1/settings');
    const notifications = { ...settings.notifications, slackUsers: { U0MAPPED: 'lead-lee' } };
    expect((await t.call('admin-ada', 'PUT', '/v1/settings', { ...settings, notifications })).status).toBe(200);
    const { grant, message } = await requestAndPost();
    const res = await press(message, 'U0MAPPED', 'approve');
    expect(await res.json()).toMatchObject({ ok: true });
    expect((await grantOf(grant.id)).decision.by.id).toBe('lead-lee');
    expect(slackApi.requests.filter((r) => r.path === '/api/users.info')).toHaveLength(0);
  });

  it('keeps the webhook URL out of GET answers and out of the audit trail', async () => {
    const { body } = await t.call('admin-ada', 'GET', '/v1/deliveries/channels');
    expect(body.slack.configured).toBe(true);
    expect(JSON.stringify(body)).not.toContain('/services/T1/B1/x');
    const trail = await t.db
      .selectFrom('audit_events')
      .select('data')
      .where('kind', '=', 'delivery_channels.changed')
      .execute();
    expect(trail).toHaveLength(1);
    expect(trail[0]!.data).not.toContain('/services/T1/B1/x');
    expect((await t.call('lead-lee', 'GET', '/v1/deliveries/channels')).status).toBe(403);
  });
});
