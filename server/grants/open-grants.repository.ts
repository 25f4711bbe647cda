import { CompiledQuery, type Kysely } from 'kysely';
import type { Database, GrantRow } from '../db/database.js';
import { perTurn } from '../db/same-turn.js';
import { openStatusLiterals } from './grant-predicates.js';
import { effectiveStatus, isOpen } from './grant-view.js';

// close-check runs on every ticket save and every Jira transition, often dozens at a time. Calls
// made in the same turn of the event loop are answered together: one query for all their tickets
// (one read transaction on SQLite, one round trip on PostgreSQL), and the answers leave together.
// Each answer still comes from a read made after its request arrived. The open statuses are
// literals built from OPEN_STATUSES (bound ones cost SQLite a slower plan); "open now" (not past
// expiry or start window) is decided on the few rows that come back by the same rule,
// `isOpen(effectiveStatus(…))`, with each caller's own clock reading.

/** Ticket ids per query; a batch is padded up to the next size so only a few SQL texts exist. */
const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;
const MAX_BATCH = 256;

interface Waiter {
  tenant: string;
  ticketId: string;
  resolve: (rows: GrantRow[]) => void;
  reject: (err: unknown) => void;
}

/** SQL text per database adapter and batch size. */
const sqlBySize = new WeakMap<object, Map<number, string>>();

/**
 * The grants of a ticket that are open now (pending, approved and still startable, active and not
 * past expiry), newest first. Inside a transaction it reads at once, on that transaction.
 *
 * @example const open = await listOpenGrantsForTicket(db, 'demo', '48271', new Date().toISOString());
 */
export async function listOpenGrantsForTicket(
  db: Kysely<Database>,
  tenant: string,
  ticketId: string,
  nowIso: string,
): Promise<GrantRow[]> {
  const rows = db.isTransaction
    ? ((await readOpenGrants(db, tenant, [ticketId])).get(ticketId) ?? [])
    : await new Promise<GrantRow[]>((resolve, reject) => enqueue(db, { tenant, ticketId, resolve, reject }));
  return rows
    .filter((row) => isOpen(effectiveStatus(row, nowIso)))
    .sort((a, b) => (a.requested_at < b.requested_at ? 1 : a.requested_at > b.requested_at ? -1 : 0));
}

/** Answers what one turn asked, one read per tenant and up to MAX_BATCH tickets. */
const enqueue = perTurn<Waiter>(async (db, waiters) => {
  const byTenant = new Map<string, Waiter[]>();
  for (const w of waiters) {
    const list = byTenant.get(w.tenant);
    if (list) list.push(w);
    else byTenant.set(w.tenant, [w]);
  }
  for (const [tenant, ofTenant] of byTenant) {
    const tickets = [...new Set(ofTenant.map((w) => w.ticketId))];
    for (let start = 0; start < tickets.length; start += MAX_BATCH) {
      const chunk = tickets.slice(start, start + MAX_BATCH);
      const inChunk = new Set(chunk);
      const mine = ofTenant.filter((w) => inChunk.has(w.ticketId));
      try {
        const found = await readOpenGrants(db, tenant, chunk);
        for (const w of mine) w.resolve(found.get(w.ticketId) ?? []);
      } catch (err) {
        for (const w of mine) w.reject(err);
      }
    }
  }
});

/**
 * The SQL for `size` ticket ids, built once per database and size; bind `[tenant, ...ticketIds]`.
 *
 * @example const text = openGrantsSql(db, 4); await db.executeQuery(CompiledQuery.raw(text, ['demo', 'a', 'b', 'c',
 * 'c']));
 */
export function openGrantsSql(db: Kysely<Database>, size: number): string {
  const { adapter } = db.getExecutor();
  let texts = sqlBySize.get(adapter);
  if (!texts) {
    texts = new Map();
    sqlBySize.set(adapter, texts);
  }
  let text = texts.get(size);
  if (!text) {
    text = db
      .selectFrom('grants')
      .selectAll()
      .where('tenant', '=', '')
      .where(
        'ticket_id',
        'in',
        Array.from({ length: size }, () => ''),
      )
      .where(openStatusLiterals())
      .compile().sql;
    texts.set(size, text);
  }
  return text;
}

/** Open-status rows of these tickets (not yet checked against the clock), by ticket id. */
async function readOpenGrants(
  db: Kysely<Database>,
  tenant: string,
  ticketIds: string[],
): Promise<Map<string, GrantRow[]>> {
  const size = BATCH_SIZES.find((n) => n >= ticketIds.length) ?? MAX_BATCH;
  // Padding repeats the last id; duplicates in an IN list change nothing.
  const padded = Array.from({ length: size }, (_, i) => ticketIds[Math.min(i, ticketIds.length - 1)]);
  const { rows } = await db.executeQuery<GrantRow>(CompiledQuery.raw(openGrantsSql(db, size), [tenant, ...padded]));
  const byTicket = new Map<string, GrantRow[]>();
  for (const row of rows) {
    const list = byTicket.get(row.ticket_id);
    if (list) list.push(row);
    else byTicket.set(row.ticket_id, [row]);
  }
  return byTicket;
}
