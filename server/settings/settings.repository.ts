import type { Kysely } from 'kysely';
import { defaultSettings, zSettingsSchema, type Settings } from '../../shared/settings.js';
import type { Database } from '../db/database.js';
import { issuesFromZod, type Logger } from '../errors.js';

/**
 * The tenant's settings; defaults until an admin saves some. A stored row that no longer passes
 * the schema (hand-edited, or written by an older version) also gives the defaults — which name no
 * approvers — so it is logged with the tenant and what is wrong, for an admin to fix.
 */
export async function readSettings(db: Kysely<Database>, tenant: string, logger: Logger): Promise<Settings> {
  const row = await db.selectFrom('settings').select('value').where('tenant', '=', tenant).executeTakeFirst();
  if (!row) return defaultSettings;
  // Stored values were validated on write; parse again so a hand-edited row cannot smuggle in garbage.
  const parsed = zSettingsSchema.safeParse({ ...defaultSettings, ...(JSON.parse(row.value) as object) });
  if (parsed.success) return parsed.data;
  logger.error(
    `[settings] stored settings of tenant ${tenant} do not pass validation; using the defaults (no approvers) ` +
      'until an admin saves settings again',
    issuesFromZod(parsed.error),
  );
  return defaultSettings;
}

export async function writeSettings(
  db: Kysely<Database>,
  tenant: string,
  value: Settings,
  at: string,
  by: string,
): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ tenant, value: json, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('tenant').doUpdateSet({ value: json, updated_at: at, updated_by: by }))
    .execute();
}
