/**
 * The roles of Ticketed Access, once: every other place (the contract, the database row, config,
 * the host role maps, the UI) derives its type from this list.
 */
// No zod here, as in grant-rules.ts: the sidebar may import it without bundling zod.

/** Lowest first: a user mapped to several roles gets the last one of these they hold. */
export const ROLES = ['agent', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The highest of the roles a user's groups or claims map to; `null` when none maps.
 *
 * @example highestRole(['agent', undefined, 'lead']) // 'lead'
 */
export function highestRole(roles: Iterable<Role | null | undefined>): Role | null {
  let best = -1;
  for (const role of roles) if (role) best = Math.max(best, ROLES.indexOf(role));
  return ROLES[best] ?? null;
}
