import { execFile } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects, type TestDatabase } from '../test/test-db.js';
import { appendAuditEvents } from './audit.repository.js';
import { assertAuditTriggers, auditTriggerProblems } from './audit-triggers.js';

describe.each(testDialects)('the start-up check of the append-only triggers on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.drop();
  });
  const db = () => database.db;

  it('passes on a migrated database', async () => {
    expect(await auditTriggerProblems(db())).toEqual([]);
    await expect(assertAuditTriggers(db())).resolves.toBeUndefined();
  });

  it('refuses to run when a trigger was dropped, naming it', async () => {
    const dropped = dialect === 'postgres' ? 'audit_events_no_update' : 'audit_events_no_delete';
    await sql`drop trigger ${sql.id(dropped)} ${dialect === 'postgres' ? sql`on audit_events` : sql``}`.execute(db());
    await expect(assertAuditTriggers(db())).rejects.toThrow(
      new RegExp(
        `Refusing to start: audit_events is not protected as append-only:\\n  - trigger ${dropped} is missing`,
      ),
    );
  });

  it('refuses to run when a trigger was replaced by one that lets changes through', async () => {
    if (dialect === 'postgres') {
      await sql
        .raw(
          `create or replace function audit_events_append_only() returns trigger language plpgsql as $$
        begin return old; end $$`,
        )
        .execute(db());
      await expect(assertAuditTriggers(db())).rejects.toThrow(
        /trigger audit_events_no_update no longer runs the refusing function/,
      );
    } else {
      await sql`drop trigger audit_events_no_update`.execute(db());
      await sql`create trigger audit_events_no_update before update on audit_events when 0
        begin select raise(abort, 'audit_events is append-only: UPDATE refused'); end`.execute(db());
      await expect(assertAuditTriggers(db())).rejects.toThrow(/trigger audit_events_no_update was altered/);
    }
  });

  it('lets a DELETE through only for the seqs an audit_purges row covers, written in the same transaction', async () => {
    const at = '2026-11-23T10:00:00.000Z';
    await appendAuditEvents(
      db(),
      [1, 2, 3].map(() => ({ tenant: 'demo', kind: 'test.event', occurredAt: at, actorId: null })),
    );
    const seqs = async () =>
      (await db().selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    await expect(db().deleteFrom('audit_events').where('seq', '=', 1).execute()).rejects.toThrow(
      /audit_events is append-only: DELETE refused/,
    );
    const purge = {
      tenant: 'demo',
      from_seq: 1,
      to_seq: 1,
      anchor_hash: 'x',
      archives: '[]',
      cutoff: at,
      rows_deleted: 1,
      grants_deleted: 0,
      access_events_deleted: 0,
      purged_at: at,
      purged_by: 'test',
    };
    // Another tenant's authorisation covers nothing here.
    await db()
      .insertInto('audit_purges')
      .values({ ...purge, tenant: 'other', to_seq: 3 })
      .execute();
    await expect(db().deleteFrom('audit_events').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('audit_purges').values(purge).execute();
        await trx.deleteFrom('audit_events').where('seq', '=', 1).execute();
      });
    expect(await seqs()).toEqual([2, 3]);
    await expect(db().deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    await expect(db().updateTable('audit_events').set({ kind: 'x' }).execute()).rejects.toThrow(/append-only/);
    expect(await seqs()).toEqual([2, 3]);
  });

  it.runIf(dialect === 'postgres')(
    'keeps the triggers firing under session_replication_role = replica, and refuses them disabled',
    async () => {
      await db()
        .transaction()
        .execute((trx) =>
          appendAuditEvents(trx, [
            { tenant: 'demo', kind: 'test.event', occurredAt: '2026-11-23T10:00:00.000Z', actorId: null },
          ]),
        );
      // The bypass from the issue: replica mode skips ordinary triggers, not ENABLE ALWAYS ones.
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            await sql`set local session_replication_role = replica`.execute(trx);
            await trx.deleteFrom('audit_events').execute();
          }),
      ).rejects.toThrow(/append-only/);
      await sql`alter table audit_events enable trigger audit_events_no_update`.execute(db());
      expect(await auditTriggerProblems(db())).toEqual([
        'trigger audit_events_no_update is not ENABLE ALWAYS, so SET session_replication_role = replica skips it',
      ]);
      await sql`alter table audit_events disable trigger audit_events_no_truncate`.execute(db());
      expect(await auditTriggerProblems(db())).toContain('trigger audit_events_no_truncate is disabled');
    },
  );

  it.runIf(dialect === 'sqlite')('stops the server at start-up, before it serves a request', async () => {
    await sql`drop trigger audit_events_no_delete`.execute(db());
    const main = new URL('../main.ts', import.meta.url).pathname;
    const key = JSON.stringify({
      kty: 'OKP',
      crv: 'Ed25519',
      x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
    });
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      CHECKPOINT_KEY: key,
      CHECKPOINT_DIR: `${database.url.slice(7)}-checkpoints`,
      SEED_DEMO: 'false',
      PORT: '0',
    };
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const proc = execFile(process.execPath, ['--import', 'tsx', main], { env }, (error, _stdout, stderr) =>
        resolve({ code: error ? (proc.exitCode ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Refusing to start: audit_events is not protected as append-only:\n {2}- trigger audit_events_no_delete is missing/,
    );
  });
});
