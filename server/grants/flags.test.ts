import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callWithBearer, issueIntegration } from '../test/bearer.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { defaultSettings } from '../../shared/settings.js';
import {
  flagsAtClose,
  flagsAtRequest,
  flagsAtStart,
  flagShadowAccess,
  flagTicketClosed,
  mergeFlags,
  usualOf,
  type ClosingSession,
} from './flags.js';

const outcome = { summary: 'Checked the refund; nothing changed', changedData: false, exposedBeyondScope: false };

// The flag builders on their own, without HTTP: each flag's rule and its threshold edges.
const AT = '2026-11-23T10:00:00.000Z'; // a Monday, 10:00 UTC: inside the default business hours
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('flagsAtRequest', () => {
  const read = { access: 'read' as const, reasonVague: false };
  it('raises nothing for a plain read request with a clear reason', () => {
    expect(flagsAtRequest(read, AT)).toEqual([]);
  });

  it('flags break-glass, write access and a vague reason, quoting what was said', () => {
    const flags = flagsAtRequest(
      {
        access: 'write',
        writeNeed: 'Reset refund 9912',
        emergency: { justification: 'Refunds down for everyone' },
        reasonVague: true,
      },
      AT,
    );
    expect(codes(flags)).toEqual(['emergency', 'write_access', 'vague_reason']);
    expect(flags[0]).toEqual({
      code: 'emergency',
      reason: 'Break-glass access without prior approval: "Refunds down for everyone"',
      at: AT,
    });
    expect(flags[1]!.reason).toBe('Write access requested: "Reset refund 9912"');
  });
});

describe('flagsAtStart', () => {
  it("flags a start outside business hours on the admin's clock, and not one inside", () => {
    expect(flagsAtStart(AT, defaultSettings)).toEqual([]);
    const evening = '2026-11-23T18:00:00.000Z'; // the end of the day is outside
    expect(flagsAtStart(evening, defaultSettings)).toEqual([
      {
        code: 'after_hours',
        reason: 'Started outside business hours (mon, tue, wed, thu, fri 08:00–18:00 UTC)',
        at: evening,
      },
    ]);
    const tokyo = { ...defaultSettings, businessHours: { ...defaultSettings.businessHours, timeZone: 'Asia/Tokyo' } };
    expect(codes(flagsAtStart(AT, tokyo))).toEqual(['after_hours']); // 19:00 in Tokyo
  });
});

describe('flagsAtClose', () => {
  const session = (minutes: number, patch: Partial<ClosingSession> = {}): ClosingSession => ({
    startedAt: AT,
    endedAt: new Date(Date.parse(AT) + minutes * 60_000).toISOString(),
    recordCount: 1,
    usualMinutes: null,
    otherCustomers: [],
    scopeCustomer: '1842',
    ...patch,
  });

  it('flags a session over the long-session threshold, not one exactly at it', () => {
    expect(flagsAtClose(session(120), defaultSettings)).toEqual([]);
    expect(flagsAtClose(session(121), defaultSettings)).toEqual([
      { code: 'long_session', reason: 'Session lasted 121 minutes; the threshold is 120', at: session(121).endedAt },
    ]);
  });

  it('flags a session of 10 minutes or more that is over three times the usual', () => {
    expect(flagsAtClose(session(9.9, { usualMinutes: 2 }), defaultSettings)).toEqual([]);
    expect(flagsAtClose(session(15, { usualMinutes: 5 }), defaultSettings)).toEqual([]);
    expect(flagsAtClose(session(16, { usualMinutes: 5 }), defaultSettings)[0]!.reason).toBe(
      'Session lasted 16 minutes, over 3× the usual 5 for these systems',
    );
  });

  it('flags more records than the threshold, else customers beyond the one in scope', () => {
    expect(flagsAtClose(session(5, { recordCount: 500 }), defaultSettings)).toEqual([]);
    expect(flagsAtClose(session(5, { recordCount: 501 }), defaultSettings)[0]!.reason).toBe(
      '501 records accessed; the threshold is 500',
    );
    const beyond = flagsAtClose(session(5, { otherCustomers: ['2207', '3301'] }), defaultSettings);
    expect(beyond.map((f) => f.reason)).toEqual(['Touched 3 customers (2207, 3301 beyond 1842 in scope)']);
    // One broad_access flag, the record count taking precedence.
    expect(codes(flagsAtClose(session(5, { recordCount: 501, otherCustomers: ['2207'] }), defaultSettings))).toEqual([
      'broad_access',
    ]);
  });
});

describe('flagShadowAccess and flagTicketClosed', () => {
  it('says why the access was shadow access', () => {
    expect(flagShadowAccess({ grantStatus: 'expired' }, AT)).toEqual({
      code: 'shadow_access',
      reason: 'Access reported while the grant was expired',
      at: AT,
    });
    expect(flagShadowAccess({ eventsOutsideWindow: 3 }, AT).reason).toBe(
      "3 event(s) reported outside the grant's active window",
    );
  });

  it('names the ticket, its status and who reported it', () => {
    expect(flagTicketClosed({ ticketId: '48271', status: 'solved', via: 'zendesk webhook' }, AT)).toEqual({
      code: 'ticket_closed_while_open',
      reason: 'Ticket 48271 was solved (zendesk webhook) while access was open',
      at: AT,
    });
  });
});

describe('mergeFlags', () => {
  it('adds only codes not raised yet, keeping the first of each', () => {
    const first = flagShadowAccess({ grantStatus: 'pending' }, AT);
    const again = flagShadowAccess({ eventsOutsideWindow: 1 }, '2026-11-23T11:00:00.000Z');
    const closed = flagTicketClosed({ ticketId: '1', status: 'closed', via: 'api' }, AT);
    expect(mergeFlags([first], [again, closed, closed])).toEqual([first, closed]);
  });
});

describe('usualOf', () => {
  it('is the median once there are five samples, and nothing before', () => {
    expect(usualOf([5, 5, 5, 5])).toBeNull();
    expect(usualOf([1, 9, 5, 4, 6])).toBe(5);
    expect(usualOf([1, 2, 3, 4, 5, 6])).toBe(3.5);
  });
});

describe.each(testDialects)('review flags on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  /** Runs a whole session and returns the flag codes it ended with. */
  async function session(
    opts: {
      request?: Record<string, unknown>;
      minutes?: number;
      events?: unknown[];
      user?: string;
      end?: 'end' | 'expire';
    } = {},
  ) {
    const user = opts.user ?? 'agent-ann';
    const created = await t.call(user, 'POST', '/v1/grants', seedRequest({ durationMinutes: 60, ...opts.request }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    if (created.body.status === 'pending') {
      await t.call('lead-lee', 'POST', `/v1/grants/${id}/approve`, {});
      await t.call(user, 'POST', `/v1/grants/${id}/start`);
    }
    if (opts.events)
      expect((await t.call(user, 'POST', `/v1/grants/${id}/events`, { events: opts.events })).status).toBe(202);
    t.clock.advance(opts.minutes ?? 4);
    if (opts.end !== 'expire') await t.call(user, 'POST', `/v1/grants/${id}/end`, { outcome });
    const grant = (await t.call('lead-lee', 'GET', `/v1/grants/${id}`)).body;
    t.clock.advance(1);
    return { id, codes: grant.flags.map((f: { code: string }) => f.code).sort() as string[], flags: grant.flags };
  }

  it('raises nothing for an ordinary read session in business hours', async () => {
    expect((await session({ events: [{ kind: 'view', target: 'refund 9912', recordCount: 1 }] })).codes).toEqual([]);
  });

  it.each<[string, Parameters<typeof session>[0], string[]]>([
    [
      'write access',
      { request: { access: 'write', writeNeed: 'Reset refund 9912 to the retry state' } },
      ['write_access'],
    ],
    [
      'emergency',
      { request: { emergency: { justification: 'Refunds failing for every customer right now' } } },
      ['emergency'],
    ],
    [
      'a vague-but-accepted reason',
      { request: { reason: 'Billing keeps failing for this customer since last week' } },
      ['vague_reason'],
    ],
    ['a session over the threshold', { minutes: 125, request: { durationMinutes: 240 } }, ['long_session']],
    [
      'more records than the threshold',
      { events: [{ kind: 'export', target: 'refunds', recordCount: 501 }] },
      ['broad_access'],
    ],
    ['exactly the record threshold', { events: [{ kind: 'export', target: 'refunds', recordCount: 500 }] }, []],
    [
      'a customer beyond the scope',
      { events: [{ kind: 'view', target: 'customer 2207', customerId: '2207' }] },
      ['broad_access'],
    ],
    ['only the customer in scope', { events: [{ kind: 'view', target: 'customer 1842', customerId: '1842' }] }, []],
  ])('flags %s', async (_label, opts, expected) => {
    expect((await session(opts)).codes).toEqual(expected);
  });

  it('flags after-hours starts in the admin’s time zone, not daytime ones', async () => {
    t.clock.set('2026-11-23T21:30:00.000Z');
    const { codes, flags } = await session({});
    expect(codes).toEqual(['after_hours']);
    expect(flags[0].reason).toMatch(/mon, tue, wed, thu, fri 08:00–18:00 UTC/);
    const settings = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...settings,
      businessHours: { ...settings.businessHours, timeZone: 'America/Los_Angeles' },
    });
    t.clock.set('2026-11-23T21:30:00.000Z'); // 13:30 in Los Angeles
    expect((await session({})).codes).toEqual([]);
  });

  it('flags a session far above the usual for the same systems, not one in line with it', async () => {
    for (let i = 0; i < 5; i += 1) expect((await session({ minutes: 5 })).codes).toEqual([]);
    expect((await session({ minutes: 12 })).codes).toEqual([]);
    const far = await session({ minutes: 20 });
    expect(far.codes).toEqual(['long_session']);
    expect(far.flags[0].reason).toMatch(/over 3× the usual 5 for these systems/);
    // Other systems have their own usual.
    expect((await session({ minutes: 20, request: { systems: ['app-logs'] } })).codes).toEqual([]);
  });

  it('flags shadow access and tickets closed while access was open', async () => {
    const { id } = await session({});
    expect(
      (
        await t.call('agent-ann', 'POST', `/v1/grants/${id}/events`, {
          events: [{ kind: 'view', target: 'refund 9912' }],
        })
      ).status,
    ).toBe(409);
    expect(
      (await t.call('lead-lee', 'GET', `/v1/grants/${id}`)).body.flags.map((f: { code: string }) => f.code),
    ).toEqual(['shadow_access']);

    const open = (await t.call('agent-bob', 'POST', '/v1/grants', seedRequest())).body;
    const { secret } = await issueIntegration(t);
    const report = { status: 'solved', via: 'api' };
    const closed = await callWithBearer(t, secret, 'POST', '/v1/tickets/48271/closed', report);
    expect(closed.status).toBe(200);
    expect(
      (await t.call('lead-lee', 'GET', `/v1/grants/${open.id}`)).body.flags.map((f: { code: string }) => f.code),
    ).toEqual(['ticket_closed_while_open']);
  });
});
