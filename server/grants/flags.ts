import type { Flag, GrantStatus } from '../../shared/grants.js';
import type { Settings } from '../../shared/settings.js';
import { isBusinessHours, secondsBetween } from '../../shared/time.js';

type FlagCode = Flag['code'];

function flag(code: FlagCode, reason: string, at: string): Flag {
  return { code, reason, at };
}

/**
 * Flags known the moment a grant is requested: break-glass, write access, a vague-but-accepted reason.
 *
 * @example flagsAtRequest({ access: 'write', writeNeed: 'Reset refund 9912', reasonVague: false }, at) // write_access
 */
export function flagsAtRequest(
  request: {
    access: 'read' | 'write';
    writeNeed?: string | undefined;
    emergency?: { justification: string } | undefined;
    reasonVague: boolean;
  },
  at: string,
): Flag[] {
  const flags: Flag[] = [];
  if (request.emergency)
    flags.push(
      flag('emergency', `Break-glass access without prior approval: "${request.emergency.justification}"`, at),
    );
  if (request.access === 'write')
    flags.push(flag('write_access', `Write access requested: "${request.writeNeed ?? ''}"`, at));
  if (request.reasonVague)
    flags.push(flag('vague_reason', 'The reason was accepted but names only part of symptom, record and check', at));
  return flags;
}

/**
 * Flags known when the clock starts: after hours, on the admin's business hours and time zone.
 *
 * @example flagsAtStart('2026-11-23T21:30:00.000Z', settings) // [after_hours] with 08:00–18:00 UTC
 */
export function flagsAtStart(startedAt: string, settings: Settings): Flag[] {
  const hours = settings.businessHours;
  if (isBusinessHours(new Date(startedAt), hours)) return [];
  return [
    flag(
      'after_hours',
      `Started outside business hours (${hours.days.join(', ')} ${hours.start}–${hours.end} ${hours.timeZone})`,
      startedAt,
    ),
  ];
}

/** How much longer than the usual session for the same systems counts as "far above". */
export const USUAL_FACTOR = 3;
/** Fewer earlier sessions than this and there is no "usual" to compare with. */
export const USUAL_MIN_SAMPLES = 5;
/** The sessions that set the usual length: those that ran their course (a revoked one was cut short). */
export const USUAL_SAMPLE_STATUSES = ['ended', 'expired'] as const satisfies readonly GrantStatus[];

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

/**
 * Flags known when the session closes (ended, expired or revoked): a long session (over the
 * threshold, or far above the usual for its systems) and broad access (records or customers).
 *
 * @example
 * const closing = { startedAt, endedAt, recordCount: 501, usualMinutes: null, otherCustomers: [] };
 * flagsAtClose({ ...closing, scopeCustomer: '1842' }, settings) // [broad_access]
 */
export function flagsAtClose(session: ClosingSession, settings: Settings): Flag[] {
  const flags: Flag[] = [];
  const minutes = secondsBetween(session.startedAt, session.endedAt) / 60;
  const { longSessionMinutes, broadAccessRecords } = settings.reviewThresholds;
  if (minutes > longSessionMinutes) {
    flags.push(
      flag(
        'long_session',
        `Session lasted ${Math.round(minutes)} minutes; the threshold is ${longSessionMinutes}`,
        session.endedAt,
      ),
    );
  } else if (session.usualMinutes !== null && minutes >= 10 && minutes > USUAL_FACTOR * session.usualMinutes) {
    flags.push(
      flag(
        'long_session',
        `Session lasted ${Math.round(minutes)} minutes, over ${USUAL_FACTOR}× the usual ${Math.round(session.usualMinutes)} for these systems`,
        session.endedAt,
      ),
    );
  }
  if (session.recordCount > broadAccessRecords) {
    flags.push(
      flag(
        'broad_access',
        `${session.recordCount} records accessed; the threshold is ${broadAccessRecords}`,
        session.endedAt,
      ),
    );
  } else if (session.otherCustomers.length > 0) {
    flags.push(
      flag(
        'broad_access',
        `Touched ${session.otherCustomers.length + 1} customers (${session.otherCustomers.join(', ')} beyond ${session.scopeCustomer} in scope)`,
        session.endedAt,
      ),
    );
  }
  return flags;
}

/**
 * The agent asked for another customer than the ticket's own (as the host reads it): the approver is
 * warned at request time and the lead sees it in review.
 *
 * @example flagCustomerMismatch({ customerId: '2207', ticketCustomerId: '1842', ticketId: '48271' }, at)?.code
 * // 'customer_mismatch'
 */
export function flagCustomerMismatch(
  request: { customerId: string; ticketCustomerId?: string | null | undefined; ticketId: string },
  at: string,
): Flag | null {
  const ticketCustomer = request.ticketCustomerId ?? null;
  if (ticketCustomer === null || ticketCustomer === request.customerId) return null;
  return flag(
    'customer_mismatch',
    `Customer ${request.customerId} was requested, but ticket ${request.ticketId} belongs to customer ${ticketCustomer}`,
    at,
  );
}

/**
 * An extension that takes the grant past the long-session threshold is flagged when it is applied,
 * not only when the session closes, so the approver and the lead see it while it runs.
 *
 * @example flagLongExtension(150, settings, at)?.reason // 'Extended to 150 minutes in total; the threshold is 120'
 */
export function flagLongExtension(totalMinutes: number, settings: Settings, at: string): Flag | null {
  const { longSessionMinutes } = settings.reviewThresholds;
  if (totalMinutes <= longSessionMinutes) return null;
  return flag(
    'long_session',
    `Extended to ${totalMinutes} minutes in total; the threshold is ${longSessionMinutes}`,
    at,
  );
}

/** What a report of access outside an active session found: the grant not active, or events outside its window. */
export type ShadowReport = { grantStatus: GrantStatus } | { eventsOutsideWindow: number };

/**
 * Shadow access: events were reported while the grant was not active (from the agent's session),
 * or happened outside its active window (from a tool with a grant token). They are kept, unaccepted.
 *
 * @example flagShadowAccess({ grantStatus: 'expired' }, at).reason // 'Access reported while the grant was expired'
 */
export function flagShadowAccess(report: ShadowReport, at: string): Flag {
  const reason =
    'grantStatus' in report
      ? `Access reported while the grant was ${report.grantStatus}`
      : `${report.eventsOutsideWindow} event(s) reported outside the grant's active window`;
  return flag('shadow_access', reason, at);
}

/** A ticket closed some other way than through the apps (API, mobile, trigger, a Jira transition). */
export interface TicketClosed {
  ticketId: string;
  /** The status it was closed with, e.g. `solved`. */
  status: string;
  /** Who told us, e.g. `zendesk webhook`. */
  via: string;
}

/**
 * The flag on each grant still open when its ticket closed; its reason is also the revocation note.
 *
 * @example
 * flagTicketClosed({ ticketId: '48271', status: 'solved', via: 'api' }, at).reason
 * // 'Ticket 48271 was solved (api) while access was open'
 */
export function flagTicketClosed(report: TicketClosed, at: string): Flag {
  const reason = `Ticket ${report.ticketId} was ${report.status} (${report.via}) while access was open`;
  return flag('ticket_closed_while_open', reason, at);
}

/**
 * An emergency session no lead reviewed within the admin's limit (settings.notifications).
 *
 * @example flagReviewOverdue(1440, at) // review_overdue: 'Emergency session not reviewed within 24 h'
 */
export function flagReviewOverdue(limitMinutes: number, at: string): Flag {
  const limit = limitMinutes % 60 === 0 ? `${limitMinutes / 60} h` : `${limitMinutes} minutes`;
  return flag('review_overdue', `Emergency session not reviewed within ${limit}`, at);
}

/**
 * The median of `values`, or null when there are too few to call anything usual.
 *
 * @example usualOf([1, 9, 5, 4, 6]) // 5
 */
export function usualOf(values: number[]): number | null {
  if (values.length < USUAL_MIN_SAMPLES) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Adds flags whose code is not there yet; a flag once raised stays.
 *
 * @example mergeFlags([afterHours], [afterHoursAgain, shadow]) // [afterHours, shadow]
 */
export function mergeFlags(existing: Flag[], added: Flag[]): Flag[] {
  const codes = new Set(existing.map((f) => f.code));
  return [...existing, ...added.filter((f) => !codes.has(f.code) && codes.add(f.code))];
}
