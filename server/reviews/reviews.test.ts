import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

const outcome = {
  summary: 'Reset the refund as agreed',
  changedData: true,
  changes: 'refund 9912 status retry',
  exposedBeyondScope: false,
};

describe.each(testDialects)('review queue on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  async function writeSession(user = 'agent-ann', ticketId = '48271') {
    const { body } = await t.call(
      user,
      'POST',
      '/v1/grants',
      seedRequest({ ticketId, access: 'write', writeNeed: 'Reset refund 9912 to retry' }),
    );
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    await t.call(user, 'POST', `/v1/grants/${body.id}/start`);
    await t.call(user, 'POST', `/v1/grants/${body.id}/events`, {
      events: [{ kind: 'change', target: 'refund 9912', fields: ['status'] }],
    });
    t.clock.advance(3);
    await t.call(user, 'POST', `/v1/grants/${body.id}/end`, { outcome });
    t.clock.advance(10);
    return body.id as string;
  }

  it('lists flagged sessions newest first with flags, what was viewed and outcome; verdicts move them out', async () => {
    const first = await writeSession('agent-ann');
    const second = await writeSession('agent-bob', '48302');
    const plain = (await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ ticketId: '48315' }))).body.id;
    const queue = await t.call('lead-lee', 'GET', '/v1/reviews?state=flagged');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([second, first]);
    expect(queue.body.items.map((i: { id: string }) => i.id)).not.toContain(plain);
    expect(queue.body.items[1]).toMatchObject({
      flags: [{ code: 'write_access', reason: expect.stringContaining('Reset refund 9912') }],
      viewed: [{ kind: 'change', target: 'refund 9912' }],
      outcome: { changedData: true, changes: 'refund 9912 status retry' },
      review: null,
    });

    const verdict = await t.call('lead-lee', 'POST', `/v1/reviews/${first}`, {
      verdict: 'ok',
      note: 'Change matches the ticket and the outcome note',
    });
    expect(verdict.body).toMatchObject({
      grantId: first,
      verdict: 'ok',
      reviewer: { id: 'lead-lee', name: 'Lee Lead' },
    });
    expect((await t.call('lead-lee', 'GET', '/v1/reviews')).body.items.map((i: { id: string }) => i.id)).toEqual([
      second,
    ]);
    const reviewed = (await t.call('admin-ada', 'GET', '/v1/reviews?state=reviewed')).body.items;
    expect(reviewed).toMatchObject([{ id: first, review: { verdict: 'ok' } }]);

    // A second verdict replaces the first; the audit trail keeps both.
    await t.call('admin-ada', 'POST', `/v1/reviews/${first}`, {
      verdict: 'concern',
      note: 'Customer not told about the change',
    });
    const audits = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'review.recorded')
      .orderBy('seq')
      .execute();
    expect(audits.map((a) => JSON.parse(a.data).verdict)).toEqual(['ok', 'concern']);
    expect(JSON.parse(audits[1]!.data).previous).toEqual({
      verdict: 'ok',
      note: 'Change matches the ticket and the outcome note',
      by: 'lead-lee',
    });
  });

  it('refuses agents, own sessions, unflagged and still-open sessions, and empty notes — writing nothing', async () => {
    const id = await writeSession('agent-ann');
    const own = (
      await t.call(
        'lead-lee',
        'POST',
        '/v1/grants',
        seedRequest({ ticketId: '48302', access: 'write', writeNeed: 'Fix the stuck refund state' }),
      )
    ).body.id;
    const plain = (await t.call('agent-bob', 'POST', '/v1/grants', seedRequest({ ticketId: '48315' }))).body.id;
    const before = await t.counts();
    const cases: Array<[string, string, unknown, number, string]> = [
      ['agent-bob', id, { verdict: 'ok', note: 'looks fine' }, 403, 'forbidden'],
      ['lead-lee', own, { verdict: 'ok', note: 'looks fine' }, 403, 'forbidden'],
      ['lead-lee', plain, { verdict: 'ok', note: 'looks fine' }, 409, 'not_flagged'],
      ['admin-ada', own, { verdict: 'ok', note: 'looks fine' }, 409, 'grant_open'],
      ['lead-lee', id, { verdict: 'fine', note: 'looks fine' }, 400, 'invalid_input'],
      ['lead-lee', id, { verdict: 'ok', note: '' }, 400, 'invalid_input'],
      ['lead-lee', 'gr_missing', { verdict: 'ok', note: 'looks fine' }, 404, 'not_found'],
    ];
    for (const [user, grant, body, status, code] of cases) {
      const res = await t.call(user, 'POST', `/v1/reviews/${grant}`, body);
      expect(res.status, `${user} ${grant}`).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect((await t.call('agent-ann', 'GET', '/v1/reviews')).status).toBe(403);
    expect(await t.counts()).toEqual(before);
  });

  it('summarises the week: counts per flag, verdicts, unreviewed and the oldest waiting', async () => {
    const a = await writeSession('agent-ann');
    await writeSession('agent-bob', '48302');
    t.clock.set('2026-11-23T21:30:00.000Z');
    await writeSession('agent-ann', '48315'); // also after hours
    await t.call('lead-lee', 'POST', `/v1/reviews/${a}`, { verdict: 'concern', note: 'No customer consent on file' });
    t.clock.set('2026-11-24T09:00:00.000Z');
    const summary = (await t.call('lead-lee', 'GET', '/v1/reviews/summary')).body;
    expect(summary).toMatchObject({
      flaggedSessions: 3,
      perFlag: { write_access: 3, after_hours: 1 },
      reviewed: { ok: 0, concern: 1 },
      unreviewed: 2,
      oldestWaiting: { flaggedAt: '2026-11-23T10:13:00.000Z', waitingHours: 22.8 },
    });
    const csv = (await t.call('lead-lee', 'GET', '/v1/reviews/summary?format=csv')).body as string;
    expect(csv).toContain('flag:write_access,3');
    expect(csv).toContain('unreviewed,2');
    const earlier = (
      await t.call('lead-lee', 'GET', '/v1/reviews/summary?from=2026-11-16T00:00:00.000Z&to=2026-11-23T00:00:00.000Z')
    ).body;
    expect(earlier).toMatchObject({ flaggedSessions: 0, unreviewed: 0, oldestWaiting: null });
  });
});
