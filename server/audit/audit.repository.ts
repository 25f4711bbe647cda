import { sql, type Kysely } from 'kysely';
import type { AuditEventRow, Database } from '../db/database.js';
import { isPostgres } from '../db/locks.js';
import { enqueueAnnouncements } from '../notifications/outbox.repository.js';
import { GENESIS_HASH, chainHashOfStored } from './audit-chain.js';
import { CANON_VERSION, canonicalJson } from './canonical-json.js';
import { lastPurge } from './archive.repository.js';

export interface NewAuditEvent {
  tenant: string;
  kind: string;
  occurredAt: string;
  actorId: string | null;
  grantId?: string | null;
  ticketId?: string | null;
  customerId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends events to their tenant's hash chain. Call it inside the transaction that makes the
 * change it records, so the change and its record commit or vanish together.
 *
 * @example await appendAuditEvents(trx, [{ tenant, kind: 'grant.requested', occurredAt, actorId }]);
 */
export async function appendAuditEvents(db: Kysely<Database>, events: NewAuditEvent[]): Promise<AuditEventRow[]> {
  if (events.length === 0) return [];
  const byTenant = new Map<string, NewAuditEvent[]>();
  for (const event of events) {
    const list = byTenant.get(event.tenant);
    if (list) list.push(event);
    else byTenant.set(event.tenant, [event]);
  }

  const written: AuditEventRow[] = [];
  for (const [tenant, tenantEvents] of byTenant) {
    // Several server instances may append at once; serialise per tenant chain.
    if (isPostgres(db)) await sql`select pg_advisory_xact_lock(hashtext(${`audit:${tenant}`}))`.execute(db);
    // After a purge that left no row, the chain goes on from the purged range's last hash.
    const head = (await readChainHead(db, tenant)) ?? (await purgeAnchor(db, tenant));
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const rows = tenantEvents.map((event) => {
      seq += 1;
      // Canonical once: stored as is, and hashed from the same text.
      const data = canonicalJson(event.data ?? {});
      const fields = {
        tenant,
        seq,
        canon: CANON_VERSION,
        occurredAt: event.occurredAt,
        actorId: event.actorId,
        kind: event.kind,
        grantId: event.grantId ?? null,
        ticketId: event.ticketId ?? null,
        customerId: event.customerId ?? null,
        data,
      };
      const hash = chainHashOfStored(prevHash, fields);
      const row = {
        tenant,
        seq,
        canon: CANON_VERSION,
        occurred_at: fields.occurredAt,
        actor_id: fields.actorId,
        kind: fields.kind,
        grant_id: fields.grantId,
        ticket_id: fields.ticketId,
        customer_id: fields.customerId,
        data,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    // Chunked so that large batches stay under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      // Only the generated ids come back: the rest is what was just written (a batch of access
      // events makes a large `data` text, not worth reading back).
      const ids = await db.insertInto('audit_events').values(chunk).returning('id').execute();
      for (const [k, row] of chunk.entries()) written.push({ id: Number(ids[k]!.id), ...row });
    }
  }
  // The outbox row that tells people of an event commits with it (server/notifications/).
  await enqueueAnnouncements(db, written);
  return written;
}

export function listGrantAuditEvents(db: Kysely<Database>, tenant: string, grantId: string): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('grant_id', '=', grantId)
    .orderBy('seq')
    .execute();
}

/** A page of one tenant's chain after `afterSeq`, in chain order. */
export function readChainPage(
  db: Kysely<Database>,
  tenant: string,
  afterSeq: number,
  limit: number,
): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** One row of a tenant's chain by its seq: what a checkpoint is compared with. */
export function readChainRow(
  db: Kysely<Database>,
  tenant: string,
  seq: number,
): Promise<{ id: number; seq: number; hash: string } | undefined> {
  return db
    .selectFrom('audit_events')
    .select(['id', 'seq', 'hash'])
    .where('tenant', '=', tenant)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

/** The last row of a tenant's chain, if any. */
export function readChainHead(
  db: Kysely<Database>,
  tenant: string,
): Promise<{ id: number; seq: number; hash: string } | undefined> {
  return db
    .selectFrom('audit_events')
    .select(['id', 'seq', 'hash'])
    .where('tenant', '=', tenant)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Where the chain starts after a purge: the last purged seq and its hash (an archive's closing checkpoint). */
async function purgeAnchor(db: Kysely<Database>, tenant: string): Promise<{ seq: number; hash: string } | undefined> {
  const purge = await lastPurge(db, tenant);
  return purge && { seq: purge.to_seq, hash: purge.anchor_hash };
}
