import { PostgresAdapter, type Kysely } from 'kysely';

/** Whether `db` (or a transaction on it) talks to PostgreSQL; SQLite needs no row locks. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
