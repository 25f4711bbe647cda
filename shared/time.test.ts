import { describe, expect, it } from 'vitest';
import {
  addMinutes,
  formatDuration,
  isBusinessHours,
  isValidTimeZone,
  secondsBetween,
  type BusinessHours,
} from './time.js';

const weekdays: BusinessHours = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '08:00',
  end: '18:00',
  timeZone: 'Europe/Berlin',
};

describe('time maths', () => {
  it('adds minutes and measures seconds between ISO times', () => {
    expect(addMinutes('2026-11-23T10:00:00.000Z', 30)).toBe('2026-11-23T10:30:00.000Z');
    expect(secondsBetween('2026-11-23T10:01:00.000Z', '2026-11-23T10:05:00.000Z')).toBe(240);
    expect(secondsBetween('2026-11-23T10:05:00.000Z', '2026-11-23T10:01:00.000Z')).toBe(0);
    expect(formatDuration(240)).toBe('4m 0s');
    expect(formatDuration(3700)).toBe('1h 1m');
  });

  it.each([
    ['2026-11-23T07:30:00.000Z', true], // Monday 08:30 in Berlin (UTC+1)
    ['2026-11-23T06:59:00.000Z', false], // Monday 07:59 in Berlin
    ['2026-11-23T16:59:00.000Z', true], // 17:59
    ['2026-11-23T17:00:00.000Z', false], // 18:00: the end is exclusive
    ['2026-11-28T10:00:00.000Z', false], // Saturday
    ['2026-07-06T06:30:00.000Z', true], // summer time: Monday 08:30 in Berlin (UTC+2)
  ])('reads business hours on the admin’s wall clock: %s → %s', (iso, expected) => {
    expect(isBusinessHours(new Date(iso), weekdays)).toBe(expected);
  });

  it('handles hours that run past midnight', () => {
    const night: BusinessHours = { days: ['mon'], start: '22:00', end: '06:00', timeZone: 'UTC' };
    expect(isBusinessHours(new Date('2026-11-23T23:00:00.000Z'), night)).toBe(true); // Monday 23:00
    expect(isBusinessHours(new Date('2026-11-24T05:00:00.000Z'), night)).toBe(true); // Tuesday 05:00 belongs to Monday's shift
    expect(isBusinessHours(new Date('2026-11-24T23:00:00.000Z'), night)).toBe(false); // Tuesday night
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
