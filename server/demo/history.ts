import type { Actor, Deps } from '../app-env.js';
import type { AccessEventInput } from '../../shared/grants.js';
import { recordAccessEvents } from '../grants/access-events.service.js';
import {
  approveGrant,
  cancelGrant,
  denyGrant,
  endGrant,
  requestGrant,
  revokeGrant,
  startGrant,
  sweepDueGrants,
  type CreateGrantRequest,
} from '../grants/grants.service.js';
import { recordReview } from '../reviews/reviews.service.js';
import { DEV_TENANT } from '../auth/dev-auth.js';
import { demoUsers } from './seed.js';

// Thirty days of support work for the demo, written through the same services (and so the same
// audit chain) as real requests, on a clock the seed moves by hand. A seeded generator picks who,
// when and what, so two seeds from the same moment write the same rows.

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export const historyAgents = [
  { id: 'agent-cal', name: 'Cal Carter', email: 'cal@example.com', role: 'agent' },
  { id: 'agent-dee', name: 'Dee Diaz', email: 'dee@example.com', role: 'agent' },
] as const;
const historyCustomers = [
  { id: '4410', name: 'Orchid Dental' },
  { id: '5127', name: 'Summit Bikes' },
  { id: '6033', name: 'Lumen Labs' },
];
const CUSTOMERS = ['1842', '2207', '3120', '4410', '5127', '6033'];
const SYSTEMS = [
  ['billing-db'],
  ['payments-gateway'],
  ['billing-db', 'payments-gateway'],
  ['accounts-admin'],
  ['app-logs'],
];
const REASONS = [
  'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912',
  'Check whether the invoice for November was charged twice on the customer card after the retry job',
  'Confirm the SSO mapping for the account owner after the identity provider change broke sign-in',
  'Look up why the subscription renewal failed with a declined card although the card was updated',
  'Inspect the export job log for the customer because the CSV report came back empty twice',
  'Find out why the shipping address on order 55102 reverted to the old one after the customer edited it',
  'Check the webhook delivery log for the customer because order notifications stopped on Monday',
];
const VAGUE = 'billing keeps failing for this customer';
const QUERIES: Array<{ name: string; fields: string[]; masked: string[] }> = [
  {
    name: 'refund-with-gateway-response',
    fields: ['refund_id', 'status', 'gateway_code', 'amount', 'email'],
    masked: ['email'],
  },
  { name: 'invoices-for-customer', fields: ['invoice_id', 'amount', 'status', 'card_token'], masked: ['card_token'] },
  { name: 'login-events', fields: ['at', 'ip', 'result', 'person_name'], masked: ['person_name'] },
];
const OUTCOMES = [
  'Found the failed gateway call; billing re-queued the refund',
  'Confirmed the double charge; finance refunds the second one',
  'Mapping fixed on the identity provider side; nothing changed here',
  'The export ran against an empty filter; told the customer how to set it',
];

/** mulberry32: a small seeded generator, so the demo is the same on every machine. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Kind =
  | 'normal'
  | 'emergency'
  | 'write'
  | 'long'
  | 'broad'
  | 'revoked'
  | 'expired'
  | 'lapsed'
  | 'denied'
  | 'cancelled'
  | 'vague';
const KINDS: Array<[number, Kind]> = [
  [0.5, 'normal'],
  [0.57, 'emergency'],
  [0.63, 'write'],
  [0.69, 'long'],
  [0.74, 'broad'],
  [0.79, 'revoked'],
  [0.84, 'expired'],
  [0.88, 'lapsed'],
  [0.92, 'denied'],
  [0.96, 'cancelled'],
  [1, 'vague'],
];

export interface HistorySummary {
  sessions: number;
  kinds: Record<Kind, number>;
}

/**
 * Seeds the demo tenant's last 30 days before `anchor` (and a few requests open at `anchor`), once:
 * a tenant that already has grants is left alone.
 *
 * @example await seedDemoHistory(deps, new Date());
 */
export async function seedDemoHistory(base: Deps, anchor: Date, tenant = DEV_TENANT): Promise<HistorySummary | null> {
  const existing = await base.db
    .selectFrom('grants')
    .select('id')
    .where('tenant', '=', tenant)
    .limit(1)
    .executeTakeFirst();
  if (existing) return null;
  const at = anchor.toISOString();
  await base.db
    .insertInto('users')
    .values(historyAgents.map((u) => ({ ...u, tenant, created_at: at })))
    .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
    .execute();
  await base.db
    .insertInto('customers')
    .values(historyCustomers.map((c) => ({ ...c, tenant, created_at: at })))
    .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
    .execute();

  const rand = seeded(14);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  let clock = anchor.getTime() - 30 * DAY;
  let serial = 0;
  const deps: Deps = {
    ...base,
    now: () => new Date(clock),
    newGrantId: () =>
      `gr_demo${(++serial).toString(16).padStart(6, '0')}${Math.floor(rand() * 0xffffff)
        .toString(16)
        .padStart(6, '0')}`,
  };
  const people = [...demoUsers, ...historyAgents].map((u): Actor => ({ tenant, ...u }));
  const who = (id: string) => people.find((p) => p.id === id) as Actor;
  const agents = people.filter((p) => p.role === 'agent');
  const lee = who('lead-lee');
  const ada = who('admin-ada');
  const kinds = Object.fromEntries(KINDS.map(([, k]) => [k, 0])) as Record<Kind, number>;
  const reviewable: Array<{ id: string; at: number }> = [];
  let ticket = 47_000;
  const advance = (minutes: number) => {
    clock += Math.round(minutes * MIN);
  };
  const queries = (n: number, rows: () => number): AccessEventInput[] =>
    Array.from({ length: n }, () => {
      const q = pick(QUERIES);
      return {
        kind: 'query',
        target: q.name,
        queryName: q.name,
        fields: q.fields,
        maskedFields: q.masked,
        recordCount: rows(),
      };
    });

  async function session(kind: Kind, agent: Actor): Promise<void> {
    kinds[kind] += 1;
    ticket += 1 + Math.floor(rand() * 3);
    const customerId = pick(CUSTOMERS);
    const input: CreateGrantRequest = {
      ticketId: String(ticket),
      customerId,
      systems: kind === 'write' ? ['billing-db'] : pick(SYSTEMS),
      access: kind === 'write' ? 'write' : 'read',
      reason: kind === 'vague' ? VAGUE : pick(REASONS),
      maskedDataChecked: rand() < 0.8,
      durationMinutes: kind === 'long' ? 240 : pick([15, 30, 30, 60, 60, 120]),
      ...(kind === 'write' ? { writeNeed: 'Re-queue the failed refund after the gateway outage' } : {}),
      ...(kind === 'emergency'
        ? { emergency: { justification: 'Payments outage: the customer cannot take orders' } }
        : {}),
    };
    const grant = await requestGrant(deps, agent, input);
    advance(2 + rand() * 8);
    if (kind === 'cancelled') return void (await cancelGrant(deps, agent, grant.id));
    if (kind === 'denied')
      return void (await denyGrant(deps, lee, grant.id, 'Use the masked replica first; it has what the ticket needs'));
    if (kind !== 'emergency') {
      await approveGrant(deps, lee, grant.id, rand() < 0.5 ? 'Read only, this ticket only' : undefined);
      advance(1 + rand() * 5);
    }
    if (kind === 'lapsed') {
      advance(70);
      await sweepDueGrants(deps);
      return;
    }
    if (kind !== 'emergency') await startGrant(deps, agent, grant.id);
    advance(1 + rand() * 3);
    const events =
      kind === 'broad'
        ? queries(3, () => 300 + Math.floor(rand() * 400))
        : kind === 'write'
          ? [{ kind: 'change' as const, target: 'refund 9912', fields: ['status', 'retry_at'], recordCount: 1 }]
          : queries(1 + Math.floor(rand() * 4), () => 1 + Math.floor(rand() * 15));
    await recordAccessEvents(deps, agent, grant.id, events);
    if (kind === 'revoked') {
      advance(4);
      await revokeGrant(deps, lee, grant.id, 'Scope went beyond the ticket: queries on other orders');
    } else if (kind === 'expired') {
      advance(grant.durationMinutes + 1);
      await sweepDueGrants(deps);
    } else {
      advance(kind === 'long' ? 180 + rand() * 50 : Math.min(grant.durationMinutes - 6, 5 + rand() * 20));
      const changed = kind === 'write';
      await endGrant(deps, agent, grant.id, {
        summary: pick(OUTCOMES),
        changedData: changed,
        ...(changed ? { changes: 'Refund 9912 re-queued (status retry)' } : {}),
        exposedBeyondScope: false,
      });
    }
    reviewable.push({ id: grant.id, at: clock });
  }

  const sessions = async (day: number) => {
    const date = new Date(anchor.getTime() - (30 - day) * DAY);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    clock = Math.max(clock, dayStart + (8 * 60 + 30 + rand() * 60) * MIN);
    const count = weekend ? 1 + Math.floor(rand() * 2) : 6 + Math.floor(rand() * 4);
    for (let i = 0; i < count; i++) {
      // The last day stops in time for the history to end before the requests open at the anchor.
      if (clock > anchor.getTime() - 5 * 60 * MIN) return;
      // Weekends are after hours by definition; on weekdays one in eight starts in the evening.
      if (!weekend && i === count - 1 && rand() < 0.6)
        clock = Math.max(clock, dayStart + (19 * 60 + rand() * 180) * MIN);
      const draw = rand();
      await session(KINDS.find(([p]) => draw < p)?.[1] ?? 'normal', pick(agents));
      advance(10 + rand() * 50);
      await sweepDueGrants(deps);
    }
  };
  for (let day = 0; day < 30; day++) await sessions(day);

  // Leads have reviewed most flagged sessions older than three days; the rest wait.
  clock = Math.max(clock, anchor.getTime() - 90 * MIN);
  const flagged = await base.db
    .selectFrom('grants')
    .select(['id', 'requester_id', 'updated_at'])
    .where('tenant', '=', tenant)
    .where('flagged', '=', 1)
    .where('status', 'in', ['ended', 'expired', 'revoked'])
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
  for (const row of flagged) {
    if (Date.parse(row.updated_at) > anchor.getTime() - 3 * DAY || rand() < 0.3) continue;
    const verdict = rand() < 0.85 ? 'ok' : 'concern';
    await recordReview(deps, row.requester_id === lee.id ? ada : lee, row.id, {
      verdict,
      note:
        verdict === 'ok'
          ? 'Queries match the ticket and the outcome note'
          : 'Rows beyond what the ticket needed; talked to the agent',
    });
    advance(0.5);
  }

  // Open at the anchor: two requests waiting, one approved, two sessions running.
  clock = anchor.getTime() - 25 * MIN;
  const open = async (agent: Actor, state: 'pending' | 'approved' | 'active') => {
    ticket += 1;
    const g = await requestGrant(deps, agent, {
      ticketId: String(ticket),
      customerId: pick(CUSTOMERS),
      systems: pick(SYSTEMS),
      access: 'read',
      reason: pick(REASONS),
      maskedDataChecked: true,
      durationMinutes: 120,
    });
    advance(2);
    if (state === 'pending') return;
    await approveGrant(deps, lee, g.id);
    if (state === 'approved') return;
    await startGrant(deps, agent, g.id);
    await recordAccessEvents(
      deps,
      agent,
      g.id,
      queries(2, () => 3),
    );
  };
  await open(who('agent-dee'), 'active');
  await open(who('agent-cal'), 'active');
  await open(who('agent-ann'), 'approved');
  await open(who('agent-bob'), 'pending');
  clock = anchor.getTime() - 4 * MIN;
  await open(who('agent-dee'), 'pending');
  return { sessions: Object.values(kinds).reduce((a, b) => a + b, 0) + 5, kinds };
}
