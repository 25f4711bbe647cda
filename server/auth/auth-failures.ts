import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

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
 * @example await recordAuthFailure(db, { code: 'token_expired', source: '10.0.0.7', method: 'GET', path: '/v1/settings', detail: '' }, new Date());
 */
export async function recordAuthFailure(db: Kysely<Database>, failure: AuthFailure, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const recent = await db
    .selectFrom('auth_failures')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('source', '=', failure.source)
    .where('code', '=', failure.code)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= MAX_PER_WINDOW) return false;
  await db
    .insertInto('auth_failures')
    .values({ ...failure, detail: failure.detail.slice(0, 500), path: failure.path.slice(0, 300), at: now.toISOString() })
    .execute();
  return true;
}
