import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, SigningKeysTable } from '../db/database.js';

export type SigningKeyRow = Selectable<SigningKeysTable>;

export function findSigningKey(db: Kysely<Database>, purpose: string): Promise<SigningKeyRow | undefined> {
  return db.selectFrom('signing_keys').selectAll().where('purpose', '=', purpose).executeTakeFirst();
}

/** Two instances starting together: the first insert wins, the other one's is dropped. */
export async function insertSigningKeyOnce(db: Kysely<Database>, row: Insertable<SigningKeysTable>): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values(row)
    .onConflict((oc) => oc.column('purpose').doNothing())
    .execute();
}
