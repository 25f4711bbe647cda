import type { Kysely } from 'kysely';
import type { AuditArchiveRow, AuditPurgeRow, Database } from '../db/database.js';

/** A tenant's archives, oldest first. */
export function listArchives(db: Kysely<Database>, tenant: string): Promise<AuditArchiveRow[]> {
  return db.selectFrom('audit_archives').selectAll().where('tenant', '=', tenant).orderBy('from_seq').execute();
}

/** The archive that ends furthest along the chain, if any. */
export function lastArchive(db: Kysely<Database>, tenant: string): Promise<AuditArchiveRow | undefined> {
  return db
    .selectFrom('audit_archives')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('to_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A tenant's purges, oldest first. */
export function listPurges(db: Kysely<Database>, tenant: string): Promise<AuditPurgeRow[]> {
  return db.selectFrom('audit_purges').selectAll().where('tenant', '=', tenant).orderBy('to_seq').execute();
}

/** The latest purge: the chain in the database starts right after its `to_seq`. */
export function lastPurge(db: Kysely<Database>, tenant: string): Promise<AuditPurgeRow | undefined> {
  return db
    .selectFrom('audit_purges')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('to_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The first row at or after `fromSeq` written at or after `at`: where a period's range ends. */
export async function firstSeqFrom(
  db: Kysely<Database>,
  tenant: string,
  fromSeq: number,
  at: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('tenant', '=', tenant)
    .where('seq', '>=', fromSeq)
    .where('occurred_at', '>=', at)
    .executeTakeFirst();
  return row?.seq == null ? null : Number(row.seq);
}
