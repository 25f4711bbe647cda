import type { Settings } from '../../shared/settings.js';
import { addMinutes } from '../../shared/time.js';
import type { Deps } from '../app-env.js';
import type { GrantRow } from '../db/database.js';
import { flagOverdueReview, timeOutPending } from '../grants/policies.service.js';
import { readSettings } from '../settings/settings.repository.js';
import { enqueue } from './outbox.repository.js';
import { SCHEDULED_CHANNELS, type ScheduledTopic } from './topics.js';

export interface ScheduleResult {
  timedOut: number;
  reminded: number;
  warned: number;
  flagged: number;
}

/**
 * What the clock asks of the policies (settings.notifications), once per tick: requests nobody
 * decided within the pending limit end; approvers are reminded once of a request still pending
 * after the reminder delay; requesters are warned before expiry (again after an extension, which
 * moves expiresAt); unreviewed emergency sessions past the review limit are flagged. Each is a
 * compare-and-set or a unique outbox key, so several instances do each once.
 */
export async function runSchedule(deps: Deps, limit = 500): Promise<ScheduleResult> {
  const at = deps.now().toISOString();
  const result: ScheduleResult = { timedOut: 0, reminded: 0, warned: 0, flagged: 0 };
  const settingsOf = cachedSettings(deps);

  const pending = await deps.db
    .selectFrom('grants')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('requested_at')
    .limit(limit)
    .execute();
  for (const row of pending) {
    const settings = await settingsOf(row.tenant);
    if (await timeOutPending(deps, row, settings, at)) result.timedOut += 1;
    else if (addMinutes(row.requested_at, settings.notifications.reminderAfterMinutes) <= at)
      result.reminded += await schedule(deps, row, 'grant.reminder', `reminder:${row.tenant}:${row.id}`, at);
  }

  // Active grants inside the longest warning window any tenant may set (60 minutes).
  const active = await deps.db
    .selectFrom('grants')
    .selectAll()
    .where('status', '=', 'active')
    .where('expires_at', '>', at)
    .where('expires_at', '<=', addMinutes(at, 60))
    .limit(limit)
    .execute();
  for (const row of active) {
    const settings = await settingsOf(row.tenant);
    if (row.expires_at && addMinutes(at, settings.notifications.expiryWarningMinutes) >= row.expires_at) {
      const key = `expiring:${row.tenant}:${row.id}:${row.expires_at}`;
      result.warned += await schedule(deps, row, 'grant.expiring', key, at);
    }
  }

  const emergencies = await deps.db
    .selectFrom('grants')
    .selectAll()
    .where('emergency', '=', 1)
    .where('started_at', '<=', at)
    .where('flags', 'not like', '%"review_overdue"%')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('reviews')
            .select('reviews.grant_id')
            .whereRef('reviews.tenant', '=', 'grants.tenant')
            .whereRef('reviews.grant_id', '=', 'grants.id'),
        ),
      ),
    )
    .limit(limit)
    .execute();
  for (const row of emergencies) {
    if (await flagOverdueReview(deps, row, await settingsOf(row.tenant), at)) result.flagged += 1;
  }
  return result;
}

async function schedule(deps: Deps, row: GrantRow, topic: ScheduledTopic, key: string, at: string): Promise<number> {
  const inserted = await enqueue(
    deps.db,
    SCHEDULED_CHANNELS[topic].map((channel) => ({
      tenant: row.tenant,
      topic,
      channel,
      dedupe_key: key,
      grant_id: row.id,
      audit_event_id: null,
      payload: '{}',
      state: 'pending',
      next_attempt_at: at,
      lease_until: null,
      lease_owner: null,
      last_error: null,
      created_at: at,
      delivered_at: null,
    })),
  );
  return inserted > 0 ? 1 : 0;
}

function cachedSettings(deps: Deps) {
  const cache = new Map<string, Promise<Settings>>();
  return (tenant: string) => {
    const hit = cache.get(tenant);
    if (hit) return hit;
    const read = readSettings(deps.db, tenant, deps.logger);
    cache.set(tenant, read);
    return read;
  };
}
