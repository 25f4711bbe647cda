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

/** Flags known when the session closes (ended, expired or revoked). */
export function flagsAtClose(session: { startedAt: string; endedAt: string; recordCount: number }, settings: Settings): Flag[] {
  const flags: Flag[] = [];
  const minutes = secondsBetween(session.startedAt, session.endedAt) / 60;
  const { longSessionMinutes, broadAccessRecords } = settings.reviewThresholds;
  if (minutes > longSessionMinutes) {
    flags.push(flag('long_session', `Session lasted ${Math.round(minutes)} minutes; the threshold is ${longSessionMinutes}`, session.endedAt));
  }
  if (session.recordCount > broadAccessRecords) {
    flags.push(flag('broad_access', `${session.recordCount} records accessed; the threshold is ${broadAccessRecords}`, session.endedAt));
  }
  return flags;
}

/** Adds flags whose code is not there yet; a flag once raised stays. */
export function mergeFlags(existing: Flag[], added: Flag[]): Flag[] {
  const codes = new Set(existing.map((f) => f.code));
  return [...existing, ...added.filter((f) => !codes.has(f.code) && codes.add(f.code))];
}
