// The data gateway's production connection: read-only by construction, not by reading SQL text.
// It sits beside connect.ts so that the database drivers are still imported under db/ only.
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { connectDatabase, type DialectName } from './connect.js';

/** One saved-query run: SQL in the dialect's placeholders (`?` or `$1`) and values bound separately. */
export interface ReadOnlyQuery {
  text: string;
  values: Array<string | number | boolean | null>;
  /** At most this many rows come back; one more is read to tell whether there were more. */
  rowLimit: number;
  timeoutMs: number;
}

export interface ReadOnlyResult {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

export type ReadOnlyFailure = 'timeout' | 'read_only' | 'failed' | 'unavailable';

/** Why the production database refused or failed a query; the gateway maps `kind` to an HTTP answer. */
export class ReadOnlyQueryError extends Error {
  override name = 'ReadOnlyQueryError';
  constructor(
    readonly kind: ReadOnlyFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface GatewayDatabaseHandle {
  dialect: DialectName;
  run(query: ReadOnlyQuery): Promise<ReadOnlyResult>;
  close(): Promise<void>;
}

export interface GatewayConnectOptions {
  /** PostgreSQL only: the schema to read (tests use a scratch schema). */
  schema?: string;
  poolSize?: number;
  /**
   * Runs once, before the read-only connection opens, on a separate *writable* connection that is
   * closed afterwards — how the demo production data gets in. Never pass it for a real database.
   */
  prepare?: (db: Kysely<any>, dialect: DialectName) => Promise<void>;
}

/**
 * The gateway's connection to the production database. SQLite is opened `readonly` (and
 * `query_only`); PostgreSQL runs every query in `BEGIN READ ONLY` with `SET LOCAL statement_timeout`
 * and reads only the first `rowLimit + 1` rows of the portal. Values are always bound.
 *
 * SQLite cannot interrupt a running statement (better-sqlite3 exposes no progress handler): the
 * deadline is checked between rows, so one slow step (a huge aggregate) runs to its end.
 *
 * @example
 *   const prod = await connectGatewayDatabase('sqlite:./data/demo-production.db', { prepare: seedProductionData });
 *   await prod.run({ text: 'select * from refunds where id = ?', values: [9912], rowLimit: 100, timeoutMs: 2000 });
 */
export async function connectGatewayDatabase(
  url: string,
  options: GatewayConnectOptions = {},
): Promise<GatewayDatabaseHandle> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (options.prepare) {
      const writable = connectDatabase(url, { poolSize: 1, ...(options.schema ? { schema: options.schema } : {}) });
      try {
        await options.prepare(writable.db, 'postgres');
      } finally {
        await writable.close();
      }
    }
    return connectPostgresReadOnly(url, options);
  }
  const path = url.replace(/^(sqlite|file):/, '');
  if (options.prepare) {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('busy_timeout = 5000');
    const writable = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      await options.prepare(writable, 'sqlite');
    } finally {
      await writable.destroy();
    }
  }
  return openSqliteReadOnly(path);
}

function openSqliteReadOnly(path: string): GatewayDatabaseHandle {
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`Cannot open the gateway database ${path} read-only: ${(err as Error).message}`);
  }
  // Belt and braces: the read-only open already refuses writes, query_only refuses them too.
  sqlite.pragma('query_only = ON');
  const statements = new Map<string, SqliteDatabase.Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = sqlite.prepare(text);
      // A saved query that does not return rows is a write, DDL or pragma; it is never run.
      if (!statement.reader)
        throw new ReadOnlyQueryError(
          'read_only',
          'The saved query does not read rows (it would change data or settings); the gateway only runs queries that read.',
        );
      statement.raw(true);
      if (statements.size >= 500) statements.clear();
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    dialect: 'sqlite',
    async run(query) {
      const deadline = performance.now() + query.timeoutMs;
      try {
        const statement = prepare(query.text);
        const columns = statement.columns().map((c) => c.name);
        const rows: unknown[][] = [];
        // SQLite booleans are integers.
        const values = query.values.map((v) => (typeof v === 'boolean' ? Number(v) : v));
        for (const row of statement.iterate(...values) as Iterable<unknown[]>) {
          rows.push(row);
          if (rows.length > query.rowLimit) break;
          if (performance.now() > deadline)
            throw new ReadOnlyQueryError(
              'timeout',
              `The saved query ran longer than its ${query.timeoutMs} ms limit and was stopped.`,
            );
        }
        const truncated = rows.length > query.rowLimit;
        return { columns, rows: truncated ? rows.slice(0, query.rowLimit) : rows, truncated };
      } catch (err) {
        if (err instanceof ReadOnlyQueryError) throw err;
        const code = (err as { code?: string }).code ?? '';
        if (code.startsWith('SQLITE_READONLY'))
          throw new ReadOnlyQueryError(
            'read_only',
            'The saved query tried to change data; the gateway connection is read-only and nothing was changed.',
          );
        throw new ReadOnlyQueryError('failed', (err as Error).message);
      }
    },
    close: async () => {
      sqlite.close();
    },
  };
}

/** What `pg.Query` calls on its submittable; not in @types/pg. */
interface PortalHooks {
  handlePortalSuspended(connection: { sync(): void }): void;
  handleError(err: Error, connection: { sync(): void }): void;
}

/**
 * Reads at most `rows` rows. pg fetches page after page when `rows` is set; answering "portal
 * suspended" with a Sync instead stops after the first page (what pg-cursor does). After a server
 * error pg sends no Sync in this mode, so we do, or the connection would wait forever.
 */
function firstPage(
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  rows: number,
): Promise<{ columns: string[]; rows: unknown[][] }> {
  return new Promise((resolvePage, rejectPage) => {
    // `rows` (a page size) is honoured by pg but missing from @types/pg.
    const config: pg.QueryConfig & { rows: number; rowMode: 'array' } = { text, values, rows, rowMode: 'array' };
    const query = new pg.Query(config, (err, result) => {
      if (err) rejectPage(err);
      else resolvePage({ columns: result.fields.map((f) => f.name), rows: result.rows as unknown[][] });
    }) as pg.Query & PortalHooks;
    const handleError = query.handleError.bind(query);
    query.handlePortalSuspended = (connection) => connection.sync();
    query.handleError = (err, connection) => {
      if (err instanceof pg.DatabaseError) connection.sync();
      handleError(err, connection);
    };
    void client.query(query);
  });
}

function connectPostgresReadOnly(url: string, options: GatewayConnectOptions): GatewayDatabaseHandle {
  pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    application_name: 'ticketed-access-gateway',
    // Every transaction on these connections starts read-only, even one a saved query could open itself.
    options: `-c default_transaction_read_only=on${options.schema ? ` -c search_path=${options.schema}` : ''}`,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  return {
    dialect: 'postgres',
    async run(query) {
      const timeoutMs = Math.trunc(query.timeoutMs);
      if (!(timeoutMs > 0)) throw new ReadOnlyQueryError('failed', 'timeoutMs must be a positive integer');
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw new ReadOnlyQueryError(
          'unavailable',
          `The production database cannot be reached: ${(err as Error).message}`,
        );
      }
      let broken: Error | undefined;
      try {
        // One round trip; the timeout is a validated integer, never request text.
        await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${timeoutMs}`);
        const page = await firstPage(client, query.text, query.values, query.rowLimit + 1);
        // No row description: a command (COMMIT, SET, …) rather than a query. It could not write, but it is no read
        // either.
        if (page.columns.length === 0)
          throw new ReadOnlyQueryError(
            'read_only',
            'The saved query does not read rows; the gateway only runs queries that read.',
          );
        const truncated = page.rows.length > query.rowLimit;
        return { columns: page.columns, rows: truncated ? page.rows.slice(0, query.rowLimit) : page.rows, truncated };
      } catch (err) {
        if (err instanceof ReadOnlyQueryError) throw err;
        if (!(err instanceof pg.DatabaseError)) {
          broken = err as Error;
          throw new ReadOnlyQueryError(
            'unavailable',
            `The production database connection failed: ${(err as Error).message}`,
          );
        }
        if (err.code === '57014')
          throw new ReadOnlyQueryError(
            'timeout',
            `The saved query ran longer than its ${timeoutMs} ms limit and was cancelled.`,
          );
        if (err.code === '25006')
          throw new ReadOnlyQueryError(
            'read_only',
            `The saved query tried to change data; the gateway runs it in a read-only transaction and nothing was changed (${err.message}).`,
          );
        throw new ReadOnlyQueryError('failed', err.message);
      } finally {
        if (!broken) await client.query('ROLLBACK').catch((err: Error) => (broken = err));
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
