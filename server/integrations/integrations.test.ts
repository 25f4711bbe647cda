import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTEGRATION_TOKEN_PATTERN } from '../../shared/integrations.js';
import { seedDemo } from '../demo/seed.js';
import { callWithBearer, issueIntegration } from '../test/bearer.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(testDialects)('integration credentials on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const closed = (secret: string, ticket = '48271') =>
    callWithBearer(t, secret, 'POST', `/v1/tickets/${ticket}/closed`, { status: 'solved', via: 'ops tool' });
  const auditOf = (kind: string) => t.db.selectFrom('audit_events').selectAll().where('kind', '=', kind).execute();
  const credentialRows = () => t.db.selectFrom('integration_credentials').selectAll().execute();

  async function activeGrant(user = 'agent-ann') {
    const { body } = await t.call(user, 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    await t.call(user, 'POST', `/v1/grants/${body.id}/start`);
    return body.id as string;
  }

  it('issues a credential to an admin: the secret once, only its SHA-256 stored, audited without it', async () => {
    const res = await t.call('admin-ada', 'POST', '/v1/integrations', { name: 'ops-ticket-closer' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'ops-ticket-closer',
      scopes: ['tickets:closed'],
      createdBy: 'admin-ada',
      revokedAt: null,
      lastUsedAt: null,
    });
    const [, id, secret = ''] = INTEGRATION_TOKEN_PATTERN.exec(res.body.secret) ?? [];
    expect(id).toBe(res.body.id);
    const [row] = await credentialRows();
    expect(row).toMatchObject({ tenant: 'demo', id, secret_hash: sha256(secret) });
    expect(JSON.stringify(row)).not.toContain(secret);
    const [issued] = await auditOf('integration.issued');
    expect(issued).toMatchObject({ actor_id: 'admin-ada' });
    const data = JSON.parse(issued!.data);
    expect(data).toEqual({ integrationId: id, name: 'ops-ticket-closer', scopes: ['tickets:closed'] });

    const list = await t.call('admin-ada', 'GET', '/v1/integrations');
    const { secret: _secret, ...listed } = res.body;
    expect(list.body.integrations).toEqual([listed]);
    expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it('lets only admins issue, list and revoke; a refusal writes nothing', async () => {
    const { id } = await issueIntegration(t);
    const before = await t.counts();
    for (const user of ['agent-ann', 'lead-lee']) {
      expect((await t.call(user, 'POST', '/v1/integrations', { name: 'mine' })).status).toBe(403);
      expect((await t.call(user, 'GET', '/v1/integrations')).status).toBe(403);
      expect((await t.call(user, 'POST', `/v1/integrations/${id}/revoke`)).status).toBe(403);
    }
    expect(await t.counts()).toEqual(before);
    expect((await credentialRows()).map((r) => r.revoked_at)).toEqual([null]);
  });

  it('answers bad input with 400 naming the field', async () => {
    for (const [body, path] of [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'x', scopes: ['grants:write'] }, 'scopes.0'],
      [{ name: 'x', scopes: [] }, 'scopes'],
    ] as const) {
      const res = await t.call('admin-ada', 'POST', '/v1/integrations', body);
      expect(res.status).toBe(400);
      expect(res.body.error.issues[0].path).toBe(path);
    }
    expect((await t.call('admin-ada', 'POST', '/v1/integrations/not-an-id/revoke')).status).toBe(400);
    expect(await credentialRows()).toEqual([]);
  });

  it('reports a ticket closed: open grants revoked and flagged, the tool named, its last use kept', async () => {
    const id = await activeGrant();
    const credential = await issueIntegration(t);
    t.clock.advance(5);
    expect(await closed(credential.secret)).toMatchObject({ status: 200, body: { revoked: [id] } });
    const grant = (await t.call('lead-lee', 'GET', `/v1/grants/${id}`)).body;
    expect(grant).toMatchObject({
      status: 'revoked',
      endedBy: `integration:${credential.id}`,
      flags: [{ code: 'ticket_closed_while_open' }],
    });
    const [report] = await auditOf('ticket.closed_reported');
    expect(report).toMatchObject({ actor_id: `integration:${credential.id}`, ticket_id: '48271' });
    expect((await t.call('admin-ada', 'GET', '/v1/integrations')).body.integrations[0].lastUsedAt).toBe(t.clock.iso());
  });

  it('refuses a revoked credential with 401 (revoking twice: 409), a wrong secret, a malformed one', async () => {
    await activeGrant();
    const credential = await issueIntegration(t);
    const revoked = await t.call('admin-ada', 'POST', `/v1/integrations/${credential.id}/revoke`);
    expect(revoked).toMatchObject({ status: 200, body: { id: credential.id, revokedAt: t.clock.iso() } });
    const revocations = (await auditOf('integration.revoked')).map((r) => JSON.parse(r.data));
    expect(revocations).toEqual([{ integrationId: credential.id, name: 'ops-ticket-closer' }]);
    const again = await t.call('admin-ada', 'POST', `/v1/integrations/${credential.id}/revoke`);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'integration_revoked' } } });

    const before = await t.counts();
    const refused = await closed(credential.secret);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('integration_credential_revoked');
    const other = await issueIntegration(t, 'other');
    expect((await closed(`${other.secret.slice(0, -4)}AAAA`)).body.error.code).toBe('integration_credential_invalid');
    expect((await closed('tai_nope')).body.error.code).toBe('token_malformed');
    await t.db.updateTable('integration_credentials').set({ scopes: '[]' }).where('id', '=', other.id).execute();
    expect((await closed(other.secret)).body.error.code).toBe('integration_scope_missing');
    // Only the second issuance was written; the ticket's grant is untouched.
    expect(await t.counts()).toEqual({ ...before, audit_events: before.audit_events + 1 });
    const failures = (await t.db.selectFrom('auth_failures').select('code').execute()).map((r) => r.code);
    expect(failures.sort()).toEqual([
      'integration_credential_invalid',
      'integration_credential_revoked',
      'integration_scope_missing',
      'token_malformed',
    ]);
  });

  it('refuses the credential on every other route with 403, writing nothing', async () => {
    const id = await activeGrant();
    const { secret } = await issueIntegration(t);
    const before = await t.counts();
    for (const [method, path, body] of [
      ['GET', '/v1/me', undefined],
      ['GET', '/v1/tickets/48271/grants', undefined],
      ['POST', `/v1/grants/${id}/revoke`, { reason: 'the tool tried' }],
      ['POST', `/v1/grants/${id}/events`, { events: [{ kind: 'view', target: 'refund 9912' }] }],
      ['POST', '/v1/integrations', { name: 'another' }],
      ['GET', '/v1/audit/export', undefined],
    ] as const) {
      const res = await callWithBearer(t, secret, method, path, body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('integration_credential_not_allowed');
    }
    expect(await t.counts()).toEqual(before);
    expect((await t.call('agent-ann', 'GET', `/v1/grants/${id}`)).body.status).toBe('active');
  });

  it('is in the OpenAPI document, and the close report names the host credentials it takes', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/integrations', '/v1/integrations/{id}/revoke']),
    );
    expect(doc.paths['/v1/tickets/{ticketId}/closed'].post.security).toEqual([
      { integrationCredential: [] },
      { forgeTrigger: [] },
    ]);
    expect(doc.components.schemas.IssuedIntegration.required).toContain('secret');
  });

  it('acts in its own tenant only', async () => {
    await seedDemo(t.db, 'acme', t.clock.iso());
    const id = await activeGrant();
    const acme = await issueIntegration(t, 'acme closer', 'admin-ada@acme');
    expect(await closed(acme.secret)).toMatchObject({ status: 200, body: { revoked: [] } });
    expect((await t.call('agent-ann', 'GET', `/v1/grants/${id}`)).body.status).toBe('active');
    expect((await t.call('admin-ada', 'POST', `/v1/integrations/${acme.id}/revoke`)).status).toBe(404);
    expect((await t.call('admin-ada', 'GET', '/v1/integrations')).body.integrations).toEqual([]);
  });
});
