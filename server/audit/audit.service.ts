import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { GENESIS_HASH, chainHashOfStored } from './audit-chain.js';
import { readChainPage } from './audit.repository.js';

export interface ChainBreak {
  id: number;
  seq: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  tenant: string;
  checked: number;
  head: { seq: number; hash: string } | null;
  firstBroken: ChainBreak | null;
}

const PAGE = 5_000;

/**
 * Re-walks a tenant's chain from the first row: every seq follows the last, every prev_hash is the
 * hash before it, every hash is recomputed from the row. Stops at the first broken row.
 *
 * @example const { ok, firstBroken } = await verifyAuditChain(db, 'demo');
 */
export async function verifyAuditChain(db: Kysely<Database>, tenant: string): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const page = await readChainPage(db, tenant, lastSeq, PAGE);
    for (const row of page) {
      const broken = (reason: string): VerifyResult => ({
        ok: false,
        tenant,
        checked,
        head: lastSeq ? { seq: lastSeq, hash: prevHash } : null,
        firstBroken: { id: row.id, seq: row.seq, reason },
      });
      if (row.seq !== lastSeq + 1) return broken(`expected seq ${lastSeq + 1}, found ${row.seq}: rows are missing`);
      if (row.prev_hash !== prevHash) return broken('prev_hash does not match the hash of the row before it');
      const recomputed = chainHashOfStored(prevHash, {
        tenant: row.tenant, seq: row.seq, occurredAt: row.occurred_at, actorId: row.actor_id, kind: row.kind,
        grantId: row.grant_id, ticketId: row.ticket_id, customerId: row.customer_id, data: row.data,
      });
      if (recomputed !== row.hash) return broken('hash does not match the row contents: the row was altered');
      prevHash = row.hash;
      lastSeq = row.seq;
      checked += 1;
    }
    if (page.length < PAGE) break;
  }
  return { ok: true, tenant, checked, head: lastSeq ? { seq: lastSeq, hash: prevHash } : null, firstBroken: null };
}
