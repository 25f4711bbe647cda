import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export interface DirectoryRow {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'lead' | 'admin';
}

/** `%` and `_` in what was typed are letters, not wildcards. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Users of a tenant whose id, name or e-mail contains `text` (any case), by name.
 *
 * @example await searchDirectory(db, 'demo', { text: 'lee', limit: 20 })
 */
export function searchDirectory(
  db: Kysely<Database>,
  tenant: string,
  q: { text?: string; ids?: string[]; limit: number },
): Promise<DirectoryRow[]> {
  let query = db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('tenant', '=', tenant);
  if (q.ids) query = query.where('id', 'in', q.ids.length > 0 ? q.ids : ['']);
  if (q.text) {
    const pattern = likePattern(q.text);
    // ESCAPE is spelt the same on SQLite and PostgreSQL; lower() makes both match any case.
    query = query.where((eb) =>
      eb.or(
        (['id', 'name', 'email'] as const).map(
          (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
        ),
      ),
    );
  }
  return query.orderBy('name').orderBy('id').limit(q.limit).execute();
}

/** Which of `ids` are not users of the tenant, in the order given. */
export async function unknownUserIds(db: Kysely<Database>, tenant: string, ids: string[]): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Set();
  const found = await db
    .selectFrom('users')
    .select('id')
    .where('tenant', '=', tenant)
    .where('id', 'in', wanted)
    .execute();
  const known = new Set(found.map((r) => r.id));
  return new Set(wanted.filter((id) => !known.has(id)));
}
