import { describe, expect, it } from 'vitest';
import type { AccessEvent, Session } from '../../../shared/grants.js';
import { ageText, csvCell, sessionsCsv, viewedLine } from './session-facts.js';

const session = (o: Partial<Session>) =>
  ({
    id: 'gr_1',
    ticket: { id: '48271', url: null },
    requester: { id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com' },
    customerId: '1842',
    status: 'ended',
    systems: ['billing-db'],
    flags: [],
    viewed: [],
    emergency: null,
    decision: null,
    ...o,
  }) as Session;

const event = (o: Partial<AccessEvent>): AccessEvent => ({
  id: 1,
  kind: 'query',
  target: 't',
  fields: [],
  recordCount: null,
  queryName: null,
  occurredAt: '2026-11-23T10:00:00.000Z',
  actorId: 'agent-ann',
  accepted: true,
  source: 'gateway',
  maskedFields: [],
  customerId: null,
  parameters: null,
  ...o,
});

describe('session facts', () => {
  it('sums what was viewed into one line: kinds, rows, distinct fields, distinct masked', () => {
    const events = [
      event({ recordCount: 20, fields: ['a', 'b', 'email'], maskedFields: ['email'] }),
      event({ recordCount: 7, fields: ['a', 'c'], maskedFields: [] }),
      event({ recordCount: 0, fields: ['d', 'phone'], maskedFields: ['phone'] }),
      event({ kind: 'view', fields: ['a'] }),
    ];
    expect(viewedLine(events)).toBe('3 queries, 1 view, 27 rows, 6 fields, 2 masked');
    expect(viewedLine([event({ kind: 'view', recordCount: 1, fields: ['x'] })])).toBe('1 view, 1 row, 1 field');
    expect(viewedLine([])).toBe('nothing viewed');
  });

  it('writes CSV cells that survive commas, quotes, line breaks and spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    const csv = sessionsCsv([session({ reason: 'Line one,\nline two' })]);
    expect(csv.split('\r\n')[0]).toMatch(/^id,ticket,agent,customer,status/);
    expect(csv).toContain('"Line one,\nline two"');
  });

  it('says waiting ages in minutes, hours or days', () => {
    expect(ageText(0.5)).toBe('30 min');
    expect(ageText(5.46)).toBe('5.5 h');
    expect(ageText(80)).toBe('3 days');
  });
});
