import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The part of an audit row that the hash covers: everything but the row id and the hash itself. */
export interface ChainedFields {
  tenant: string;
  seq: number;
  occurredAt: string;
  actorId: string | null;
  kind: string;
  grantId: string | null;
  ticketId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
}

/** hash = sha256(prev_hash ‖ canonical JSON of the row). @example chainHash(GENESIS_HASH, fields) */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}

/**
 * The same hash from a row whose `data` is already canonical JSON text (as stored): the row's
 * canonical form is assembled around it instead of parsing and re-sorting it. Keys in sorted order.
 * A stored `data` that is not canonical (edited by hand) hashes differently, as it should.
 *
 * @example chainHashOfStored(prev, { ...fields, data: row.data }) === chainHash(prev, { ...fields, data: JSON.parse(row.data) })
 */
export function chainHashOfStored(prevHash: string, fields: Omit<ChainedFields, 'data'> & { data: string }): string {
  const s = JSON.stringify;
  const text =
    `{"actorId":${s(fields.actorId)},"customerId":${s(fields.customerId)},"data":${fields.data},"grantId":${s(fields.grantId)},` +
    `"kind":${s(fields.kind)},"occurredAt":${s(fields.occurredAt)},"seq":${s(fields.seq)},"tenant":${s(fields.tenant)},"ticketId":${s(fields.ticketId)}}`;
  return createHash('sha256').update(prevHash).update(text).digest('hex');
}
