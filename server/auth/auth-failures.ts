import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { countAuthFailuresSince, insertAuthFailure } from './identity.repository.js';

const WINDOW_MS = 60_000;
const MAX_PER_WINDOW = 5;

export interface AuthFailure {
  code: string;
  source: string;
  method: string;
  path: string;
  detail: string;
}

/**
 * Keeps a refused sign-in for review: at most five rows per source and code a minute, so a flood of
 * bad tokens cannot fill the database. Returns whether this one was written.
 *
 * @example await recordAuthFailure(db, { code: 'token_expired', source: '10.0.0.7', method: 'GET', path:
 * '/v1/settings', detail: '' }, new Date());
 */
export async function recordAuthFailure(db: Kysely<Database>, failure: AuthFailure, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  if ((await countAuthFailuresSince(db, failure.source, failure.code, since)) >= MAX_PER_WINDOW) return false;
  const { detail, path } = failure;
  const at = now.toISOString();
  await insertAuthFailure(db, { ...failure, detail: detail.slice(0, 500), path: path.slice(0, 300), at });
  return true;
}
