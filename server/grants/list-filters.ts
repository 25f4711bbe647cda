import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Flag } from '../../shared/grants.js';
import type { Database } from '../db/database.js';

// The console's extra session filters (issue 14): an agent found by name, and a flag. Kept apart
// from the list query itself so the list stays one readable function.

export type FlagFilter = Flag['code'] | 'any';

/** LIKE's own wildcards in user text are taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The users an agent search means: the exact id, and everyone whose name contains the text
 * (case-insensitive). The exact id is always included, so grants of users the directory does not
 * hold yet are still found by id.
 *
 * @example await resolveAgent(db, 'demo', 'Ann') // ['Ann', 'agent-ann']
 */
export async function resolveAgent(db: Kysely<Database>, tenant: string, text: string): Promise<string[]> {
  const pattern = `%${likeLiteral(text.toLowerCase())}%`;
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('tenant', '=', tenant)
    .where((eb) => eb.or([eb('id', '=', text), eb(eb.fn('lower', ['name']), 'like', eb.val(pattern))]))
    .limit(50)
    .execute();
  return [...new Set([text, ...rows.map((r) => r.id)])];
}

/**
 * Adds the agent (resolved ids) and flag conditions. A flag is found in the JSON beside the
 * indexed `flagged` column, so the walk runs along grants_flagged_requested_idx.
 */
export function applyListFilters<QB extends SelectQueryBuilder<Database, 'grants', object>>(
  query: QB,
  filter: { requesterIds?: string[] | undefined; flag?: FlagFilter | undefined },
): QB {
  let q = query;
  const ids = filter.requesterIds;
  if (ids) q = (ids.length === 1 ? q.where('requester_id', '=', ids[0]!) : q.where('requester_id', 'in', ids)) as QB;
  if (filter.flag) {
    q = q.where('flagged', '=', 1) as QB;
    if (filter.flag !== 'any') q = q.where('flags', 'like', `%"code":"${filter.flag}"%`) as QB;
  }
  return q;
}
