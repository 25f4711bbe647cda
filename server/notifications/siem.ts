import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { Sink } from '../../shared/notifications.js';
import type { Deps } from '../app-env.js';
import { readChainPage } from '../audit/audit.repository.js';
import type { AuditEventRow, Database } from '../db/database.js';
import { readChannels } from './channels.service.js';
import { backoffAfter, type DeliveryOptions } from './worker.js';

/**
 * SIEM sinks read the audit chain itself: it is already written in the transaction of every change,
 * in order, with its hash, so each sink only keeps a cursor (`siem_streams.delivered_seq`). A batch
 * is sent, then the cursor moves; a worker killed in between sends the batch again (receivers
 * dedupe on `webhook-id` / the event's `tenant:seq`). A failing sink is retried with backoff and
 * never skips an event: order is the point.
 */
export function siemEvent(row: AuditEventRow) {
  return {
    id: `${row.tenant}:${row.seq}`,
    tenant: row.tenant,
    seq: row.seq,
    kind: row.kind,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    grantId: row.grant_id,
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    data: JSON.parse(row.data) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

async function sendBatch(sink: Sink, rows: AuditEventRow[], timeoutMs: number, now: Date): Promise<number> {
  if (sink.kind === 'splunk_hec') {
    // HEC takes several events in one body, one JSON object after another.
    const body = rows
      .map((r) =>
        JSON.stringify({
          time: Date.parse(r.occurred_at) / 1000,
          source: 'ticketed-access',
          sourcetype: sink.sourcetype ?? 'ticketed-access:audit',
          ...(sink.index ? { index: sink.index } : {}),
          event: siemEvent(r),
        }),
      )
      .join('\n');
    const res = await fetch(new URL('/services/collector/event', sink.url), {
      method: 'POST',
      headers: { authorization: `Splunk ${sink.token}`, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`Splunk HEC answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return rows.length;
  }
  // Standard Webhooks: one signed message per event, in order; stop at the first refusal.
  const webhook = new Webhook(sink.secret);
  let sent = 0;
  for (const r of rows) {
    const payload = JSON.stringify({ type: 'audit.event', timestamp: now.toISOString(), data: siemEvent(r) });
    const id = `${r.tenant}:${r.seq}`;
    const res = await fetch(sink.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': webhook.sign(id, now, payload),
      },
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) {
      if (sent > 0) return sent;
      throw new Error(`webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    }
    sent += 1;
  }
  return sent;
}

/** One pass over every tenant's sinks: each stream claimed by one worker, a batch sent, the cursor moved. */
export async function deliverStreams(
  deps: Deps,
  options: Pick<DeliveryOptions, 'leaseMs' | 'backoffMs' | 'maxBackoffMs'> & { owner?: string; batch?: number },
): Promise<number> {
  const owner = options.owner ?? `s_${randomUUID()}`;
  const tenants = await deps.db.selectFrom('delivery_channels').select('tenant').execute();
  let total = 0;
  for (const { tenant } of tenants) {
    const { sinks } = await readChannels(deps.db, tenant);
    for (const sink of sinks) total += await deliverStream(deps, tenant, sink, owner, options);
  }
  return total;
}

async function deliverStream(
  deps: Deps,
  tenant: string,
  sink: Sink,
  owner: string,
  options: Pick<DeliveryOptions, 'leaseMs' | 'backoffMs' | 'maxBackoffMs'> & { batch?: number },
): Promise<number> {
  const now = deps.now();
  const at = now.toISOString();
  await deps.db
    .insertInto('siem_streams')
    .values({
      tenant,
      sink_id: sink.id,
      next_attempt_at: at,
      lease_until: null,
      lease_owner: null,
      last_error: null,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['tenant', 'sink_id']).doNothing())
    .execute();
  // One row, one compare-and-set: whoever sets the lease first sends; the others skip the stream.
  const claimed = await deps.db
    .updateTable('siem_streams')
    .set({ lease_owner: owner, lease_until: new Date(now.getTime() + options.leaseMs).toISOString() })
    .where('tenant', '=', tenant)
    .where('sink_id', '=', sink.id)
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .returning(['delivered_seq', 'attempts'])
    .executeTakeFirst();
  if (!claimed) return 0;
  const mine = (q: ReturnType<typeof update>) => q.where('lease_owner', '=', owner);
  const update = () => deps.db.updateTable('siem_streams').where('tenant', '=', tenant).where('sink_id', '=', sink.id);
  const rows = await readChainPage(deps.db, tenant, claimed.delivered_seq, options.batch ?? 100);
  if (rows.length === 0) {
    await mine(update().set({ lease_owner: null, lease_until: null })).execute();
    return 0;
  }
  try {
    const sent = await sendBatch(sink, rows, 10_000, now);
    const done = deps.now().toISOString();
    await mine(
      update().set({
        delivered_seq: rows[sent - 1]!.seq,
        attempts: 0,
        last_error: null,
        lease_owner: null,
        lease_until: null,
        next_attempt_at: done,
        updated_at: done,
      }),
    ).execute();
    return sent;
  } catch (err) {
    const attempts = claimed.attempts + 1;
    const failedAt = deps.now();
    await mine(
      update().set({
        attempts,
        last_error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
        lease_owner: null,
        lease_until: null,
        next_attempt_at: new Date(failedAt.getTime() + backoffAfter(attempts, options)).toISOString(),
        updated_at: failedAt.toISOString(),
      }),
    ).execute();
    return 0;
  }
}

/** How far each sink of a tenant has got, for GET /v1/deliveries/streams. */
export async function streamStatus(db: Kysely<Database>, tenant: string, maxAttempts: number) {
  const { sinks } = await readChannels(db, tenant);
  const head = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant', '=', tenant)
    .executeTakeFirst();
  const headSeq = Number(head?.seq ?? 0);
  const rows = await db.selectFrom('siem_streams').selectAll().where('tenant', '=', tenant).execute();
  return sinks.map((sink) => {
    const row = rows.find((r) => r.sink_id === sink.id);
    const deliveredSeq = row?.delivered_seq ?? 0;
    return {
      sinkId: sink.id,
      kind: sink.kind,
      deliveredSeq,
      headSeq,
      behind: headSeq - deliveredSeq,
      attempts: row?.attempts ?? 0,
      failing: (row?.attempts ?? 0) >= maxAttempts,
      lastError: row?.last_error ?? null,
      nextAttemptAt: row?.next_attempt_at ?? null,
    };
  });
}
