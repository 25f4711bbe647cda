import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { isPostgres } from './locks.js';
import { perTurn } from './same-turn.js';

type Work<T> = (trx: Kysely<Database>) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** More than this many in one commit and the last ones wait for the next. */
const MAX_GROUP = 64;

/**
 * Runs `work` in a transaction it may share with other `groupTransaction` calls made in the same
 * turn of the event loop: on SQLite, the work of several requests commits together, so one fsync
 * (synchronous = FULL) makes all of it durable instead of one fsync each. Each piece of work runs
 * in its own savepoint: one that throws is rolled back alone and its caller gets the error, the
 * others still commit. Every caller gets its result only after the commit, so nothing is answered
 * before it is on disk.
 *
 * PostgreSQL gets one transaction per call, as `db.transaction()` would: it already flushes
 * concurrent commits together, and one transaction holding the locks of many requests could
 * deadlock against the others. Inside a transaction the work runs on it at once.
 *
 * @example const recorded = await groupTransaction(deps.db, (trx) => insertEvents(trx, rows));
 */
export function groupTransaction<T>(db: Kysely<Database>, work: Work<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  if (isPostgres(db)) return db.transaction().execute(work);
  return new Promise<T>((resolve, reject) =>
    enqueue(db, { work: work as Work<unknown>, resolve: resolve as (value: unknown) => void, reject }),
  );
}

/** Commits what one turn queued, at most MAX_GROUP pieces of work per commit. */
const enqueue = perTurn<Queued>(async (db, all) => {
  for (let start = 0; start < all.length; start += MAX_GROUP) {
    const group = all.slice(start, start + MAX_GROUP);
    const settled: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const item of group) {
          await sql`savepoint group_item`.execute(trx);
          try {
            settled.push({ ok: true, value: await item.work(trx) });
          } catch (error) {
            await sql`rollback to savepoint group_item`.execute(trx);
            settled.push({ ok: false, error });
          }
          await sql`release savepoint group_item`.execute(trx);
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of this group is stored.
      for (const item of group) item.reject(error);
      continue;
    }
    group.forEach((item, i) => {
      const outcome = settled[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
});
