/**
 * The grant rules, once: the status a grant has now, which statuses are open, which action may
 * move a grant from which status, who may approve at a given time, and which durations are allowed.
 * Pure functions used by the server (the rule and its SQL), the sidebar and the console.
 */
// No zod here: the sidebar bundles this module, and zod would cost bytes and an eval probe the
// pages' Content-Security-Policy refuses. The contract (grants.ts) builds its enum from these.
import type { Settings } from './settings.js';
import { isBusinessHours } from './time.js';

export const GRANT_STATUSES = [
  'pending',
  'approved',
  'active',
  'ended',
  'expired',
  'revoked',
  'denied',
  'cancelled',
  'lapsed',
] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
/** The statuses that block closing the ticket; SQL predicates are built from this list. */
export const OPEN_STATUSES = ['pending', 'approved', 'active'] as const satisfies readonly GrantStatus[];

/** What expiry needs of a grant, by API field names (the server maps its row). */
export interface GrantClock {
  status: GrantStatus;
  expiresAt: string | null;
  startBy: string | null;
}

interface Clock {
  /** The `GrantClock` time that ends the status. */
  at: 'expiresAt' | 'startBy';
  becomes: GrantStatus;
  /** The transition that records it. */
  action: GrantAction;
}

/**
 * The statuses the clock ends by itself: once the named time has come, the stored status reads as
 * the next one (the sweeper records it later). `effectiveStatus` and the server's SQL ("open now",
 * "due for the sweeper") are both built from this table.
 */
export const CLOCKED = {
  active: { at: 'expiresAt', becomes: 'expired', action: 'expire' },
  approved: { at: 'startBy', becomes: 'lapsed', action: 'lapse' },
} as const satisfies Partial<Record<GrantStatus, Clock>>;

type ClockRule = (typeof CLOCKED)[keyof typeof CLOCKED];

/**
 * The clock rule that applies to `status`, if any.
 *
 * @example clockOf('active') // { at: 'expiresAt', becomes: 'expired', action: 'expire' }
 */
export const clockOf = (status: GrantStatus): ClockRule | undefined =>
  (CLOCKED as Partial<Record<GrantStatus, ClockRule>>)[status];

/**
 * The status a grant has *now*, decided from stored times: an active grant past `expiresAt` is
 * expired and an approved grant past `startBy` has lapsed, whether or not the sweeper has run.
 *
 * @example effectiveStatus({ status: 'active', expiresAt: '2026-11-23T10:30:00Z', startBy: null },
 * '2026-11-23T10:31:00Z') // 'expired'
 */
export function effectiveStatus(grant: GrantClock, nowIso: string): GrantStatus {
  const clock = clockOf(grant.status);
  if (!clock) return grant.status;
  const due = grant[clock.at];
  return due !== null && due <= nowIso ? clock.becomes : grant.status;
}

/** How a started session closes: by its requester, by the clock, or by a lead (or the ticket closing). */
export const SESSION_END_STATUSES = ['ended', 'expired', 'revoked'] as const satisfies readonly GrantStatus[];
export type SessionEndStatus = (typeof SESSION_END_STATUSES)[number];

/**
 * Whether the requester may still record the outcome of a grant that closed without one: the
 * clock or a lead ended it first, so the trail would otherwise never say what happened.
 *
 * @example outcomeStillOwed('expired', false) // true
 */
export const outcomeStillOwed = (status: GrantStatus, hasOutcome: boolean): boolean =>
  !hasOutcome && (status === 'expired' || status === 'revoked');

const OPEN = new Set<GrantStatus>(OPEN_STATUSES);

/** Pending, approved and active grants are open: they block closing the ticket. */
export const isOpen = (status: GrantStatus): boolean => OPEN.has(status);

/** Every change a grant can go through, with the statuses it may start from. */
export const TRANSITIONS = {
  approve: ['pending'],
  deny: ['pending'],
  cancel: ['pending', 'approved'],
  start: ['approved'],
  end: ['active'],
  extend: ['active'],
  revoke: ['pending', 'approved', 'active'],
  expire: ['active'],
  lapse: ['approved'],
  /** A request nobody decided within the admin's pending limit ends as `cancelled` (cause `pending_limit`). */
  time_out: ['pending'],
} as const satisfies Record<string, readonly GrantStatus[]>;

export type GrantAction = keyof typeof TRANSITIONS;

/** Whether `action` may move a grant whose effective status is `status`. */
export function canTransition(action: GrantAction, status: GrantStatus): boolean {
  return (TRANSITIONS[action] as readonly GrantStatus[]).includes(status);
}

type ApprovalSettings = Pick<Settings, 'approvers' | 'afterHoursApprovers' | 'businessHours'>;

/**
 * Who may approve at `at`: the named approvers always, and the after-hours rota too outside
 * business hours (on the admin's wall clock and time zone).
 *
 * @example approversAt(settings, new Date('2026-11-23T22:00:00Z')) // ['lead-lee', 'admin-ada']
 */
export function approversAt(settings: ApprovalSettings, at: Date): string[] {
  if (isBusinessHours(at, settings.businessHours)) return [...settings.approvers];
  return [...new Set([...settings.approvers, ...settings.afterHoursApprovers])];
}

/** Whether `userId` may approve at `at` (never their own request: the caller checks that). */
export const canApprove = (settings: ApprovalSettings, userId: string, at: Date): boolean =>
  approversAt(settings, at).includes(userId);

/** Whether `userId` approves at some time of the day (named or on the rota). */
export const isApprover = (settings: Pick<Settings, 'approvers' | 'afterHoursApprovers'>, userId: string): boolean =>
  settings.approvers.includes(userId) || settings.afterHoursApprovers.includes(userId);

/** Why a duration is not allowed, or null when it is: at most the maximum, and one of the allowed list. */
export function durationProblem(
  settings: Pick<Settings, 'maxDurationMinutes' | 'allowedDurationsMinutes'>,
  minutes: number,
): string | null {
  if (minutes > settings.maxDurationMinutes) {
    return `${minutes} minutes is above the maximum of ${settings.maxDurationMinutes} minutes set by your admin`;
  }
  if (!settings.allowedDurationsMinutes.includes(minutes)) {
    return `${minutes} is not one of the allowed durations (${settings.allowedDurationsMinutes.join(', ')} minutes)`;
  }
  return null;
}
