import { describe, expect, it } from 'vitest';
import { apiFilter, dateOfDay, dayOf, filterFromQuery } from './history-filters.js';

describe('history filters', () => {
  it('reads the URL and sends whole UTC days with an inclusive end', () => {
    const form = filterFromQuery(new URLSearchParams('agent=Ann&from=2026-11-23&to=2026-11-23&flag=after_hours&x=1'));
    expect(form).toEqual({
      ticketId: '',
      customerId: '',
      agent: 'Ann',
      status: '',
      flag: 'after_hours',
      from: '2026-11-23',
      to: '2026-11-23',
    });
    expect(apiFilter(form)).toEqual({
      agent: 'Ann',
      flag: 'after_hours',
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
    expect(apiFilter({ ...form, from: 'nonsense', to: '' })).toEqual({ agent: 'Ann', flag: 'after_hours' });
  });

  it('turns picker dates into days and back on the local calendar', () => {
    expect(dayOf(new Date(2026, 0, 5))).toBe('2026-01-05');
    expect(dateOfDay('2026-01-05')?.getDate()).toBe(5);
    expect(dateOfDay('5 Jan')).toBeUndefined();
  });
});
