import type { Kysely } from 'kysely';
import type { Actor } from '../app-env.js';
import type { Database } from '../db/database.js';

/** Remembers a verified user, so names show in lists and settings; the host stays the authority. */
export async function rememberUser(db: Kysely<Database>, actor: Actor, at: string): Promise<void> {
  await db
    .insertInto('users')
    .values({ tenant: actor.tenant, id: actor.id, name: actor.name, email: actor.email, role: actor.role, created_at: at })
    .onConflict((oc) => oc.columns(['tenant', 'id']).doUpdateSet({ name: actor.name, email: actor.email, role: actor.role }))
    .execute();
}

/** A small time-boxed cache for host API look-ups (user names, roles, groups). */
export function ttlCache<T>(ttlMs: number) {
  const entries = new Map<string, { value: T; until: number }>();
  return {
    async get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.until > now) return hit.value;
      const value = await load();
      entries.set(key, { value, until: now + ttlMs });
      return value;
    },
  };
}
