import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pyVerifier, retentionContext, runScript as run, type RetentionContext } from '../test/retention-fixture.js';
import type { TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { verifyArchive } from './archive-format.js';
import { archivePrefix } from './archive-store.js';
import { archiveClosedRanges, type RetentionStores } from './archiver.js';
import { ephemeralCheckpointKeys } from './checkpoint-keys.js';
import { purgeTenant } from './purge.js';

describe.each(testDialects)('sealed archives that do not verify, on %s', (dialect) => {
  let r: RetentionContext;
  let t: TestContext;
  let stores: RetentionStores;
  let work: string;
  beforeEach(async () => {
    r = await retentionContext(dialect);
    ({ t, stores, work } = r);
  });
  afterEach(() => r.close());
  const march = () => r.march();
  const jwksFile = () => r.jwksFile();
  const archiveDir = (id: string) => r.archiveDir(id);

  it('names a changed row, a missing file and a wrong checkpoint, and refuses to purge on a tampered archive', async () => {
    await march();
    t.clock.set('2025-07-20T10:00:00.000Z');
    const [marchArchive, aprilArchive] = (await archiveClosedRanges(t.deps, stores)) as { archive: string }[];
    const jwks = await jwksFile();
    const copy = (name: string) => {
      const dir = join(work, name);
      cpSync(archiveDir(marchArchive!.archive), dir, { recursive: true });
      for (const f of ['rows.jsonl', 'closing-checkpoint.jws', 'manifest.json']) chmodSync(join(dir, f), 0o644);
      return dir;
    };

    const changed = copy('changed-row');
    const rows = readFileSync(join(changed, 'rows.jsonl'), 'utf8').split('\n');
    const at = rows.findIndex((l) => l.includes('"grant.approved"'));
    rows[at] = rows[at]!.replace('"lead-lee"', '"admin-ada"');
    writeFileSync(join(changed, 'rows.jsonl'), rows.join('\n'));
    const seq = at + 1;
    const r1 = await run('scripts/verify-audit-archive.ts', [jwks, changed]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(
      `row_altered (rows.jsonl) at seq ${seq}: row ${seq}: hash does not match the row contents`,
    );
    const py = spawnSync('python3', [pyVerifier, jwks, changed], { encoding: 'utf8' });
    expect(py.status).toBe(1);
    expect(py.stderr).toContain(`row_altered (rows.jsonl): row ${seq}: hash does not match the row contents`);

    const missing = copy('missing-file');
    unlinkSync(join(missing, 'closing-checkpoint.jws'));
    const r2 = await run('scripts/verify-audit-archive.ts', [jwks, missing]);
    expect(r2.stderr).toMatch(/file_missing \(closing-checkpoint\.jws\): closing-checkpoint\.jws is missing/);

    const wrong = copy('wrong-checkpoint');
    cpSync(join(archiveDir(aprilArchive!.archive), 'closing-checkpoint.jws'), join(wrong, 'closing-checkpoint.jws'));
    const r3 = await run('scripts/verify-audit-archive.ts', [jwks, wrong]);
    expect(r3.stderr).toMatch(
      /wrong_checkpoint \(closing-checkpoint\.jws\): the closing checkpoint signs tenant demo seq \d+/,
    );
    expect(r3.code).toBe(1);

    // The store's own copy tampered with: the purge verifies it first and deletes nothing.
    const stored = join(archiveDir(marchArchive!.archive), 'rows.jsonl');
    chmodSync(stored, 0o644);
    writeFileSync(stored, rows.join('\n'));
    const before = await t.counts();
    const refused = await purgeTenant(t.deps, stores, 'demo');
    expect(refused).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining(`archive ${marchArchive!.archive} does not verify (row_altered)`),
    });
    expect(await t.counts()).toEqual(before);
  });

  it('keeps verifying archives after the checkpoint key is rotated, while the old public key is published', async () => {
    await march();
    t.clock.set('2025-07-20T10:00:00.000Z');
    const [sealed] = (await archiveClosedRanges(t.deps, stores)) as { archive: string }[];
    const old = t.checkpoints.keys.current.publicJwk;
    const rotated = await ephemeralCheckpointKeys([old]);
    const read = (name: string) => stores.archives.get(archivePrefix('demo', sealed!.archive) + name);
    expect(await verifyArchive(read, { keys: rotated.publicJwks })).toMatchObject({ ok: true });
    const withoutOld = await verifyArchive(read, { keys: [rotated.current.publicJwk] });
    expect(withoutOld).toMatchObject({
      ok: false,
      problem: { kind: 'bad_checkpoint', file: 'closing-checkpoint.jws' },
    });
  });
});
