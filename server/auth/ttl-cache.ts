/**
 * A small time-boxed cache for host API look-ups (user names, roles, groups).
 *
 * @example const users = ttlCache<JiraUser>(5 * 60_000); await users.get(key, () => fetchUser(id));
 */
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
