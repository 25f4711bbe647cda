import type { AuditRetention } from '../../shared/audit.js';
import type { Actor, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { readSettings } from '../settings/settings.repository.js';
import { appendAuditEvents } from './audit.repository.js';
import { listArchives, listPurges } from './archive.repository.js';

const DAY_MS = 86_400_000;

/** Leads, admins and (when the role exists) auditors read the trail's retention. */
export function requireTrailReader(actor: Actor): void {
  if (!(['lead', 'admin', 'auditor'] as string[]).includes(actor.role))
    throw errors.forbidden('Only leads, admins and auditors can read the audit trail');
}

/**
 * The tenant's retention period, its sealed archives and its purges, for the console.
 *
 * @example const { retentionDays, lastArchive, purges } = await retentionStatus(deps, lee);
 */
export async function retentionStatus(deps: Deps, actor: Actor): Promise<AuditRetention> {
  requireTrailReader(actor);
  const [settings, archives, purges] = await Promise.all([
    readSettings(deps.db, actor.tenant, deps.logger),
    listArchives(deps.db, actor.tenant),
    listPurges(deps.db, actor.tenant),
  ]);
  const list = archives.map((a) => ({
    id: a.id,
    periodStart: a.period_start,
    periodEnd: a.period_end,
    fromSeq: a.from_seq,
    toSeq: a.to_seq,
    rowCount: a.row_count,
    closingHash: a.closing_hash,
    createdAt: a.created_at,
    location: a.location,
  }));
  return {
    retentionDays: settings.retentionDays,
    cutoff: new Date(deps.now().getTime() - settings.retentionDays * DAY_MS).toISOString(),
    lastArchive: list.at(-1) ?? null,
    archives: list,
    purges: purges.map((p) => ({
      fromSeq: p.from_seq,
      toSeq: p.to_seq,
      archives: JSON.parse(p.archives) as string[],
      cutoff: p.cutoff,
      rows: p.rows_deleted,
      grants: p.grants_deleted,
      accessEvents: p.access_events_deleted,
      purgedAt: p.purged_at,
      purgedBy: p.purged_by,
    })),
  };
}

/** What stays when a customer asks to be erased (README "Retention and archives"). */
export const ERASURE_KEPT =
  'The access records (who opened the data, approved by whom, on which ticket, what was viewed, when) are kept ' +
  'until the retention period ends, as GDPR Art. 17(3)(b) and (e) allow (a legal obligation to keep an access ' +
  'log; establishing or defending legal claims). They hold record ids and field names, not the customer data ' +
  'itself. Erase the customer in the source systems; the gateway then has nothing left to show.';

/**
 * Records a customer's data-erasure request (GDPR Art. 17) as an audit event: who recorded it, the
 * case reference, and what the trail keeps and why. Admins only.
 *
 * @example await recordErasureRequest(deps, ada, { customerId: '1842', reference: 'DSR-2025-117' });
 */
export async function recordErasureRequest(
  deps: Deps,
  actor: Actor,
  request: { customerId: string; reference: string; note?: string | undefined },
) {
  if (actor.role !== 'admin') throw errors.forbidden('Only admins can record a data-erasure request');
  const at = deps.now().toISOString();
  const [row] = await deps.db.transaction().execute((trx) =>
    appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'customer.erasure_requested',
        occurredAt: at,
        actorId: actor.id,
        customerId: request.customerId,
        data: { reference: request.reference, note: request.note ?? null, kept: ERASURE_KEPT },
      },
    ]),
  );
  return { seq: row!.seq, customerId: request.customerId, recordedAt: at, kept: ERASURE_KEPT };
}
