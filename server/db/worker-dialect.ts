import {
  type CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** Runs one compiled statement somewhere else (a worker thread) and answers with its rows. */
export type RemoteQuery = (sql: string, parameters: readonly unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * A Kysely dialect for reads whose SQLite statements run on another thread: the event loop only
 * sends the SQL and receives the rows, so a large read never blocks a request beside it. Reads only:
 * a transaction is refused (writes go through the main connection, in their transactions).
 *
 * @example const reads = new Kysely<Database>({ dialect: workerDialect((sql, p) => worker.query(sql, p)) });
 */
export function workerDialect(run: RemoteQuery): Dialect {
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const { rows } = await run(compiled.sql, compiled.parameters);
      return { rows: rows as R[] };
    },
    // biome-ignore lint/correctness/useYield: streaming is not offered; the method must exist.
    async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
      throw new Error('the heavy-reads connection does not stream');
    },
  };
  const refuse = async () => {
    throw new Error('the heavy-reads connection is read-only: run writes on the main connection');
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
