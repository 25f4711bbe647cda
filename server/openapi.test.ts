import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRANT_STATUSES } from '../shared/grants.js';
import { isValidTimeZone } from '../shared/time.js';
import { createTestContext, seedRequest, type TestContext } from './test/test-app.js';

/** What the document must say so that clients can rely on it; the fuzz test holds the server to it. */
describe('the OpenAPI document states what the server enforces', () => {
  let t: TestContext;
  let doc: any;
  beforeAll(async () => {
    t = await createTestContext('sqlite');
    doc = await (await t.app.request('/openapi.json')).json();
  });
  afterAll(async () => {
    await t.close();
  });
  const ops = () =>
    Object.entries<any>(doc.paths).flatMap(([path, methods]) =>
      Object.entries<any>(methods).map(([method, op]) => ({ path, method, op })),
    );

  it('lists 413, 429 (with Retry-After) on every operation and 415 on every one with a body', () => {
    for (const { path, method, op } of ops()) {
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['413', '429']));
      expect(op.responses['429'].headers['Retry-After'], `${method} ${path}`).toBeDefined();
      if (op.requestBody) expect(op.responses['415'], `${method} ${path}`).toBeDefined();
    }
  });

  it('answers 415 in the error shape, naming the content type it refused, and writes nothing', async () => {
    const before = await t.counts();
    const res = await t.app.request('/v1/grants', {
      method: 'POST',
      body: JSON.stringify(seedRequest()),
      headers: { 'x-dev-user': 'agent-ann', 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'content-type text/plain is not accepted here; send application/json',
      },
    });
    expect(await t.counts()).toEqual(before);
  });

  it('documents the CSV answers next to the JSON ones', () => {
    const types = (path: string) => Object.keys(doc.paths[path].get.responses['200'].content);
    expect(types('/v1/reviews/summary')).toEqual(['application/json', 'text/csv']);
    expect(types('/v1/audit/export')).toEqual(['application/x-ndjson', 'text/csv']);
  });

  it('spells out enums, time zones, integer bounds and cross-field rules', () => {
    const param = (path: string, name: string) =>
      doc.paths[path].get.parameters.find((p: any) => p.name === name).schema;
    const status = new RegExp(param('/v1/grants', 'status').pattern);
    expect(GRANT_STATUSES.filter((s) => !status.test(s))).toEqual([]);
    expect(['pending,active', 'pending,bogus', ''].map((v) => status.test(v))).toEqual([true, false, true]);
    for (const name of ['fromSeq', 'toSeq']) {
      expect(param('/v1/audit/export', name)).toMatchObject({ type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 });
    }
    const timeZone = doc.components.schemas.SettingsUpdate.properties.businessHours.properties.timeZone;
    expect(timeZone.description).toMatch(/IANA/);
    expect(isValidTimeZone(timeZone.example)).toBe(true);
    for (const id of ['CreateGrant', 'Outcome', 'Settings', 'SettingsUpdate', 'SavedQueryDefinition']) {
      expect(doc.components.schemas[id].description, id).toMatch(/^Also checked: /);
    }
  });

  it('documents the public contract outside /v1 and the refusals that are recorded on purpose', () => {
    expect(doc.paths['/auth/zendesk/session'].post.security).toEqual([]);
    expect(doc.paths['/hooks/zendesk/{subdomain}/ticket-updated'].post.security).toEqual([]);
    expect(doc.paths['/v1/me'].get.responses['200']).toBeDefined();
    const events = doc.paths['/v1/grants/{id}/events'].post;
    expect(events['x-refusals-recorded']).toEqual({ auditKinds: ['access.refused'], shadowEvents: true });
    const run = doc.paths['/v1/gateway/grants/{grantId}/queries/{name}/run'].post;
    expect(run['x-refusals-recorded'].auditKinds).toContain('gateway.refused');
  });
});
