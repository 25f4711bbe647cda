import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_STATUSES, isOpen } from '../../shared/grant-rules.js';
import { addMinutes } from '../../shared/time.js';
import type { GrantRow } from '../db/database.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { dueNow, openNow, openStatusLiterals } from './grant-predicates.js';
import { effectiveStatus } from './grant-view.js';
import { findGrant, insertGrant } from './grants.repository.js';

/** The SQL and the rule must agree on every status with every kind of clock time. */
describe.each(testDialects)('grant predicates agree with the grant rules on %s', (dialect) => {
  let t: TestContext;
  let rows: GrantRow[];
  let now: string;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    now = t.clock.iso();
    const created = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    const base = (await findGrant(t.db, 'demo', created.body.id as string))!;
    await t.db.deleteFrom('grants').execute();
    const times = { none: null, past: addMinutes(now, -1), now, future: addMinutes(now, 1) };
    rows = GRANT_STATUSES.flatMap((status) =>
      Object.entries(times).flatMap(([expiresName, expiresAt]) =>
        Object.entries(times).map(([startName, startBy]) => ({
          ...base,
          id: `gr_${status}_${expiresName}_${startName}`,
          status,
          expires_at: expiresAt,
          start_by: startBy,
        })),
      ),
    );
    for (const row of rows) await insertGrant(t.db, row);
  });
  afterEach(async () => {
    await t.close();
  });

  const selectIds = () => t.db.selectFrom('grants').select('id');
  const idsFrom = async (query: ReturnType<typeof selectIds>) => (await query.execute()).map((r) => r.id).sort();
  const idsOf = (keep: (row: GrantRow) => boolean) =>
    rows
      .filter(keep)
      .map((r) => r.id)
      .sort();

  it('openNow selects exactly the grants the rule reads as open now', async () => {
    const open = idsOf((row) => isOpen(effectiveStatus(row, now)));
    expect(open.length).toBeGreaterThan(0);
    expect(await idsFrom(selectIds().where(openNow(now)))).toEqual(open);
  });

  it('dueNow selects exactly the grants whose effective status has moved on from the stored one', async () => {
    const due = idsOf((row) => effectiveStatus(row, now) !== row.status);
    expect(due).toContain('gr_active_now_none');
    expect(due).toContain('gr_approved_none_past');
    expect(await idsFrom(selectIds().where(dueNow(now)))).toEqual(due);
  });

  it('openStatusLiterals selects the open statuses, written as literals', async () => {
    expect(await idsFrom(selectIds().where(openStatusLiterals()))).toEqual(idsOf((row) => isOpen(row.status)));
    const text = selectIds().where(openStatusLiterals()).compile();
    expect(text.sql).toContain(`status in ('pending', 'approved', 'active')`);
    expect(text.parameters).toEqual([]);
  });
});
