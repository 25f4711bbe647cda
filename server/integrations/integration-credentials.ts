import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { INTEGRATION_TOKEN_PATTERN, type IntegrationScope } from '../../shared/integrations.js';
import type { Database, IntegrationCredentialRow } from '../db/database.js';
import { parseJsonColumn } from '../db/json-column.js';
import { AuthError } from '../auth/token-errors.js';
import { integrationErrors } from './integrations.errors.js';
import { findCredential } from './integrations.repository.js';

export const INTEGRATION_TOKEN_PREFIX = 'tai_';
const CLOSE_SCOPE: IntegrationScope = 'tickets:closed';

const sha256Hex = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * A new credential: a random id (names the row, so no scan), a 256-bit secret, and the bearer
 * `tai_<id>_<secret>` the admin hands to the tool. Only `secretHash` is stored.
 *
 * @example const { id, token, secretHash } = newIntegrationCredential();
 */
export function newIntegrationCredential(): { id: string; token: string; secretHash: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${INTEGRATION_TOKEN_PREFIX}${id}_${secret}`, secretHash: sha256Hex(secret) };
}

/** Whether a bearer looks like an integration credential (and must be checked as one, never as a JWT). */
export const isIntegrationToken = (bearer: string): boolean => bearer.startsWith(INTEGRATION_TOKEN_PREFIX);

/**
 * Checks a bearer against the stored hash in constant time; refuses unknown, wrong and revoked
 * credentials with 401, and one without the `tickets:closed` scope with 403.
 *
 * @example const row = await verifyIntegrationToken(db, 'tai_0123456789abcdef_…');
 */
export async function verifyIntegrationToken(db: Kysely<Database>, bearer: string): Promise<IntegrationCredentialRow> {
  const match = INTEGRATION_TOKEN_PATTERN.exec(bearer);
  if (!match) {
    throw new AuthError('token_malformed', 'Integration credential is malformed (expected tai_<id>_<secret>)');
  }
  const [, id = '', secret = ''] = match;
  const row = await findCredential(db, id);
  // Hash both sides to one length, so the comparison takes the same time whatever was sent.
  const expected = Buffer.from(row?.secret_hash ?? sha256Hex(''), 'hex');
  const given = Buffer.from(sha256Hex(secret), 'hex');
  if (!timingSafeEqual(expected, given) || !row) throw integrationErrors.unknownCredential();
  if (row.revoked_at) throw integrationErrors.revokedCredential(row.id, row.revoked_at);
  // The one thing a credential does; checked here so a row with other scopes can never report.
  const scopes = parseJsonColumn(z.array(z.string()), row.scopes, 'integration_credentials.scopes');
  if (!scopes.includes(CLOSE_SCOPE)) throw integrationErrors.missingScope(row.id, CLOSE_SCOPE);
  return row;
}
