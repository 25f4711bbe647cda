import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { createTestContext, seedRequest, type TestContext } from './test/test-app.js';
import { testDialects } from './test/test-db.js';

describe.each(testDialects)('the HTTP app on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('reports health and which database it runs on', async () => {
    const res = await t.app.request('/healthz');
    expect(await res.json()).toEqual({ ok: true, db: dialect });
  });

  it('answers 401 with a clear code when nobody, or an unknown user, signs in — and writes nothing', async () => {
    const before = await t.counts();
    const anonymous = await t.app.request('/v1/grants', {
      method: 'POST',
      body: JSON.stringify(seedRequest()),
      headers: { 'content-type': 'application/json' },
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      error: { code: 'unauthenticated', message: expect.stringMatching(/x-dev-user/) },
    });
    const stranger = await t.call('mallory', 'POST', '/v1/grants', seedRequest());
    expect(stranger).toMatchObject({ status: 401, body: { error: { code: 'unknown_user' } } });
    expect(await t.counts()).toEqual(before);
  });

  it('refuses every request in hosts mode until a sign-in method exists', async () => {
    const locked = createApp(t.deps, { authMode: 'hosts' });
    const res = await locked.request('/v1/settings', { headers: { 'x-dev-user': 'admin-ada' } });
    expect(res.status).toBe(401);
  });

  it('renders unknown errors as a bare 500, keeping the detail in the server log only', async () => {
    const broken = createApp(
      {
        ...t.deps,
        now: () => {
          throw new Error('clock exploded: secret detail');
        },
      },
      { authMode: 'dev' },
    );
    const before = await t.counts();
    const res = await broken.request('/v1/grants', {
      method: 'POST',
      body: JSON.stringify(seedRequest()),
      headers: { 'content-type': 'application/json', 'x-dev-user': 'agent-ann' },
    });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ error: { code: 'internal', message: expect.stringMatching(/nothing was changed/) } });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(String(t.logged.flat().map((x) => (x instanceof Error ? x.message : x)))).toContain(
      'clock exploded: secret detail',
    );
    expect(await t.counts()).toEqual(before);
  });

  it('rolls back the whole change when it fails half-way, so the trail and the state never disagree', async () => {
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const before = await t.counts();
    // Inject a fault at the last step: the audit insert fails after the grant row was updated.
    if (dialect === 'postgres') {
      await sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`.execute(
        t.db,
      );
      await sql`create trigger fail_audit before insert on audit_events for each row execute function fail_audit()`.execute(
        t.db,
      );
    } else {
      await sql`create trigger fail_audit before insert on audit_events begin select raise(abort, 'injected fault'); end`.execute(
        t.db,
      );
    }
    const res = await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    expect(res.status).toBe(500);
    expect(await t.counts()).toEqual(before);
    await sql`drop trigger fail_audit${sql.raw(dialect === 'postgres' ? ' on audit_events' : '')}`.execute(t.db);
    expect((await t.call('lead-lee', 'GET', `/v1/grants/${body.id}`)).body).toMatchObject({
      status: 'pending',
      decision: null,
    });
    expect((await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {})).status).toBe(200);
  });

  it('gives unknown routes the same error shape', async () => {
    const res = await t.call('agent-ann', 'GET', '/v1/nothing-here');
    expect(res).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No route for GET /v1/nothing-here' } },
    });
  });

  it('publishes an OpenAPI document generated from the zod contract', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/v1/grants',
      '/v1/grants/{id}',
      '/v1/grants/{id}/approve',
      '/v1/grants/{id}/deny',
      '/v1/grants/{id}/start',
      '/v1/grants/{id}/cancel',
      '/v1/grants/{id}/end',
      '/v1/grants/{id}/revoke',
      '/v1/grants/{id}/events',
      '/v1/tickets/{ticketId}/grants',
      '/v1/tickets/{ticketId}/close-check',
      '/v1/customers/{customerId}/access',
      '/v1/settings',
      '/v1/audit/verify',
      '/v1/audit/export',
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.paths['/v1/grants'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateGrant',
    });
    expect(doc.components.schemas.CreateGrant.required).toEqual(
      expect.arrayContaining(['ticketId', 'reason', 'customerId', 'systems']),
    );
    expect(doc.components.schemas.Error).toBeDefined();
  });
});
