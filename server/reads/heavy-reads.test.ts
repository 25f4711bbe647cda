import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { EXPORT_PAGE_ROWS } from '../audit/audit-export.js';
import { bypassTriggers } from '../test/audit-tamper.js';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { inlineHeavyReads, workerHeavyReads, type HeavyReads } from './heavy-reads.js';
import { appendTestEvents } from '../test/audit-fill.js';

describe.each(testDialects)('heavy reads on a worker thread on %s', (dialect) => {
  let t: TestContext;
  let reads: HeavyReads;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    reads = workerHeavyReads({
      url: t.database.url,
      dialect,
      logger: t.deps.logger,
      ...(t.database.schema ? { schema: t.database.schema } : {}),
    });
  });
  afterEach(async () => {
    await reads.close();
    await t.close();
  });

  const append = (n: number) => appendTestEvents(t, n, { note: 'a "quoted", comma\nline' });

  it('answers what the same reads answer inline: lists, chain walks with progress, export pages', async () => {
    await append(EXPORT_PAGE_ROWS + 7_000);
    const inline = inlineHeavyReads(t.db);
    const list = (db: HeavyReads['db']) =>
      db
        .selectFrom('audit_events')
        .select(['seq', 'kind', 'hash'])
        .where('tenant', '=', 'demo')
        .orderBy('seq desc')
        .limit(20)
        .execute();
    expect(await list(reads.db)).toEqual(await list(inline.db));

    const progress: number[] = [];
    const walked = await reads.walk('demo', undefined, undefined, (checked) => progress.push(checked));
    expect(walked).toEqual(await inline.walk('demo'));
    expect(walked).toMatchObject({ ok: true, checked: EXPORT_PAGE_ROWS + 7_000 });
    expect(progress).toEqual([5_000, EXPORT_PAGE_ROWS + 7_000]);

    for (const format of ['jsonl', 'csv'] as const) {
      expect(await reads.exportPage('demo', 100, EXPORT_PAGE_ROWS, format)).toEqual(
        await inline.exportPage('demo', 100, EXPORT_PAGE_ROWS, format),
      );
    }
  });

  it('sees what the main connection committed, names a broken row as inline does, and never writes', async () => {
    await append(10);
    expect(await reads.walk('demo')).toMatchObject({ ok: true, checked: 10 });
    await append(5);
    await bypassTriggers(t.db, dialect, () =>
      t.db.updateTable('audit_events').set({ data: '{}' }).where('tenant', '=', 'demo').where('seq', '=', 13).execute(),
    );
    expect(await reads.walk('demo')).toEqual(await inlineHeavyReads(t.db).walk('demo'));
    expect(await reads.walk('demo')).toMatchObject({ ok: false, checked: 12, firstBroken: { seq: 13 } });
    await expect(reads.db.deleteFrom('saved_queries').where('tenant', '=', 'demo').execute()).rejects.toThrow(
      /read-?only/i,
    );
  });

  it('starts a new worker after one dies; the read in flight fails, the next one succeeds', async () => {
    await append(3);
    expect(await reads.walk('demo')).toMatchObject({ checked: 3 });
    const first = reads.worker!()!;
    const inFlight = reads.walk('demo');
    await first.terminate();
    await expect(inFlight).rejects.toThrow(/worker exited/);
    expect(reads.worker!()).toBeNull();
    await expect(reads.walk('demo')).resolves.toMatchObject({ checked: 3 });
    expect(reads.worker!()).not.toBe(first);
  });

  it('serves verify, the export and the lead lists through the app the same as inline', async () => {
    await append(EXPORT_PAGE_ROWS + 50);
    const withWorker = createApp({ ...t.deps, reads }, { authMode: 'dev', checkpoints: t.checkpoints });
    const get = async (app: typeof withWorker, path: string) => {
      const res = await app.request(path, { headers: { 'x-dev-user': 'lead-lee' } });
      return { status: res.status, text: await res.text() };
    };
    for (const path of [
      '/v1/audit/verify?scope=full',
      '/v1/audit/export?format=csv',
      '/v1/grants?limit=50',
      '/v1/reviews?state=flagged',
    ]) {
      const [a, b] = [await get(withWorker, path), await get(t.app, path)];
      expect(a.status, path).toBe(200);
      expect(a.text, path).toBe(b.text);
    }
    // JSON lines end with a trailer signed at the time of the request: compare the rows.
    const jsonl = async (app: typeof withWorker) => (await get(app, '/v1/audit/export')).text.split('\n').slice(0, -2);
    expect(await jsonl(withWorker)).toEqual(await jsonl(t.app));
  });
});
