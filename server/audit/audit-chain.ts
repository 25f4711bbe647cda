import { createHash } from 'node:crypto';
import type { AuditEventRow } from '../db/database.js';
import { canonicalJsonOf, type CanonVersion } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The part of an audit row that the hash covers: every column but the id, prev_hash (hashed in
 * front) and the hash itself. Rows of canon 1 were hashed without the `canon` member.
 */
export interface ChainedFields {
  tenant: string;
  seq: number;
  canon: CanonVersion;
  occurredAt: string;
  actorId: string | null;
  kind: string;
  grantId: string | null;
  ticketId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
}

/**
 * hash = sha256(prev_hash ‖ canonical JSON of the row), in the row's canon version.
 *
 * @example chainHash(GENESIS_HASH, { tenant: 'demo', seq: 1, canon: 2, kind: 'x', data: {}, ... })
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  const { canon, ...rest } = fields;
  const hashed = canon === 1 ? rest : fields;
  return createHash('sha256').update(prevHash).update(canonicalJsonOf(canon, hashed)).digest('hex');
}

/**
 * The same hash from a row whose `data` is already canonical JSON text (as stored): the row's
 * canonical form is assembled around it instead of parsing and re-sorting it. The row's own keys
 * are ASCII, not integer-like, so both canon versions put them in this order. A stored `data` that
 * is not canonical (edited by hand) hashes differently, as it should.
 *
 * @example chainHashOfStored(prev, { ...fields, data: row.data }) === chainHash(prev, { ...fields, data:
 * JSON.parse(row.data) })
 */
export function chainHashOfStored(
  prevHash: string,
  fields: Omit<ChainedFields, 'data' | 'canon'> & { canon: number; data: string },
): string {
  const s = JSON.stringify;
  const canon = fields.canon === 1 ? '' : `"canon":${s(fields.canon)},`;
  const text =
    `{"actorId":${s(fields.actorId)},${canon}"customerId":${s(fields.customerId)},"data":${fields.data},"grantId":${s(fields.grantId)},` +
    `"kind":${s(fields.kind)},"occurredAt":${s(fields.occurredAt)},"seq":${s(fields.seq)},"tenant":${s(fields.tenant)},"ticketId":${s(fields.ticketId)}}`;
  return createHash('sha256').update(prevHash).update(text).digest('hex');
}

/** The columns of a stored or exported audit row that the hash covers, in the database's names. */
export type ChainColumns = Pick<
  AuditEventRow,
  'tenant' | 'seq' | 'canon' | 'occurred_at' | 'actor_id' | 'kind' | 'grant_id' | 'ticket_id' | 'customer_id'
>;

/**
 * A row's columns as the fields the hash covers, with `data` as given (the stored text, or a
 * parsed or replaced value), so every verifier and tool maps a row the same way.
 *
 * @example chainHashOfStored(prev, chainFieldsOf(row, row.data))
 */
export function chainFieldsOf<D>(row: ChainColumns, data: D) {
  return {
    tenant: row.tenant,
    seq: row.seq,
    canon: row.canon,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    kind: row.kind,
    grantId: row.grant_id,
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    data,
  };
}
