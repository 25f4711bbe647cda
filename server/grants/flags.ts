import type { Flag } from '../../shared/grants.js';
import type { Settings } from '../../shared/settings.js';
import { isBusinessHours, secondsBetween } from '../../shared/time.js';

type FlagCode = Flag['code'];

function flag(code: FlagCode, reason: string, at: string): Flag {
  return { code, reason, at };
}

/** Flags known the moment a grant is requested. */
export function flagsAtRequest(
  request: { access: 'read' | 'write'; writeNeed?: string | undefined; emergency?: { justification: string } | undefined; reasonVague: boolean },
  at: string,
): Flag[] {
  const flags: Flag[] = [];
  if (request.emergency) flags.push(flag('emergency', `Break-glass access without prior approval: "${request.emergency.justification}"`, at));
  if (request.access === 'write') flags.push(flag('write_access', `Write access requested: "${request.writeNeed ?? ''}"`, at));
  if (request.reasonVague) flags.push(flag('vague_reason', 'The reason was accepted but names only part of symptom, record and check', at));
  return flags;
}

/** Flags known when the clock starts. */
export function flagsAtStart(startedAt: string, settings: Settings): Flag[] {
  const hours = settings.businessHours;
  if (isBusinessHours(new Date(startedAt), hours)) return [];
  return [flag('after_hours', `Started outside business hours (${hours.days.join(', ')} ${hours.start}–${hours.end} ${hours.timeZone})`, startedAt)];
}

/** How much longer than the usual session for the same systems counts as "far above". */
export const USUAL_FACTOR = 3;
/** Fewer earlier sessions than this and there is no "usual" to compare with. */
export const USUAL_MIN_SAMPLES = 5;

export interface ClosingSession {
  startedAt: string;
  endedAt: string;
  recordCount: number;
  /** Median minutes of earlier sessions on the same systems, when there are enough of them. */
  usualMinutes: number | null;
  /** Customers the recorded events touched, besides the one in scope. */
  otherCustomers: string[];
  scopeCustomer: string;
}

/** Flags known when the session closes (ended, expired or revoked). */
export function flagsAtClose(session: ClosingSession, settings: Settings): Flag[] {
  const flags: Flag[] = [];
  const minutes = secondsBetween(session.startedAt, session.endedAt) / 60;
  const { longSessionMinutes, broadAccessRecords } = settings.reviewThresholds;
  if (minutes > longSessionMinutes) {
    flags.push(flag('long_session', `Session lasted ${Math.round(minutes)} minutes; the threshold is ${longSessionMinutes}`, session.endedAt));
  } else if (session.usualMinutes !== null && minutes >= 10 && minutes > USUAL_FACTOR * session.usualMinutes) {
    flags.push(flag('long_session', `Session lasted ${Math.round(minutes)} minutes, over ${USUAL_FACTOR}× the usual ${Math.round(session.usualMinutes)} for these systems`, session.endedAt));
  }
  if (session.recordCount > broadAccessRecords) {
    flags.push(flag('broad_access', `${session.recordCount} records accessed; the threshold is ${broadAccessRecords}`, session.endedAt));
  } else if (session.otherCustomers.length > 0) {
    flags.push(flag('broad_access', `Touched ${session.otherCustomers.length + 1} customers (${session.otherCustomers.join(', ')} beyond ${session.scopeCustomer} in scope)`, session.endedAt));
  }
  return flags;
}

/** The median of `values`, or null when there are too few to call anything usual. */
export function usualOf(values: number[]): number | null {
  if (values.length < USUAL_MIN_SAMPLES) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Adds flags whose code is not there yet; a flag once raised stays. */
export function mergeFlags(existing: Flag[], added: Flag[]): Flag[] {
  const codes = new Set(existing.map((f) => f.code));
  return [...existing, ...added.filter((f) => !codes.has(f.code) && codes.add(f.code))];
}
