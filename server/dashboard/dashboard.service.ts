import { DASHBOARD_DAYS, type Dashboard } from '../../shared/dashboard.js';
import { canApprove } from '../../shared/grant-rules.js';
import type { Actor, Deps } from '../app-env.js';
import { errors } from '../errors.js';
import { grantFlags } from '../grants/grant-view.js';
import { readSettings } from '../settings/settings.repository.js';
import {
  flagsInPeriod,
  oldestWaiting,
  openCounts,
  pendingOfOthers,
  reviewsWaiting,
  sessionsPerDay,
} from './dashboard.repository.js';

const DAY_MS = 24 * 3600_000;

/** The UTC days of the period, oldest first, ending with today. */
export function periodDays(now: Date, days = DASHBOARD_DAYS): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/**
 * The console's landing figures for leads and admins: what is open now, what waits for the caller
 * and for review, and the last 30 days by day and by flag.
 *
 * @example const d = await dashboard(deps, lee); d.open.active // 2
 */
export async function dashboard(deps: Deps, actor: Actor): Promise<Dashboard> {
  if (actor.role !== 'lead' && actor.role !== 'admin')
    throw errors.forbidden('The dashboard is for leads and admins; agents see their own sessions');
  const now = deps.now();
  const at = now.toISOString();
  const days = periodDays(now);
  const from = `${days[0]}T00:00:00.000Z`;
  const settings = await readSettings(deps.db, actor.tenant, deps.logger);
  const [open, others, waiting, oldest, perDay, flagged] = await Promise.all([
    openCounts(deps.db, actor.tenant, at),
    canApprove(settings, actor.id, now) ? pendingOfOthers(deps.db, actor.tenant, actor.id) : Promise.resolve(0),
    reviewsWaiting(deps.db, actor.tenant, at),
    oldestWaiting(deps.db, actor.tenant, at),
    sessionsPerDay(deps.db, actor.tenant, days, at),
    flagsInPeriod(deps.db, actor.tenant, from, at),
  ]);
  const flagsPerKind: Dashboard['flagsPerKind'] = {};
  for (const row of flagged) for (const f of grantFlags(row)) flagsPerKind[f.code] = (flagsPerKind[f.code] ?? 0) + 1;
  let oldestItem: Dashboard['reviews']['oldest'] = null;
  if (oldest) {
    // biome-ignore lint/complexity/useMathMinMax: ISO-8601 text, compared as strings
    const flaggedAt = grantFlags(oldest).reduce((first, f) => (f.at < first ? f.at : first), at);
    const waitingHours = Math.round(((now.getTime() - Date.parse(flaggedAt)) / 3600_000) * 10) / 10;
    oldestItem = { grantId: oldest.id, flaggedAt, waitingHours };
  }
  return {
    at,
    from,
    open,
    waitingForMe: others,
    reviews: { waiting, oldest: oldestItem },
    sessionsPerDay: days.map((day) => ({ day, sessions: perDay.get(day) ?? 0 })),
    flagsPerKind,
    afterHours: flagsPerKind.after_hours ?? 0,
    emergency: flagsPerKind.emergency ?? 0,
  };
}
