import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings.js';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe.each(testDialects)('settings on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets anyone signed in read the settings', async () => {
    const res = await t.call('agent-ann', 'GET', '/v1/settings');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      defaultDurationMinutes: 30,
      maxDurationMinutes: 240,
      approvers: ['lead-lee'],
      businessHours: { timeZone: 'UTC' },
    });
  });

  it('lets only admins change them, and audits old and new values of what changed', async () => {
    const current = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const next = {
      ...current,
      defaultDurationMinutes: 60,
      maxDurationMinutes: 120,
      allowedDurationsMinutes: [15, 30, 60, 120],
    };
    const before = await t.counts();
    expect((await t.call('lead-lee', 'PUT', '/v1/settings', next)).status).toBe(403);
    expect(await t.counts()).toEqual(before);

    const saved = await t.call('admin-ada', 'PUT', '/v1/settings', next);
    expect(saved).toMatchObject({ status: 200, body: { defaultDurationMinutes: 60, maxDurationMinutes: 120 } });
    const [audit] = await t.db.selectFrom('audit_events').selectAll().where('kind', '=', 'settings.changed').execute();
    expect(audit?.actor_id).toBe('admin-ada');
    expect(JSON.parse(audit!.data)).toEqual({
      changed: ['defaultDurationMinutes', 'maxDurationMinutes', 'allowedDurationsMinutes'],
      old: { defaultDurationMinutes: 30, maxDurationMinutes: 240, allowedDurationsMinutes: [15, 30, 60, 120, 240] },
      new: { defaultDurationMinutes: 60, maxDurationMinutes: 120, allowedDurationsMinutes: [15, 30, 60, 120] },
    });
    // Saving the same values again changes nothing and records nothing.
    await t.call('admin-ada', 'PUT', '/v1/settings', next);
    expect(
      (await t.db.selectFrom('audit_events').select('id').where('kind', '=', 'settings.changed').execute()).length,
    ).toBe(1);

    // The new maximum applies to requests at once.
    const res = await t.call('agent-ann', 'POST', '/v1/grants', {
      ticketId: '48271',
      customerId: '1842',
      systems: ['billing-db'],
      durationMinutes: 240,
      reason: 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/maximum of 120 minutes/);
  });

  it('refuses invalid settings naming each wrong field, and writes nothing', async () => {
    const current = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const before = await t.counts();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        { defaultDurationMinutes: 500 },
        'defaultDurationMinutes',
        /must not exceed the maximum duration \(240 minutes\)/,
      ],
      [{ allowedDurationsMinutes: [15, 480] }, 'allowedDurationsMinutes', /480 exceed the maximum duration/],
      [{ businessHours: { ...current.businessHours, timeZone: 'Mars/Olympus' } }, 'businessHours.timeZone', /IANA/],
      [{ businessHours: { ...current.businessHours, start: '25:00' } }, 'businessHours.start', /HH:MM/],
      [{ businessHours: { ...current.businessHours, days: ['funday'] } }, 'businessHours.days.0', /./],
      [{ approvers: [] }, 'approvers', /at least one approver/],
      [{ defaultDurationMinutes: 45 }, 'defaultDurationMinutes', /one of the allowed durations \(15, 30, 60/],
      [{ systems: ['billing-db', 'Billing-DB'] }, 'systems', /twice/],
      [{ retentionDays: 5 }, 'retentionDays', /./],
      [
        { reviewThresholds: { longSessionMinutes: 0, broadAccessRecords: 10 } },
        'reviewThresholds.longSessionMinutes',
        /./,
      ],
    ];
    for (const [patch, path, message] of cases) {
      const res = await t.call('admin-ada', 'PUT', '/v1/settings', { ...current, ...patch });
      expect(res.status, path).toBe(400);
      const issue = res.body.error.issues.find((i: { path: string }) => i.path === path);
      expect(issue, `${path} in ${JSON.stringify(res.body.error.issues)}`).toBeDefined();
      expect(issue.message).toMatch(message);
    }
    const { maxDurationMinutes: _dropped, ...missing } = current;
    const res = await t.call('admin-ada', 'PUT', '/v1/settings', missing);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('maxDurationMinutes');
    expect(await t.counts()).toEqual(before);
  });

  it('names every problem of one save at once, the rules between fields too', async () => {
    const current = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const res = await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...current,
      defaultDurationMinutes: 500,
      retentionDays: 5,
      startWindowMinutes: null,
      businessHours: { ...current.businessHours, days: [], end: current.businessHours.start },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'defaultDurationMinutes', message: 'must not exceed the maximum duration (240 minutes)' },
        { path: 'defaultDurationMinutes', message: expect.stringMatching(/one of the allowed durations/) },
        { path: 'retentionDays', message: 'must be at least 30 days' },
        { path: 'startWindowMinutes', message: 'must be a whole number of minutes' },
        { path: 'businessHours.days', message: 'name at least one business day' },
        { path: 'businessHours.end', message: 'must differ from the start time' },
      ]),
    );
  });

  it('refuses approvers and after-hours approvers who are not in the directory, naming each', async () => {
    const current = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const before = await t.counts();
    const res = await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...current,
      approvers: ['lead-lee', 'laed-lee'],
      afterHoursApprovers: ['nobody', 'admin-ada'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: 'approvers.1', message: 'unknown user laed-lee' },
      { path: 'afterHoursApprovers.0', message: 'unknown user nobody' },
    ]);
    expect(res.body.error.message).toMatch(/laed-lee/);
    expect(await t.counts()).toEqual(before);
    // Once every id is a known user, the same lists save.
    const ok = await t.call('admin-ada', 'PUT', '/v1/settings', { ...current, approvers: ['lead-lee', 'admin-ada'] });
    expect(ok.status).toBe(200);
  });

  it('logs the tenant and the issues of a stored row that fails validation, then uses the defaults', async () => {
    const stored = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const broken = JSON.stringify({ ...stored, approvers: 'lead-lee', retentionDays: 1 });
    await t.db.updateTable('settings').set({ value: broken }).where('tenant', '=', 'demo').execute();
    expect(t.logged).toEqual([]);
    const res = await t.call('agent-ann', 'GET', '/v1/settings');
    expect(res.body).toEqual(defaultSettings);
    expect(t.logged).toEqual([
      [
        expect.stringMatching(/tenant demo .*defaults \(no approvers\)/),
        [
          { path: 'approvers', message: expect.any(String) },
          { path: 'retentionDays', message: expect.any(String) },
        ],
      ],
    ]);
  });
});
