import type { DirectoryUser } from '../../shared/users.js';
import type { Actor, Deps } from '../app-env.js';
import { errors, type ErrorIssue } from '../errors.js';
import { searchDirectory, unknownUserIds } from './users.repository.js';

/**
 * The directory for pickers (approvers, the rota): leads and admins, who decide who approves.
 *
 * @example const users = await findUsers(deps, ada, { text: 'lee', limit: 20 });
 */
export async function findUsers(
  deps: Deps,
  actor: Actor,
  q: { text?: string; ids?: string[]; limit: number },
): Promise<DirectoryUser[]> {
  if (actor.role === 'agent') throw errors.forbidden('Only leads and admins can search the user directory');
  const rows = await searchDirectory(deps.db, actor.tenant, q);
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email || null, role: r.role }));
}

/**
 * Refuses (400, one issue per entry, e.g. `approvers.1: unknown user laed-lee`) lists that name
 * someone who is not in the tenant's directory, so a mistyped approver is never saved.
 */
export async function requireKnownUsers(
  deps: Pick<Deps, 'db'>,
  tenant: string,
  lists: Record<string, string[]>,
): Promise<void> {
  const unknown = await unknownUserIds(deps.db, tenant, Object.values(lists).flat());
  const issues: ErrorIssue[] = Object.entries(lists).flatMap(([path, ids]) =>
    ids.flatMap((id, i) => (unknown.has(id) ? [{ path: `${path}.${i}`, message: `unknown user ${id}` }] : [])),
  );
  if (issues.length > 0)
    throw errors.invalidInput(`Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
