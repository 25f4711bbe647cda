import type { Settings, SettingsUpdate } from '../../../../shared/settings.js';
import type { Weekday } from '../../../../shared/time.js';
import type { ApiError } from '../../api/api-error.js';
import { t } from '../../i18n.js';

/** The settings as the screen edits them: numbers as typed, lists as lists. */
export interface SettingsDraft {
  defaultDurationMinutes: string;
  maxDurationMinutes: string;
  allowedDurationsMinutes: number[];
  startWindowMinutes: string;
  approvers: string[];
  afterHoursApprovers: string[];
  days: Weekday[];
  start: string;
  end: string;
  timeZone: string;
  systems: string[];
  longSessionMinutes: string;
  broadAccessRecords: string;
  retentionDays: string;
}
export type DraftKey = keyof SettingsDraft;
type ErrorIssue = ApiError['issues'][number];

/** Each field: the settings path the server names in `issues[].path`, and its label key. */
export const FIELDS: Record<DraftKey, { path: string; label: string }> = {
  defaultDurationMinutes: { path: 'defaultDurationMinutes', label: 'default_duration' },
  maxDurationMinutes: { path: 'maxDurationMinutes', label: 'max_duration' },
  allowedDurationsMinutes: { path: 'allowedDurationsMinutes', label: 'allowed_durations' },
  startWindowMinutes: { path: 'startWindowMinutes', label: 'start_window' },
  approvers: { path: 'approvers', label: 'approvers' },
  afterHoursApprovers: { path: 'afterHoursApprovers', label: 'after_hours' },
  days: { path: 'businessHours.days', label: 'days' },
  start: { path: 'businessHours.start', label: 'start' },
  end: { path: 'businessHours.end', label: 'end' },
  timeZone: { path: 'businessHours.timeZone', label: 'time_zone' },
  systems: { path: 'systems', label: 'systems' },
  longSessionMinutes: { path: 'reviewThresholds.longSessionMinutes', label: 'long_session' },
  broadAccessRecords: { path: 'reviewThresholds.broadAccessRecords', label: 'broad_access' },
  retentionDays: { path: 'retentionDays', label: 'retention' },
};

export const labelOf = (key: DraftKey) => t(`nav_bar.settings.${FIELDS[key].label}`);

/** Which field a server issue belongs to: `approvers.1` → approvers, `businessHours.days.2` → days. */
export function fieldOf(path: string): DraftKey | null {
  for (const [key, f] of Object.entries(FIELDS) as Array<[DraftKey, (typeof FIELDS)[DraftKey]]>) {
    if (path === f.path || path.startsWith(`${f.path}.`)) return key;
  }
  return null;
}

/** The server's issues per field, each message once; issues no field claims go under `null`. */
export function issuesByField(issues: ErrorIssue[]): Map<DraftKey | null, string[]> {
  const byField = new Map<DraftKey | null, string[]>();
  for (const issue of issues) {
    const key = fieldOf(issue.path);
    const list = byField.get(key) ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    byField.set(key, list);
  }
  return byField;
}

export function toDraft(s: Settings): SettingsDraft {
  return {
    defaultDurationMinutes: String(s.defaultDurationMinutes),
    maxDurationMinutes: String(s.maxDurationMinutes),
    allowedDurationsMinutes: [...s.allowedDurationsMinutes],
    startWindowMinutes: String(s.startWindowMinutes),
    approvers: [...s.approvers],
    afterHoursApprovers: [...s.afterHoursApprovers],
    days: [...s.businessHours.days],
    start: s.businessHours.start,
    end: s.businessHours.end,
    timeZone: s.businessHours.timeZone,
    systems: [...s.systems],
    longSessionMinutes: String(s.reviewThresholds.longSessionMinutes),
    broadAccessRecords: String(s.reviewThresholds.broadAccessRecords),
    retentionDays: String(s.retentionDays),
  };
}

/** An empty or non-numeric entry is sent as null, so the server names the field and says what it takes. */
const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s)) as number;

/** Leaves `roleMapping` out, so the server keeps it (the role mapping screen edits it). */
export function fromDraft(d: SettingsDraft): SettingsUpdate {
  return {
    defaultDurationMinutes: num(d.defaultDurationMinutes),
    maxDurationMinutes: num(d.maxDurationMinutes),
    allowedDurationsMinutes: d.allowedDurationsMinutes,
    startWindowMinutes: num(d.startWindowMinutes),
    approvers: d.approvers,
    afterHoursApprovers: d.afterHoursApprovers,
    businessHours: { days: d.days, start: d.start, end: d.end, timeZone: d.timeZone },
    systems: d.systems,
    reviewThresholds: { longSessionMinutes: num(d.longSessionMinutes), broadAccessRecords: num(d.broadAccessRecords) },
    retentionDays: num(d.retentionDays),
  };
}
