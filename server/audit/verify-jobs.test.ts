import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bypassTriggers } from '../test/audit-tamper.js';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { writeCheckpoints } from './checkpoint-writer.js';
import { ABANDONED_AFTER_MS, readVerifyJob, startVerifyJob } from './verify-jobs.js';
import { appendTestEvents } from '../test/audit-fill.js';

describe.each(testDialects)('incremental verify and background re-walks on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const append = (n: number) => appendTestEvents(t, n);
  const verify = async (query = '') => (await t.call('lead-lee', 'GET', `/v1/audit/verify${query}`)).body;
  /** Edits a row's data in place, leaving its hash: only a walk over that row can see it. */
  const editInPlace = (seq: number) =>
    bypassTriggers(t.db, dialect, () =>
      t.db
        .updateTable('audit_events')
        .set({ data: '{"i":"edited"}' })
        .where('tenant', '=', 'demo')
        .where('seq', '=', seq)
        .execute(),
    );
  const untilDone = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const { body } = await t.call('lead-lee', 'GET', `/v1/audit/verify-jobs/${id}`);
      if (body.state !== 'running') return body;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the verify job did not finish');
  };

  it('walks only the rows after the newest checkpoint, and names a broken row among them', async () => {
    await append(40);
    await writeCheckpoints(t.deps, t.checkpoints);
    await append(7);
    expect(await verify()).toMatchObject({
      ok: true,
      checked: 7,
      head: { seq: 47 },
      scope: { kind: 'incremental', fromSeq: 41 },
      checkpoint: { seq: 40 },
      lastFullWalk: null,
    });
    await editInPlace(44);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBroken: { seq: 44, reason: expect.stringContaining('altered') },
    });
  });

  it('walks from the first row when there is no checkpoint, or when the rows under it changed', async () => {
    await append(5);
    expect(await verify()).toMatchObject({ ok: true, checked: 5, scope: { kind: 'full', fromSeq: 1 } });
    await writeCheckpoints(t.deps, t.checkpoints);
    const { cutTail } = await import('../test/audit-tamper.js');
    await cutTail(t.db, dialect, 'demo', 4);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 3,
      scope: { kind: 'full', fromSeq: 1 },
      findings: [{ kind: 'tail_cut', fromSeq: 4, toSeq: 5 }],
    });
  });

  it('leaves a row edited in place below the checkpoint to the full re-walk, which names it', async () => {
    await append(30);
    await writeCheckpoints(t.deps, t.checkpoints);
    await editInPlace(12);
    expect(await verify()).toMatchObject({ ok: true, checked: 0, scope: { kind: 'incremental' } });

    const started = await t.call('lead-lee', 'POST', '/v1/audit/verify-jobs');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'running', startedBy: 'lead-lee', checked: 0, total: 30 });
    const job = await untilDone(started.body.id);
    expect(job).toMatchObject({
      state: 'done',
      checked: 11,
      error: null,
      result: { ok: false, scope: { kind: 'full', fromSeq: 1 }, firstBroken: { seq: 12 } },
    });
    // Every incremental verify now shows the last full walk beside itself.
    expect(await verify()).toMatchObject({
      ok: true,
      lastFullWalk: { jobId: job.id, ok: false, checked: 11, firstBroken: { seq: 12 } },
    });
  });

  it('runs one walk per tenant at a time, restarts one abandoned by a dead instance, and keeps tenants apart', async () => {
    await append(3);
    const first = await startVerifyJob(t.deps, t.checkpoints, { tenant: 'demo', id: 'lead-lee' } as never);
    await first.done;
    expect(await readVerifyJob(t.deps, 'demo', first.job.id)).toMatchObject({ state: 'done', checked: 3 });

    // A walk still running (its progress moved just now) is the answer to another start; one whose
    // instance died stays "running" in the table and, once stale, reads as abandoned.
    await t.db
      .insertInto('audit_verify_jobs')
      .values({
        id: 'vj_dead',
        tenant: 'demo',
        state: 'running',
        started_by: 'lead-lee',
        started_at: t.clock.iso(),
        updated_at: t.clock.iso(),
        finished_at: null,
        checked: 1,
        total: 3,
        result: null,
        error: null,
      })
      .execute();
    expect((await t.call('lead-lee', 'POST', '/v1/audit/verify-jobs')).body).toMatchObject({
      id: 'vj_dead',
      state: 'running',
    });
    t.clock.advance(ABANDONED_AFTER_MS / 60_000 + 1);
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify-jobs/vj_dead')).body.state).toBe('abandoned');
    const fresh = await t.call('lead-lee', 'POST', '/v1/audit/verify-jobs');
    expect(fresh.body.id).not.toBe('vj_dead');
    await untilDone(fresh.body.id);

    const { seedDemo } = await import('../demo/seed.js');
    await seedDemo(t.db, 'acme', t.clock.iso());
    expect((await t.call('lead-lee@acme', 'GET', `/v1/audit/verify-jobs/${fresh.body.id}`)).status).toBe(404);
    expect((await t.call('agent-ann', 'POST', '/v1/audit/verify-jobs')).status).toBe(403);
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify?scope=everything')).status).toBe(400);
  });
});
