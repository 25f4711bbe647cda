import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)('grant tokens on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('issues an EdDSA token bound to grant, agent, customer and expiry, verifiable with the published JWKS', async () => {
    const { body: grant } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ durationMinutes: 15 }));
    expect((await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/token`)).body.error.code).toBe(
      'grant_not_active',
    );
    await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/start`);
    expect((await t.call('agent-bob', 'POST', `/v1/grants/${grant.id}/token`)).status).toBe(403);

    const issued = await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/token`);
    expect(issued.body).toMatchObject({
      grantId: grant.id,
      customerId: '1842',
      expiresAt: '2026-11-23T10:15:00.000Z',
      jwksUrl: 'http://localhost:8787/.well-known/jwks.json',
    });
    const jwks = await (await t.app.request('/.well-known/jwks.json')).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined(); // never the private part
    const { payload, protectedHeader } = await jwtVerify(issued.body.token, createLocalJWKSet(jwks), {
      issuer: 'ticketed-access',
      audience: 'ticketed-access-connector',
      currentDate: new Date(t.clock.iso()),
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({
      sub: 'agent-ann',
      tenant: 'demo',
      gid: grant.id,
      cid: '1842',
      systems: ['billing-db'],
      access: 'read',
      exp: Date.parse('2026-11-23T10:15:00.000Z') / 1000,
    });
    expect(
      await t.db.selectFrom('audit_events').select('kind').where('kind', '=', 'grant.token_issued').execute(),
    ).toHaveLength(1);

    // The token checks its grant; a token for one grant cannot report on another.
    const check = await t.app.request(`/v1/grants/${grant.id}/check`, {
      headers: { authorization: `Bearer ${issued.body.token}` },
    });
    expect(await check.json()).toMatchObject({ active: true, status: 'active', customerId: '1842' });
    const { body: other } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ customerId: '2207' }));
    const cross = await t.app.request(`/v1/grants/${other.id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ kind: 'view', target: 'x' }] }),
    });
    expect(cross.status).toBe(403);
    // Expired token: refused for checks, still accepted for late event delivery.
    t.clock.advance(20);
    const expiredCheck = await t.app.request(`/v1/grants/${grant.id}/check`, {
      headers: { authorization: `Bearer ${issued.body.token}` },
    });
    expect((await expiredCheck.json()).error.code).toBe('token_expired');
  });
});
