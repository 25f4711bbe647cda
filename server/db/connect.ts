import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type { Database } from './database.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL only: the schema to work in (tests give every file its own). */
  schema?: string;
  poolSize?: number;
  /** Reads only (a heavy-reads worker's own connection): SQLite read-only, PostgreSQL read-only transactions. */
  readonly?: boolean;
}

/**
 * The one place that picks the database from a URL; nothing else imports a driver.
 *
 * @example
 *   const { db, dialect } = connectDatabase('sqlite:./data/ta.db');
 *   const pgHandle = connectDatabase('postgres://postgres@127.0.0.1:5432/test');
 */
export function connectDatabase(url: string, options: ConnectOptions = {}): DatabaseHandle {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // int8 (counts, sums) comes back as a JS number; our values stay far below 2^53.
    pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(pgOptions(options) ? { options: pgOptions(options) } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }

  const path = url.replace(/^(sqlite|file):/, '');
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SqliteDatabase(path, { readonly: options.readonly ?? false });
  // WAL is a property of the file, set by the writer; a read-only connection may not change it.
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    // FULL: a committed audit row is on disk before the response leaves.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
  }
  sqlite.pragma('busy_timeout = 5000');
  // Hot pages stay in memory: 64 MB of page cache, reads through a 256 MB memory map.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Session settings for PostgreSQL: the schema, and read-only transactions for a heavy-reads pool. */
function pgOptions(options: ConnectOptions): string {
  const set = [];
  if (options.schema) set.push(`-c search_path=${options.schema}`);
  if (options.readonly) set.push('-c default_transaction_read_only=on');
  return set.join(' ');
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small one. Statements are
 * kept by SQL text (Kysely's parameters are bound, never inlined, so the set stays small). Safe
 * because Kysely runs one statement at a time on its single SQLite connection.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, limit = 500) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= limit) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
