import { KEPT_WHEN_OMITTED, type Settings, type SettingsUpdate } from '../../shared/settings.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { errors } from '../errors.js';
import { requireKnownUsers } from '../users/users.service.js';
import { readSettings, writeSettings } from './settings.repository.js';

export function getSettings(deps: Deps, actor: Actor): Promise<Settings> {
  return readSettings(deps.db, actor.tenant, deps.logger);
}

/**
 * Admins replace the settings; approvers must be users of the tenant's directory. The audit row keeps the old and
 * new value of every changed key.
 */
export async function updateSettings(deps: Deps, actor: Actor, update: SettingsUpdate): Promise<Settings> {
  if (actor.role !== 'admin') throw errors.forbidden('Only admins can change settings');
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    await requireKnownUsers({ db: trx }, actor.tenant, {
      approvers: update.approvers,
      afterHoursApprovers: update.afterHoursApprovers,
    });
    const previous = await readSettings(trx, actor.tenant, deps.logger);
    const kept = Object.fromEntries(KEPT_WHEN_OMITTED.map((k) => [k, update[k] ?? previous[k]]));
    const next = { ...update, ...kept } as Settings;
    const keys = Object.keys(next) as Array<keyof Settings>;
    const changed = keys.filter((key) => canonicalJson(previous[key]) !== canonicalJson(next[key]));
    if (changed.length === 0) return previous;
    await writeSettings(trx, actor.tenant, next, at, actor.id);
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'settings.changed',
        occurredAt: at,
        actorId: actor.id,
        data: {
          changed,
          old: Object.fromEntries(changed.map((k) => [k, previous[k]])),
          new: Object.fromEntries(changed.map((k) => [k, next[k]])),
        },
      },
    ]);
    return next;
  });
}
