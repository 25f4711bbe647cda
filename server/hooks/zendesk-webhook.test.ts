import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerTenantHost } from '../auth/tenant-hosts.js';
import { callWithBearer, issueIntegration } from '../test/bearer.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const SECRET = 'whsec-0123456789abcdef';

describe.each(testDialects)('tickets closed outside the sidebar on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    // The demo tenant doubles as a Zendesk account with a webhook secret.
    await registerTenantHost(t.db, {
      tenant: 'demo',
      host: 'zendesk',
      hostKey: 'zendesk:demo',
      name: 'Demo',
      ticketUrlTemplate: null,
      config: {
        publicKeyPem: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----',
        installationId: '1',
        webhookSecret: SECRET,
      },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  async function openGrants() {
    const active = (await t.call('agent-ann', 'POST', '/v1/grants', seedRequest())).body;
    await t.call('lead-lee', 'POST', `/v1/grants/${active.id}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${active.id}/start`);
    const pending = (await t.call('agent-bob', 'POST', '/v1/grants', seedRequest())).body;
    return { active: active.id as string, pending: pending.id as string };
  }

  type WebhookOptions = { secret?: string; timestamp?: string; type?: string; subdomain?: string };
  function webhook(body: object, options: WebhookOptions = {}) {
    const { secret = SECRET, timestamp = t.clock.iso(), type = 'application/json', subdomain = 'demo' } = options;
    const raw = JSON.stringify(body);
    const signature = createHmac('sha256', secret)
      .update(timestamp + raw)
      .digest('base64');
    return t.app.request(`/hooks/zendesk/${subdomain}/ticket-updated`, {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': type,
        'x-zendesk-webhook-signature': signature,
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
    });
  }

  it('revokes and flags every open grant when Zendesk reports the ticket solved, once', async () => {
    const { active, pending } = await openGrants();
    const res = await webhook({ ticket_id: 48271, status: 'Solved', via: 'Mobile' });
    expect(res.status).toBe(200);
    expect((await res.json()).revoked.sort()).toEqual([active, pending].sort());
    for (const id of [active, pending]) {
      const grant = (await t.call('lead-lee', 'GET', `/v1/grants/${id}`)).body;
      expect(grant).toMatchObject({
        status: 'revoked',
        endNote: 'Ticket 48271 was solved (zendesk webhook (Mobile)) while access was open',
      });
      expect(grant.flags.map((f: { code: string }) => f.code)).toContain('ticket_closed_while_open');
    }
    expect((await (await webhook({ ticket_id: 48271, status: 'closed' })).json()).revoked).toEqual([]);
    expect((await t.call('agent-ann', 'GET', '/v1/tickets/48271/close-check')).body.canClose).toBe(true);
  });

  it('ignores other statuses', async () => {
    await openGrants();
    expect(await (await webhook({ ticket_id: 48271, status: 'pending' })).json()).toEqual({
      revoked: [],
      ignored: 'status pending',
    });
  });

  it('refuses a bad signature, a stale timestamp and a malformed body — writing nothing but the refusal record', async () => {
    await openGrants();
    const before = await t.counts();
    const bad = await webhook({ ticket_id: 48271, status: 'solved' }, { secret: 'wrong-secret-0123456789' });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('webhook_bad_signature');
    const stale = await webhook({ ticket_id: 48271, status: 'solved' }, { timestamp: '2026-11-23T08:00:00.000Z' });
    expect((await stale.json()).error.code).toBe('webhook_stale');
    const malformed = await webhook({ ticket: 'x' });
    expect(malformed.status).toBe(400);
    expect(await t.counts()).toEqual(before);
    expect((await t.db.selectFrom('auth_failures').select('code').execute()).map((r) => r.code)).toEqual([
      'webhook_bad_signature',
      'webhook_stale',
    ]);
  });

  it('refuses a signed body not sent as JSON (415) and an impossible subdomain (400), writing nothing', async () => {
    await openGrants();
    const before = await t.counts();
    const plain = await webhook({ ticket_id: 48271, status: 'solved' }, { type: 'text/plain' });
    expect(plain.status).toBe(415);
    const refused = (await plain.json()).error;
    expect(refused).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/text\/plain/) });
    const odd = await webhook({ ticket_id: 48271, status: 'solved' }, { subdomain: 'not.a.subdomain' });
    expect(odd.status).toBe(400);
    const issues = (await odd.json()).error.issues;
    expect(issues).toEqual([{ path: 'subdomain', message: 'must be a Zendesk subdomain such as acme' }]);
    expect(await t.counts()).toEqual(before);
  });

  it('takes the same report from an integration credential (not a signed-in person), recording which', async () => {
    const { active } = await openGrants();
    const { id, secret } = await issueIntegration(t);
    const report = { status: 'done', via: 'jira transition' };
    const res = await callWithBearer(t, secret, 'POST', '/v1/tickets/48271/closed', report);
    expect(res.body.revoked).toContain(active);
    const [audit] = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'ticket.closed_reported')
      .execute();
    expect(audit).toMatchObject({ actor_id: `integration:${id}`, ticket_id: '48271' });
    expect((await t.call('lead-lee', 'POST', '/v1/tickets/48271/closed', report)).status).toBe(403);
  });
});
