// Rows as the server wrote them before RFC 8785 (canon 1), for tests of chains that mix both.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { GENESIS_HASH, chainHashOfStored } from '../audit/audit-chain.js';
import { readChainHead } from '../audit/audit.repository.js';
import { canonicalJsonV1 } from '../audit/canonical-json.js';

/** Appends canon 1 rows to a tenant's chain the way the old code did (the old canonical JSON, no canon member). */
export async function appendLegacyRows(
  db: Kysely<Database>,
  tenant: string,
  occurredAt: string,
  datas: Record<string, unknown>[],
): Promise<void> {
  const head = await readChainHead(db, tenant);
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  for (const value of datas) {
    seq += 1;
    const data = canonicalJsonV1(value);
    const fields = {
      tenant,
      seq,
      canon: 1,
      occurredAt,
      actorId: 'admin-ada',
      kind: 'settings.changed',
      grantId: null,
      ticketId: null,
      customerId: null,
      data,
    };
    const hash = chainHashOfStored(prev, fields);
    await db
      .insertInto('audit_events')
      .values({
        tenant,
        seq,
        canon: 1,
        occurred_at: occurredAt,
        actor_id: 'admin-ada',
        kind: 'settings.changed',
        grant_id: null,
        ticket_id: null,
        customer_id: null,
        data,
        prev_hash: prev,
        hash,
      })
      .execute();
    prev = hash;
  }
}
