import type { Kysely } from 'kysely';
import { defaultSettings, zSettingsSchema, type Settings } from '../../shared/settings.js';
import type { Database } from '../db/database.js';

/** The tenant's settings; defaults until an admin saves some. */
export async function readSettings(db: Kysely<Database>, tenant: string): Promise<Settings> {
  const row = await db.selectFrom('settings').select('value').where('tenant', '=', tenant).executeTakeFirst();
  if (!row) return defaultSettings;
  // Stored values were validated on write; parse again so a hand-edited row cannot smuggle in garbage.
  const parsed = zSettingsSchema.safeParse({ ...defaultSettings, ...(JSON.parse(row.value) as object) });
  return parsed.success ? parsed.data : defaultSettings;
}

export async function writeSettings(db: Kysely<Database>, tenant: string, value: Settings, at: string, by: string): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ tenant, value: json, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('tenant').doUpdateSet({ value: json, updated_at: at, updated_by: by }))
    .execute();
}
