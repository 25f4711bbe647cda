import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase, type DatabaseHandle, type DialectName } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

/** Tests read the environment here only: TEST_DATABASE_URL adds PostgreSQL to every storage test. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it and fails if it is down). */
export const testDialects: DialectName[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends DatabaseHandle {
  /** A URL another process can open to reach the same data (with `schema` on PostgreSQL). */
  url: string;
  schema?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a new schema in the test PostgreSQL. */
export async function openTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString('hex');
  if (dialect === 'sqlite') {
    const file = join(tmpdir(), `ta-test-${suffix}.db`);
    const handle = connectDatabase(`sqlite:${file}`);
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url: `sqlite:${file}`,
      drop: async () => {
        await handle.close();
        for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true });
      },
    };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `ta_test_${suffix}`;
  const admin = connectDatabase(TEST_DATABASE_URL, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = connectDatabase(TEST_DATABASE_URL, { schema });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: TEST_DATABASE_URL,
    schema,
    drop: async () => {
      await handle.close();
      const cleanup = connectDatabase(TEST_DATABASE_URL, { poolSize: 1 });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}
