import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * Collects what callers hand in during one turn of the event loop, per database, and passes it
 * on together: `setImmediate` runs after the poll phase, so every request read from the sockets
 * in this turn is in. `flush` settles its callers itself and must not reject.
 *
 * @example
 *   const enqueue = perTurn<string>(async (db, ticketIds) => { ... one query for all ... });
 *   enqueue(db, '48271');
 */
export function perTurn<T>(
  flush: (db: Kysely<Database>, items: T[]) => Promise<void>,
): (db: Kysely<Database>, item: T) => void {
  const pending = new WeakMap<Kysely<Database>, T[]>();
  return (db, item) => {
    let items = pending.get(db);
    if (!items) {
      items = [];
      const turn: T[] = items;
      pending.set(db, turn);
      setImmediate(() => {
        pending.delete(db);
        void flush(db, turn);
      });
    }
    items.push(item);
  };
}
