import { sql, type Kysely } from 'kysely';
import { zSavedQueryDefinitionSchema, type SavedQuery, type SavedQueryDefinition } from '../../shared/gateway.js';
import type { Database } from '../db/database.js';
import { isPostgres } from '../db/locks.js';
import type { AccessEventInsert } from '../grants/grants.repository.js';

interface SavedQueryRow {
  name: string;
  definition: string;
  updated_by: string;
  updated_at: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Validated definitions by their stored text: every run reads its query, few definitions change. */
const validated = new Map<string, SavedQueryDefinition | null>();

function toSavedQuery(row: SavedQueryRow): SavedQuery | undefined {
  let definition = validated.get(row.definition);
  if (definition === undefined) {
    // Stored definitions were validated on write; parse again so a hand-edited row cannot smuggle in garbage.
    const parsed = zSavedQueryDefinitionSchema.safeParse(JSON.parse(row.definition));
    definition = parsed.success ? deepFreeze(parsed.data) : null;
    if (validated.size >= 1000) validated.clear();
    validated.set(row.definition, definition);
  }
  return definition
    ? { name: row.name, ...definition, updatedBy: row.updated_by, updatedAt: row.updated_at }
    : undefined;
}

/** The tenant's saved queries by name; rows that no longer validate are left out. */
export async function listSavedQueries(db: Kysely<Database>, tenant: string): Promise<SavedQuery[]> {
  const rows = await db
    .selectFrom('saved_queries')
    .select(['name', 'definition', 'updated_by', 'updated_at'])
    .where('tenant', '=', tenant)
    .orderBy('name')
    .execute();
  return rows.map(toSavedQuery).filter((q): q is SavedQuery => q !== undefined);
}

export async function findSavedQuery(
  db: Kysely<Database>,
  tenant: string,
  name: string,
): Promise<SavedQuery | undefined> {
  const row = await db
    .selectFrom('saved_queries')
    .select(['name', 'definition', 'updated_by', 'updated_at'])
    .where('tenant', '=', tenant)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toSavedQuery(row) : undefined;
}

export async function upsertSavedQuery(
  db: Kysely<Database>,
  tenant: string,
  name: string,
  definition: object,
  at: string,
  by: string,
): Promise<void> {
  const json = JSON.stringify(definition);
  await db
    .insertInto('saved_queries')
    .values({ tenant, name, definition: json, updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['tenant', 'name']).doUpdateSet({ definition: json, updated_by: by, updated_at: at }),
    )
    .execute();
}

export async function deleteSavedQuery(db: Kysely<Database>, tenant: string, name: string): Promise<void> {
  await db.deleteFrom('saved_queries').where('tenant', '=', tenant).where('name', '=', name).execute();
}

/**
 * Stores one run's access event and adds it to the grant's running totals (as event intake keeps
 * them; review thresholds read them), handing back the event id. On PostgreSQL both happen in one
 * statement — a round trip less on every run.
 */
export async function insertRunAccessEvent(
  db: Kysely<Database>,
  row: AccessEventInsert & { record_count: number },
  at: string,
): Promise<number> {
  const totals = {
    event_count: sql<number>`event_count + 1`,
    record_count: sql<number>`record_count + ${row.record_count}`,
    updated_at: at,
  };
  if (isPostgres(db)) {
    const { id } = await db
      .with('event', (qc) => qc.insertInto('access_events').values(row).returning('id'))
      .with('totals', (qc) => qc.updateTable('grants').set(totals).where('id', '=', row.grant_id))
      .selectFrom('event')
      .select('id')
      .executeTakeFirstOrThrow();
    return Number(id);
  }
  const { id } = await db.insertInto('access_events').values(row).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('grants').set(totals).where('id', '=', row.grant_id).execute();
  return Number(id);
}
