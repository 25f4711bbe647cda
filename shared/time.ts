/** Time maths both sides need: durations, expiry and business hours. Pure; no clocks read here. */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHours {
  days: Weekday[];
  /** `HH:MM`, 24-hour, in `timeZone`. */
  start: string;
  end: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

/** @example addMinutes('2026-11-22T10:00:00.000Z', 30) // '2026-11-22T10:30:00.000Z' */
export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Whole seconds from `fromIso` to `toIso`, never negative. @example secondsBetween(a, b) // 240 */
export function secondsBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
}

/** @example formatDuration(240) // '4m 0s'; formatDuration(3700) // '1h 1m' */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m ${s}s`;
}

/** `HH:MM` → minutes after midnight. */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const weekdayByShortName: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

/** Weekday and minutes after midnight of `at` as a wall clock in `timeZone` shows them. */
export function wallClock(at: Date, timeZone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: weekdayByShortName[part('weekday')] ?? 'mon',
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

/**
 * Whether `at` falls inside business hours, read on the admin's wall clock.
 * An `end` before `start` means the hours run past midnight (night shift).
 *
 * @example isBusinessHours(new Date('2026-11-23T09:30:00Z'), { days: ['mon'], start: '09:00', end: '17:00', timeZone:
 * 'UTC' }) // true
 */
export function isBusinessHours(at: Date, hours: BusinessHours): boolean {
  const { day, minutes } = wallClock(at, hours.timeZone);
  const start = clockMinutes(hours.start);
  const end = clockMinutes(hours.end);
  if (start <= end) return hours.days.includes(day) && minutes >= start && minutes < end;
  // Overnight: the evening part belongs to `day`, the early-morning part to the day before.
  const previous = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] as Weekday;
  return (hours.days.includes(day) && minutes >= start) || (hours.days.includes(previous) && minutes < end);
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
