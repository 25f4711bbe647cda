import type { Settings, SettingsUpdate } from '../../../shared/settings.js';
import type { Weekday } from '../../../shared/time.js';

/** The settings as the form edits them: every field a string, lists comma-separated. */
export interface SettingsFormValues {
  defaultDurationMinutes: string;
  maxDurationMinutes: string;
  allowedDurationsMinutes: string;
  startWindowMinutes: string;
  approvers: string;
  afterHoursApprovers: string;
  days: string;
  start: string;
  end: string;
  timeZone: string;
  systems: string;
  longSessionMinutes: string;
  broadAccessRecords: string;
  retentionDays: string;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
/** Not-a-number stays NaN, so the server, not the form, says what is wrong with it. */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export function toForm(s: Settings): SettingsFormValues {
  return {
    defaultDurationMinutes: String(s.defaultDurationMinutes),
    maxDurationMinutes: String(s.maxDurationMinutes),
    allowedDurationsMinutes: s.allowedDurationsMinutes.join(', '),
    startWindowMinutes: String(s.startWindowMinutes),
    approvers: s.approvers.join(', '),
    afterHoursApprovers: s.afterHoursApprovers.join(', '),
    days: s.businessHours.days.join(', '),
    start: s.businessHours.start,
    end: s.businessHours.end,
    timeZone: s.businessHours.timeZone,
    systems: s.systems.join(', '),
    longSessionMinutes: String(s.reviewThresholds.longSessionMinutes),
    broadAccessRecords: String(s.reviewThresholds.broadAccessRecords),
    retentionDays: String(s.retentionDays),
  };
}

/** Leaves `roleMapping` out, so the server keeps it. @example fromForm(toForm(settings)) */
export function fromForm(v: SettingsFormValues): SettingsUpdate {
  return {
    defaultDurationMinutes: num(v.defaultDurationMinutes),
    maxDurationMinutes: num(v.maxDurationMinutes),
    allowedDurationsMinutes: list(v.allowedDurationsMinutes).map(Number),
    startWindowMinutes: num(v.startWindowMinutes),
    approvers: list(v.approvers),
    afterHoursApprovers: list(v.afterHoursApprovers),
    businessHours: {
      days: list(v.days) as Weekday[],
      start: v.start.trim(),
      end: v.end.trim(),
      timeZone: v.timeZone.trim(),
    },
    systems: list(v.systems),
    reviewThresholds: { longSessionMinutes: num(v.longSessionMinutes), broadAccessRecords: num(v.broadAccessRecords) },
    retentionDays: num(v.retentionDays),
  };
}
