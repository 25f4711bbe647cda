// What someone with write access to the database can do behind the application's back; tests
// use it to show what verify then reports.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { DialectName } from '../db/connect.js';
import { GENESIS_HASH, chainFieldsOf, chainHashOfStored } from '../audit/audit-chain.js';

/** Runs `change` with the append-only triggers out of the way, then puts them back as they were. */
export async function bypassTriggers(
  db: Kysely<Database>,
  dialect: DialectName,
  change: () => Promise<unknown>,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table audit_events disable trigger user`.execute(db);
    await change();
    await sql`alter table audit_events enable always trigger audit_events_no_update`.execute(db);
    await sql`alter table audit_events enable always trigger audit_events_no_truncate`.execute(db);
    return;
  }
  await sql`drop trigger audit_events_no_update`.execute(db);
  await sql`drop trigger audit_events_no_delete`.execute(db);
  await change();
  await sql`create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit_events is append-only: UPDATE refused'); end`.execute(db);
  await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only: DELETE refused'); end`.execute(db);
}

/** Deletes the tenant's rows from `fromSeq` on. */
export function cutTail(db: Kysely<Database>, dialect: DialectName, tenant: string, fromSeq: number): Promise<void> {
  return bypassTriggers(db, dialect, () =>
    db.deleteFrom('audit_events').where('tenant', '=', tenant).where('seq', '>=', fromSeq).execute(),
  );
}

/** Changes row `seq`'s data and re-hashes it and every later row, so the chain is consistent again. */
export function rewriteAndRehash(
  db: Kysely<Database>,
  dialect: DialectName,
  tenant: string,
  seq: number,
  data: Record<string, unknown>,
): Promise<void> {
  return bypassTriggers(db, dialect, async () => {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('seq', '>=', seq - 1)
      .orderBy('seq')
      .execute();
    let prev = rows[0]!.seq === seq ? GENESIS_HASH : rows.shift()!.hash;
    for (const row of rows) {
      const text = row.seq === seq ? JSON.stringify(data) : row.data;
      const hash = chainHashOfStored(prev, { ...chainFieldsOf(row, text), tenant });
      await db
        .updateTable('audit_events')
        .set({ data: text, prev_hash: prev, hash })
        .where('id', '=', row.id)
        .execute();
      prev = hash;
    }
  });
}
