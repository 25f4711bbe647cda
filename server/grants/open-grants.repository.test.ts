import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GrantRow } from '../db/database.js';
import { seedDemo } from '../demo/seed.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { findGrant, insertGrant } from './grants.repository.js';
import { listOpenGrantsForTicket } from './open-grants.repository.js';

/** Counts the queries that reach the database through this plugin. */
function grantReads() {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args: { node: RootOperationNode }) => args.node,
    transformResult: async (args) => {
      count += 1;
      return args.result;
    },
  };
  return { plugin, count: () => count };
}

describe.each(testDialects)('open grants of a ticket on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  /** A pending grant on `ticketId`, through the API. */
  async function pendingOn(ticketId: string, user = 'agent-ann', customerId = '1842'): Promise<string> {
    const res = await t.call(user, 'POST', '/v1/grants', seedRequest({ ticketId, customerId }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** A copy of a stored grant under another id (and tenant, ticket, status or times). */
  async function copyOf(id: string, patch: Partial<GrantRow>): Promise<string> {
    const row = (await findGrant(t.db, 'demo', id))!;
    const copy = { ...row, ...patch };
    await insertGrant(t.db, copy);
    return copy.id;
  }

  it('answers calls made together with one read, each with its own ticket’s open grants', async () => {
    const a1 = await pendingOn('1001');
    const a2 = await pendingOn('1001', 'agent-bob');
    const b1 = await pendingOn('1002');
    await copyOf(b1, { id: 'gr_ended_on_1003', ticket_id: '1003', status: 'ended', ended_at: t.clock.iso() });
    const reads = grantReads();
    const db = t.db.withPlugin(reads.plugin);
    const now = t.clock.iso();

    const tickets = ['1001', '1002', '1003', '1004', '1001'];
    const answers = await Promise.all(tickets.map((ticket) => listOpenGrantsForTicket(db, 'demo', ticket, now)));

    expect(answers.map((rows) => rows.map((r) => r.id).sort())).toEqual([
      [a1, a2].sort(),
      [b1],
      [],
      [],
      [a1, a2].sort(),
    ]);
    expect(reads.count()).toBe(1);
    // One at a time, every call reads on its own.
    for (const ticket of tickets) await listOpenGrantsForTicket(db, 'demo', ticket, now);
    expect(reads.count()).toBe(1 + tickets.length);
  });

  it('keeps tenants apart inside one read', async () => {
    await seedDemo(t.db, 'acme', t.clock.iso());
    const mine = await pendingOn('2001');
    const theirs = await copyOf(mine, { id: 'gr_other_tenant_2001', tenant: 'acme' });
    const now = t.clock.iso();
    const [demo, acme, acmeOther] = await Promise.all([
      listOpenGrantsForTicket(t.db, 'demo', '2001', now),
      listOpenGrantsForTicket(t.db, 'acme', '2001', now),
      listOpenGrantsForTicket(t.db, 'acme', '2002', now),
    ]);
    expect(demo.map((r) => r.id)).toEqual([mine]);
    expect(acme.map((r) => r.id)).toEqual([theirs]);
    expect(acmeOther).toEqual([]);
  });

  it('decides "open now" with each caller’s clock and sorts newest first', async () => {
    const first = await pendingOn('3001');
    t.clock.advance(5);
    const second = await pendingOn('3001', 'agent-bob');
    // An active grant already past its expiry is not open, whatever its stored status says.
    await copyOf(first, {
      id: 'gr_active_past_expiry',
      status: 'active',
      started_at: '2026-11-23T08:00:00.000Z',
      expires_at: '2026-11-23T09:00:00.000Z',
    });
    await copyOf(first, {
      id: 'gr_active_until_noon',
      status: 'active',
      started_at: '2026-11-23T09:30:00.000Z',
      expires_at: '2026-11-23T12:00:00.000Z',
      requested_at: '2026-11-23T09:29:00.000Z',
    });
    const [before, after] = await Promise.all([
      listOpenGrantsForTicket(t.db, 'demo', '3001', t.clock.iso()),
      listOpenGrantsForTicket(t.db, 'demo', '3001', '2026-11-23T12:30:00.000Z'),
    ]);
    expect(before.map((r) => r.id)).toEqual([second, first, 'gr_active_until_noon']);
    expect(after.map((r) => r.id)).toEqual([second, first]);
  });

  it('splits a crowd of tickets into reads of at most 256 and answers every one', async () => {
    const open = await pendingOn('4000');
    for (let i = 1; i <= 5; i++) await copyOf(open, { id: `gr_crowd_${i}`, ticket_id: String(4000 + i * 60) });
    const reads = grantReads();
    const db = t.db.withPlugin(reads.plugin);
    const now = t.clock.iso();
    const tickets = Array.from({ length: 300 }, (_, i) => String(4000 + i));
    const answers = await Promise.all(tickets.map((ticket) => listOpenGrantsForTicket(db, 'demo', ticket, now)));
    const withOpen = tickets.filter((_, i) => answers[i]!.length > 0);
    expect(withOpen).toEqual(['4000', '4060', '4120', '4180', '4240']);
    expect(answers[60]!.map((r) => r.id)).toEqual(['gr_crowd_1']);
    expect(reads.count()).toBe(2);
  });

  it('inside a transaction reads at once, on the transaction (its own uncommitted grants included)', async () => {
    const open = await pendingOn('5001');
    const seen = await t.db.transaction().execute(async (trx) => {
      await insertGrant(trx, { ...(await findGrant(trx, 'demo', open))!, id: 'gr_in_this_trx', ticket_id: '5002' });
      return listOpenGrantsForTicket(trx, 'demo', '5002', t.clock.iso());
    });
    expect(seen.map((r) => r.id)).toEqual(['gr_in_this_trx']);
  });

  it('hands a failed read to every caller waiting on it', async () => {
    const failing: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async () => {
        throw new Error('database went away');
      },
    };
    const db = t.db.withPlugin(failing);
    const results = await Promise.allSettled(
      ['6001', '6002'].map((ticket) => listOpenGrantsForTicket(db, 'demo', ticket, t.clock.iso())),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The next turn reads again.
    expect(await listOpenGrantsForTicket(t.db, 'demo', '6001', t.clock.iso())).toEqual([]);
  });
});
