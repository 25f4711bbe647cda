import { describe, expect, it } from 'vitest';
import { GRANT_STATUSES } from './grant-rules.js';
import {
  approversAt,
  canApprove,
  canTransition,
  durationProblem,
  effectiveStatus,
  isApprover,
  isOpen,
  TRANSITIONS,
} from './grant-rules.js';
import { CLOCKED, clockOf, outcomeStillOwed, SESSION_END_STATUSES } from './grant-rules.js';

const NOW = '2026-11-23T10:00:00.000Z';
const hours = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const,
  start: '09:00',
  end: '17:00',
  timeZone: 'Europe/London',
};
const settings = {
  approvers: ['lead-lee'],
  afterHoursApprovers: ['admin-ada', 'lead-lee'],
  businessHours: { ...hours, days: [...hours.days] },
};

describe('effectiveStatus', () => {
  it('reads an active grant past expiresAt as expired, at the very instant and after', () => {
    expect(effectiveStatus({ status: 'active', expiresAt: NOW, startBy: null }, NOW)).toBe('expired');
    expect(effectiveStatus({ status: 'active', expiresAt: '2026-11-23T10:00:00.001Z', startBy: null }, NOW)).toBe(
      'active',
    );
  });

  it('reads an approved grant past startBy as lapsed', () => {
    expect(effectiveStatus({ status: 'approved', expiresAt: null, startBy: '2026-11-23T09:59:00.000Z' }, NOW)).toBe(
      'lapsed',
    );
    expect(effectiveStatus({ status: 'approved', expiresAt: null, startBy: '2026-11-23T10:15:00.000Z' }, NOW)).toBe(
      'approved',
    );
  });

  it('leaves every other status as stored', () => {
    for (const status of GRANT_STATUSES.filter((s) => s !== 'active' && s !== 'approved')) {
      expect(
        effectiveStatus({ status, expiresAt: '2000-01-01T00:00:00.000Z', startBy: '2000-01-01T00:00:00.000Z' }, NOW),
      ).toBe(status);
    }
  });
});

describe('isOpen and the transition table', () => {
  it('counts pending, approved and active as open, and nothing else', () => {
    expect(GRANT_STATUSES.filter(isOpen)).toEqual(['pending', 'approved', 'active']);
  });

  it('moves a grant only from the statuses each action names', () => {
    expect(canTransition('approve', 'pending')).toBe(true);
    expect(canTransition('approve', 'approved')).toBe(false);
    expect(canTransition('start', 'lapsed')).toBe(false);
    expect(canTransition('cancel', 'active')).toBe(false);
    expect(canTransition('revoke', 'active')).toBe(true);
    expect(canTransition('end', 'expired')).toBe(false);
    // Only an undecided request times out; an approved one lapses by its start window instead.
    expect(canTransition('time_out', 'pending')).toBe(true);
    expect(canTransition('time_out', 'approved')).toBe(false);
    // No action leaves a closed status: ended, expired, revoked, denied, cancelled and lapsed are final.
    for (const status of GRANT_STATUSES.filter((s) => !isOpen(s))) {
      expect(Object.values(TRANSITIONS).some((from) => (from as readonly string[]).includes(status))).toBe(false);
    }
  });
});

describe('who may approve', () => {
  const monday10 = new Date('2026-11-23T10:00:00Z'); // in business hours in London
  const monday22 = new Date('2026-11-23T22:00:00Z');
  const saturday = new Date('2026-11-28T11:00:00Z');

  it('is the named approvers in business hours', () => {
    expect(approversAt(settings, monday10)).toEqual(['lead-lee']);
    expect(canApprove(settings, 'admin-ada', monday10)).toBe(false);
  });

  it('adds the after-hours rota outside business hours and on days off, without repeating a name', () => {
    expect(approversAt(settings, monday22)).toEqual(['lead-lee', 'admin-ada']);
    expect(canApprove(settings, 'admin-ada', saturday)).toBe(true);
    expect(canApprove(settings, 'agent-bob', monday22)).toBe(false);
  });

  it("reads business hours on the admin's time zone", () => {
    const newYork = { ...settings, businessHours: { ...settings.businessHours, timeZone: 'America/New_York' } };
    expect(approversAt(newYork, monday10)).toEqual(['lead-lee', 'admin-ada']); // 05:00 in New York
  });

  it('knows an approver by either list', () => {
    expect(isApprover(settings, 'admin-ada')).toBe(true);
    expect(isApprover(settings, 'agent-ann')).toBe(false);
  });
});

describe('durationProblem', () => {
  const rules = { maxDurationMinutes: 240, allowedDurationsMinutes: [15, 30, 60, 120, 240] };
  it('allows the listed durations up to the maximum, and names what is wrong otherwise', () => {
    expect(durationProblem(rules, 30)).toBeNull();
    expect(durationProblem(rules, 480)).toBe('480 minutes is above the maximum of 240 minutes set by your admin');
    expect(durationProblem(rules, 45)).toBe('45 is not one of the allowed durations (15, 30, 60, 120, 240 minutes)');
  });
});

describe('the clock table', () => {
  it('names, for each clocked status, the time that ends it, what it becomes and the action that records it', () => {
    expect(clockOf('active')).toEqual({ at: 'expiresAt', becomes: 'expired', action: 'expire' });
    expect(clockOf('approved')).toEqual({ at: 'startBy', becomes: 'lapsed', action: 'lapse' });
    expect(GRANT_STATUSES.filter((s) => clockOf(s))).toEqual(['approved', 'active']);
  });

  it('moves only open statuses, each by an action the transition table allows from it', () => {
    for (const [from, clock] of Object.entries(CLOCKED)) {
      expect(isOpen(from as 'active')).toBe(true);
      expect(isOpen(clock.becomes)).toBe(false);
      expect(canTransition(clock.action, from as 'active')).toBe(true);
    }
  });

  it('leaves a clocked status alone while its time is missing', () => {
    expect(effectiveStatus({ status: 'active', expiresAt: null, startBy: '2000-01-01T00:00:00.000Z' }, NOW)).toBe(
      'active',
    );
    expect(effectiveStatus({ status: 'approved', expiresAt: '2000-01-01T00:00:00.000Z', startBy: null }, NOW)).toBe(
      'approved',
    );
  });
});

describe('how sessions end and outcomes owed', () => {
  it('ends a session as ended, expired or revoked, all closed statuses', () => {
    expect(SESSION_END_STATUSES).toEqual(['ended', 'expired', 'revoked']);
    expect(SESSION_END_STATUSES.some(isOpen)).toBe(false);
  });

  it('still takes the outcome of a grant expired or revoked without one, once', () => {
    expect(outcomeStillOwed('expired', false)).toBe(true);
    expect(outcomeStillOwed('revoked', false)).toBe(true);
    expect(outcomeStillOwed('expired', true)).toBe(false);
    for (const status of GRANT_STATUSES.filter((s) => s !== 'expired' && s !== 'revoked'))
      expect(outcomeStillOwed(status, false)).toBe(false);
  });
});
