import type { SavedQuery, SavedQueryDefinition, SavedQuerySummary } from '../../shared/gateway.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { errors } from '../errors.js';
import { readSettings } from '../settings/settings.repository.js';
import { classifyColumn } from './masking.js';
import { selectColumns } from './select-columns.js';
import { deleteSavedQuery, findSavedQuery, listSavedQueries, upsertSavedQuery } from './gateway.repository.js';

function requireAdmin(actor: Actor, what: string): void {
  if (actor.role !== 'admin') throw errors.forbidden(`Only admins can ${what}`);
}

/** What anyone signed in sees: names, titles and parameters — not the SQL. */
export async function listQuerySummaries(deps: Deps, actor: Actor): Promise<SavedQuerySummary[]> {
  const queries = await listSavedQueries(deps.db, actor.tenant);
  return queries.map((q) => ({
    name: q.name,
    title: q.title,
    description: q.description,
    system: q.system,
    customerParam: q.customerParam,
    params: q.params.map((p) => ({
      name: p.name,
      label: p.label ?? null,
      type: p.type,
      description: p.description ?? null,
      required: p.default === undefined,
    })),
    rowLimit: q.rowLimit,
    sensitiveColumns: selectColumns(q.sql).filter((c) => classifyColumn(c, q.fields) !== null),
  }));
}

export async function getSavedQuery(deps: Deps, actor: Actor, name: string): Promise<SavedQuery> {
  requireAdmin(actor, 'read saved query definitions');
  const query = await findSavedQuery(deps.db, actor.tenant, name);
  if (!query) throw errors.notFound(`Saved query ${name}`);
  return query;
}

function definitionOf(query: SavedQuery): SavedQueryDefinition {
  const { name: _name, updatedBy: _by, updatedAt: _at, ...definition } = query;
  return definition;
}

/**
 * Creates or replaces a saved query (admins). Its system must be one of the tenant's systems. The
 * audit row keeps the old and new definition; saving the same definition again records nothing.
 */
export async function saveQuery(
  deps: Deps,
  actor: Actor,
  name: string,
  definition: SavedQueryDefinition,
): Promise<SavedQuery> {
  requireAdmin(actor, 'define saved queries');
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    if (!settings.systems.includes(definition.system)) {
      const message = `must be one of the tenant's systems (${settings.systems.join(', ')})`;
      throw errors.invalidInput(`Invalid request: system: ${message}`, [{ path: 'system', message }]);
    }
    const previous = await findSavedQuery(trx, actor.tenant, name);
    const old = previous ? definitionOf(previous) : null;
    if (old && canonicalJson(old) === canonicalJson(definition)) return previous!;
    await upsertSavedQuery(trx, actor.tenant, name, definition, at, actor.id);
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'gateway.query_saved',
        occurredAt: at,
        actorId: actor.id,
        data: { name, old, new: definition },
      },
    ]);
    return { name, ...definition, updatedBy: actor.id, updatedAt: at };
  });
}

export async function removeQuery(deps: Deps, actor: Actor, name: string): Promise<void> {
  requireAdmin(actor, 'delete saved queries');
  const at = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const previous = await findSavedQuery(trx, actor.tenant, name);
    if (!previous) throw errors.notFound(`Saved query ${name}`);
    await deleteSavedQuery(trx, actor.tenant, name);
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'gateway.query_deleted',
        occurredAt: at,
        actorId: actor.id,
        data: { name, old: definitionOf(previous) },
      },
    ]);
  });
}
