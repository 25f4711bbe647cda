import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { isPostgres } from '../db/locks.js';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The SQLite triggers exactly as the migrations create them (a same-named no-op would not match). */
const SQLITE_TRIGGERS: Record<string, string> = {
  audit_events_no_update: `create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit_events is append-only: UPDATE refused'); end`,
  // The one way out of the table: a purge authorised in audit_purges (server/audit/purge.ts).
  audit_events_no_delete: `create trigger audit_events_no_delete before delete on audit_events
      when not exists (select 1 from audit_purges p
                       where p.tenant = old.tenant and old.seq between p.from_seq and p.to_seq)
      begin select raise(abort, 'audit_events is append-only: DELETE refused'); end`,
};

// pg_trigger.tgtype bits: ROW 1, BEFORE 2, DELETE 8, UPDATE 16, TRUNCATE 32.
const PG_FUNCTION_BODY = `begin
        raise exception 'audit_events is append-only: % refused', tg_op using errcode = 'P0001';
      end`;
// DELETE passes only for a row a purge authorised in audit_purges (server/audit/purge.ts).
const PG_PURGE_BODY = `begin
        if exists (select 1 from audit_purges p
                   where p.tenant = old.tenant and old.seq between p.from_seq and p.to_seq) then
          return old;
        end if;
        raise exception 'audit_events is append-only: DELETE refused' using errcode = 'P0001';
      end`;
const PG_TRIGGERS: Record<string, { events: number; label: string; fn: string; body: string }> = {
  audit_events_no_update: {
    events: 16,
    label: 'BEFORE UPDATE',
    fn: 'audit_events_append_only',
    body: PG_FUNCTION_BODY,
  },
  audit_events_no_delete: { events: 8, label: 'BEFORE DELETE', fn: 'audit_events_purge_only', body: PG_PURGE_BODY },
  audit_events_no_truncate: {
    events: 32,
    label: 'BEFORE TRUNCATE',
    fn: 'audit_events_append_only',
    body: PG_FUNCTION_BODY,
  },
};

/**
 * What is wrong with the triggers that make audit_events append-only, one line each (empty when
 * nothing is): missing, altered, disabled, or on PostgreSQL skipped under
 * `session_replication_role = replica` (they must be ENABLE ALWAYS).
 *
 * @example const problems = await auditTriggerProblems(db); // ['trigger audit_events_no_delete is missing']
 */
export async function auditTriggerProblems(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  if (!isPostgres(db)) {
    const { rows } = await sql<{
      name: string;
      sql: string;
    }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_events'`.execute(db);
    for (const [name, expected] of Object.entries(SQLITE_TRIGGERS)) {
      const found = rows.find((r) => r.name === name);
      if (!found) problems.push(`trigger ${name} is missing`);
      else if (squash(found.sql) !== squash(expected))
        problems.push(`trigger ${name} was altered: ${found.sql.replace(/\s+/g, ' ')}`);
    }
    return problems;
  }
  const { rows } = await sql<{
    name: string;
    enabled: string;
    type: number;
    qual: string | null;
    body: string;
    fn: string;
  }>`
    select t.tgname as name, t.tgenabled as enabled, t.tgtype as type, t.tgqual::text as qual,
      p.prosrc as body, p.proname as fn
    from pg_trigger t join pg_proc p on p.oid = t.tgfoid
    where t.tgrelid = to_regclass('audit_events') and not t.tgisinternal`.execute(db);
  for (const [name, want] of Object.entries(PG_TRIGGERS)) {
    const found = rows.find((r) => r.name === name);
    if (!found) {
      problems.push(`trigger ${name} is missing`);
      continue;
    }
    const type = Number(found.type);
    if ((type & 2) === 0 || (type & (8 | 16 | 32)) !== want.events || found.qual !== null)
      problems.push(`trigger ${name} was altered: it is no longer ${want.label} without a condition`);
    if (found.fn !== want.fn || squash(found.body) !== squash(want.body))
      problems.push(`trigger ${name} no longer runs the refusing function ${want.fn}()`);
    if (found.enabled === 'D') problems.push(`trigger ${name} is disabled`);
    else if (found.enabled !== 'A')
      problems.push(`trigger ${name} is not ENABLE ALWAYS, so SET session_replication_role = replica skips it`);
  }
  return problems;
}

export class AuditTriggersError extends Error {
  override name = 'AuditTriggersError';
}

/**
 * Start-up check: refuses to run on a database whose audit_events lost its append-only triggers,
 * naming what is wrong. They are only ever removed by hand, by someone who can also rewrite the trail.
 *
 * @example await assertAuditTriggers(db); // throws AuditTriggersError
 */
export async function assertAuditTriggers(db: Kysely<Database>): Promise<void> {
  const problems = await auditTriggerProblems(db);
  if (problems.length === 0) return;
  throw new AuditTriggersError(
    'Refusing to start: audit_events is not protected as append-only:\n' +
      `${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      'Someone changed the database outside the application. Restore the triggers as the migrations create them ' +
      '(server/db/migrations/2026-11-22-0001-initial.ts, 2026-12-01-0002-audit-canon.ts, 2026-12-02-0010-audit-archives.ts), ' +
      'then check GET /v1/audit/verify.',
  );
}
