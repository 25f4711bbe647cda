/**
 * A realistic audit chain for the benches, appended through appendAuditEvents itself (batches of
 * BENCH_APPEND_BATCH = 500 inside transactions of about 10,000 rows), so the hashes are the real ones.
 */
import { CompiledQuery } from 'kysely';
import { GENESIS_HASH, chainHashOfStored } from '../server/audit/audit-chain.js';
import { appendAuditEvents, type NewAuditEvent } from '../server/audit/audit.repository.js';
import { CANON_VERSION, canonicalJson } from '../server/audit/canonical-json.js';
import { TENANT, envInt, fmtInt, log, maxParams, rng, valuesPlaceholders, type BenchDatabase } from './lib.js';

export const APPEND_BATCH = envInt('BENCH_APPEND_BATCH', 500);
const REASON = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';
const MIN = 60_000;

/**
 * A realistic stream: each grant is requested, approved, started, records 0–4 access batches and
 * ends with an outcome, so data sizes match what the server writes.
 */
function* auditStream(total: number): Generator<NewAuditEvent> {
  const rand = rng(42);
  let t = Date.now() - total * MIN;
  let produced = 0;
  for (let g = 1; produced < total; g++) {
    const grantId = `gr_${g.toString(16).padStart(20, '0')}`;
    const ticketId = String(100_000 + Math.floor(rand() * 200_000));
    const customerId = String(1_000 + Math.floor(rand() * 50_000));
    const actorId = rand() < 0.5 ? 'agent-ann' : 'agent-bob';
    const at = () => {
      t += MIN;
      return new Date(t).toISOString();
    };
    const base = { tenant: TENANT, grantId, ticketId, customerId };
    const requestedAt = at();
    const lifecycle: NewAuditEvent[] = [
      {
        ...base,
        kind: 'grant.requested',
        occurredAt: requestedAt,
        actorId,
        data: {
          reason: REASON,
          reasonVague: false,
          systems: ['billing-db'],
          access: 'read',
          writeNeed: null,
          maskedDataChecked: true,
          durationMinutes: 60,
          emergency: null,
        },
      },
      {
        ...base,
        kind: 'grant.approved',
        occurredAt: at(),
        actorId: 'lead-lee',
        data: { note: null, startBy: new Date(t + 60 * MIN).toISOString() },
      },
    ];
    const startedAt = at();
    lifecycle.push({
      ...base,
      kind: 'grant.started',
      occurredAt: startedAt,
      actorId,
      data: { expiresAt: new Date(t + 60 * MIN).toISOString() },
    });
    const batches = Math.floor(rand() * 5);
    for (let k = 0; k < batches; k++) {
      const occurredAt = at();
      const n = 1 + Math.floor(rand() * 3);
      const events = Array.from({ length: n }, () => ({
        kind: 'view',
        target: 'refund 9912',
        fields: ['refund_status', 'gateway_response_code'],
        recordCount: 1,
        occurredAt,
      }));
      lifecycle.push({ ...base, kind: 'access.recorded', occurredAt, actorId, data: { events } });
    }
    const endedAt = at();
    lifecycle.push({
      ...base,
      kind: 'grant.ended',
      occurredAt: endedAt,
      actorId,
      data: {
        endedAt,
        durationSeconds: (Date.parse(endedAt) - Date.parse(startedAt)) / 1000,
        note: null,
        flagsRaised: [],
        outcome: {
          summary: 'Found the failed gateway call; refund re-queued by billing.',
          changedData: false,
          exposedBeyondScope: false,
        },
      },
    });
    for (const e of lifecycle) {
      if (produced >= total) return;
      produced += 1;
      yield e;
    }
  }
}

export async function fillChain(b: BenchDatabase, total: number): Promise<void> {
  const stream = auditStream(total);
  const perTransaction = Math.max(1, Math.floor(10_000 / APPEND_BATCH));
  let done = 0;
  let lastReport = Date.now();
  while (done < total) {
    await b.db.transaction().execute(async (trx) => {
      for (let k = 0; k < perTransaction && done < total; k++) {
        const batch: NewAuditEvent[] = [];
        for (let i = 0; i < APPEND_BATCH && done + batch.length < total; i++) {
          const next = stream.next();
          if (next.done) break;
          batch.push(next.value);
        }
        await appendAuditEvents(trx, batch);
        done += batch.length;
      }
    });
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      log(`  … ${fmtInt(done)} / ${fmtInt(total)} audit events`);
    }
  }
}

/**
 * The same stream, hashed here and bulk-inserted (one multi-row INSERT per chunk, chunks grouped in
 * transactions) instead of appended batch by batch: the chain is byte for byte what
 * appendAuditEvents writes, several times faster, for chains of tens of millions of rows.
 */
export async function fastChain(b: BenchDatabase, total: number): Promise<void> {
  const columns = [
    'tenant',
    'seq',
    'canon',
    'occurred_at',
    'actor_id',
    'kind',
    'grant_id',
    'ticket_id',
    'customer_id',
    'data',
    'prev_hash',
    'hash',
  ];
  const chunk = Math.floor(maxParams(b.dialect) / columns.length);
  const head = `insert into audit_events (${columns.join(', ')}) values `;
  const stream = auditStream(total);
  let prevHash = GENESIS_HASH;
  let seq = 0;
  let lastReport = Date.now();
  while (seq < total) {
    await b.db.transaction().execute(async (trx) => {
      for (let c = 0; c < 20 && seq < total; c++) {
        const params: unknown[] = [];
        let rows = 0;
        for (; rows < chunk && seq < total; rows++) {
          const event = stream.next().value as NewAuditEvent;
          seq += 1;
          const fields = {
            tenant: event.tenant,
            seq,
            canon: CANON_VERSION,
            occurredAt: event.occurredAt,
            actorId: event.actorId,
            kind: event.kind,
            grantId: event.grantId ?? null,
            ticketId: event.ticketId ?? null,
            customerId: event.customerId ?? null,
            data: canonicalJson(event.data ?? {}),
          };
          const hash = chainHashOfStored(prevHash, fields);
          params.push(fields.tenant, seq, CANON_VERSION, fields.occurredAt, fields.actorId, fields.kind);
          params.push(fields.grantId, fields.ticketId, fields.customerId, fields.data, prevHash, hash);
          prevHash = hash;
        }
        await trx.executeQuery(CompiledQuery.raw(head + valuesPlaceholders(b.dialect, rows, columns.length), params));
      }
    });
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      log(`  … ${fmtInt(seq)} / ${fmtInt(total)} audit events`);
    }
  }
}
