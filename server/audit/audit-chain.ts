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
