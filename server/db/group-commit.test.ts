import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { connectDatabase } from './connect.js';
import type { Database } from './database.js';
import { groupTransaction } from './group-commit.js';

const ticket = (id: string) => ({
  tenant: 'demo',
  id,
  subject: `Ticket ${id}`,
  requester_name: 'Casey Customer',
  requester_email: 'casey@example.com',
  customer_id: null,
  status: 'open',
  created_at: '2026-11-23T10:00:00.000Z',
});

describe.each(testDialects)('group commit on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const stored = async (ids: string[]) =>
    (await t.db.selectFrom('tickets').select('id').where('id', 'in', ids).orderBy('id').execute()).map((r) => r.id);

  it(
    dialect === 'sqlite' ? 'runs the work of one turn in one transaction' : 'gives every call its own transaction',
    async () => {
      const seen: Kysely<Database>[] = [];
      await Promise.all(
        ['g1', 'g2', 'g3'].map((id) =>
          groupTransaction(t.db, async (trx) => {
            seen.push(trx);
            await trx.insertInto('tickets').values(ticket(id)).execute();
          }),
        ),
      );
      expect(new Set(seen).size).toBe(dialect === 'sqlite' ? 1 : 3);
      expect(await stored(['g1', 'g2', 'g3'])).toEqual(['g1', 'g2', 'g3']);
    },
  );

  it('rolls back only the work that failed; its caller gets the error, the others commit', async () => {
    const results = await Promise.allSettled([
      groupTransaction(t.db, async (trx) => {
        await trx.insertInto('tickets').values(ticket('ok-1')).execute();
        return 'first';
      }),
      groupTransaction(t.db, async (trx) => {
        await trx.insertInto('tickets').values(ticket('bad-1')).execute();
        throw new Error('refused after writing');
      }),
      groupTransaction(t.db, async (trx) => {
        await trx.insertInto('tickets').values(ticket('ok-1')).execute(); // duplicate key: the database refuses
        return 'never';
      }),
      groupTransaction(t.db, async (trx) => {
        await trx.insertInto('tickets').values(ticket('ok-2')).execute();
        return 'last';
      }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message.slice(0, 22)))).toEqual(
      ['first', 'refused after writing', expect.any(String), 'last'],
    );
    expect(results[2]!.status).toBe('rejected');
    expect(await stored(['ok-1', 'ok-2', 'bad-1'])).toEqual(['ok-1', 'ok-2']);
  });

  it('answers only once the work is committed (another connection already sees it)', async () => {
    const other = connectDatabase(t.database.url, t.database.schema ? { schema: t.database.schema } : {});
    try {
      const seenByOther = await Promise.all(
        ['c1', 'c2'].map((id) =>
          groupTransaction(t.db, (trx) => trx.insertInto('tickets').values(ticket(id)).execute()).then(
            async () => (await other.db.selectFrom('tickets').select('id').where('id', '=', id).execute()).length,
          ),
        ),
      );
      expect(seenByOther).toEqual([1, 1]);
    } finally {
      await other.close();
    }
  });

  it('commits a crowd in groups and answers every caller', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `crowd-${String(i).padStart(3, '0')}`);
    const results = await Promise.all(
      ids.map((id) =>
        groupTransaction(t.db, async (trx) => {
          await trx.insertInto('tickets').values(ticket(id)).execute();
          return id;
        }),
      ),
    );
    expect(results).toEqual(ids);
    expect(await stored(ids)).toEqual(ids);
  });

  it('inside a transaction runs on it at once', async () => {
    await t.db.transaction().execute(async (outer) => {
      await groupTransaction(outer, async (trx) => {
        expect(trx).toBe(outer);
        await trx.insertInto('tickets').values(ticket('inner')).execute();
      });
      expect((await outer.selectFrom('tickets').select('id').where('id', '=', 'inner').execute()).length).toBe(1);
    });
  });

  it.runIf(dialect === 'sqlite')(
    'when the commit itself fails, every caller of the group gets the error and nothing is stored',
    async () => {
      const results = await Promise.allSettled([
        groupTransaction(t.db, (trx) => trx.insertInto('tickets').values(ticket('lost-1')).execute()),
        groupTransaction(t.db, async (trx) => {
          // A foreign key checked only at commit: the commit fails for the whole group.
          await sql`pragma defer_foreign_keys = on`.execute(trx);
          await trx
            .insertInto('tickets')
            .values({ ...ticket('lost-2'), tenant: 'no-such-tenant' })
            .execute();
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
      expect(await stored(['lost-1', 'lost-2'])).toEqual([]);
    },
  );

  it('access events sent together are all recorded, the refused one too, and the chain verifies', async () => {
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${body.id}/start`);
    const batch = (n: number) => ({
      events: Array.from({ length: 10 }, (_, i) => ({
        kind: 'view',
        target: `refund ${n * 100 + i}`,
        fields: ['refund_status'],
      })),
    });
    const sent = await Promise.all([
      ...[1, 2, 3, 4].map((n) => t.call('agent-ann', 'POST', `/v1/grants/${body.id}/events`, batch(n))),
      t.call('agent-bob', 'POST', `/v1/grants/${body.id}/events`, batch(9)),
    ]);
    expect(sent.map((r) => r.status)).toEqual([202, 202, 202, 202, 403]);
    const detail = await t.call('agent-ann', 'GET', `/v1/grants/${body.id}`);
    expect(detail.body.eventCount).toBe(40);
    const kinds = (await t.db.selectFrom('audit_events').select('kind').where('kind', 'like', 'access.%').execute())
      .map((r) => r.kind)
      .sort();
    expect(kinds).toEqual([
      'access.recorded',
      'access.recorded',
      'access.recorded',
      'access.recorded',
      'access.refused',
    ]);
    expect(await verifyAuditChain(t.db, 'demo')).toMatchObject({ ok: true, firstBroken: null });
  });
});
