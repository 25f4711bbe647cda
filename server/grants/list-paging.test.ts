import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../shared/cursor.js';
import type { Flag } from '../../shared/grants.js';
import type { Database, GrantRow } from '../db/database.js';
import * as listIndexes from '../db/migrations/2026-12-01-0003-list-indexes.js';
import { flaggedGrantsQuery } from '../reviews/reviews.repository.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { grantFlagColumns, grantListQuery } from './grants.repository.js';

const FLAG: Flag[] = [
  { code: 'write_access', reason: 'Write access requested: "Reset refund 9912"', at: '2026-11-20T09:00:00.000Z' },
];

type Page = { status: number; body: { nextCursor: string | null } & Record<string, Array<{ id: string }>> };

describe.each(testDialects)('lead lists page by cursor on %s', (dialect) => {
  let t: TestContext;
  let template: GrantRow;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest({ ticketId: '40000' }));
    template = (await t.db
      .selectFrom('grants')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow()) as GrantRow;
  });
  afterEach(async () => {
    await t.close();
  });

  /**
   * 120 grants before the template, three to a minute (so the id breaks ties), every other one for
   * customer 2001 and denied; `flagged` ones carry a flag and a spread of updated_at.
   */
  async function seedGrants(flagged: boolean): Promise<GrantRow[]> {
    const rows = Array.from({ length: 120 }, (_, i): GrantRow => {
      const at = new Date(Date.parse('2026-11-20T08:00:00.000Z') + Math.floor(i / 3) * 60_000).toISOString();
      return {
        ...template,
        id: `gr_p${String((i * 37) % 120).padStart(3, '0')}`,
        ticket_id: String(41000 + i),
        customer_id: i % 2 ? '2001' : '1842',
        status: i % 2 ? 'denied' : 'ended',
        requested_at: at,
        updated_at: new Date(Date.parse(at) + ((i * 53) % 120) * 1000).toISOString(),
        ...grantFlagColumns(flagged ? FLAG : []),
      };
    });
    for (let i = 0; i < rows.length; i += 20)
      await t.db
        .insertInto('grants')
        .values(rows.slice(i, i + 20))
        .execute();
    return rows;
  }

  const newestFirst = (key: 'requested_at' | 'updated_at') => (a: GrantRow, b: GrantRow) =>
    a[key] === b[key] ? (a.id < b.id ? 1 : -1) : a[key] < b[key] ? 1 : -1;

  async function pageThrough(path: string, key: string): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res: Page = await t.call('lead-lee', 'GET', cursor ? `${path}${sep}cursor=${cursor}` : path);
      expect(res.status).toBe(200);
      pages.push((res.body[key] ?? []).map((s) => s.id));
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 10);
    return pages;
  }

  it('pages through 120 sessions in pages of 50, each once, newest first, with and without filters', async () => {
    const rows = await seedGrants(false);
    const all = [template, ...rows].sort(newestFirst('requested_at')).map((r) => r.id);
    const pages = await pageThrough('/v1/grants?limit=50', 'sessions');
    expect(pages.map((p) => p.length)).toEqual([50, 50, 21]);
    expect(pages.flat()).toEqual(all);

    const filtered = rows
      .filter((r) => r.customer_id === '2001' && r.requested_at >= '2026-11-20T08:10:00.000Z')
      .sort(newestFirst('requested_at'))
      .map((r) => r.id);
    const path =
      '/v1/grants?limit=7&customerId=2001&status=denied&from=2026-11-20T08:10:00.000Z&to=2026-11-21T00:00:00Z';
    const filteredPages = await pageThrough(path, 'sessions');
    expect(filteredPages.flat()).toEqual(filtered);
    expect(filteredPages.length).toBe(Math.ceil(filtered.length / 7));

    // The default page is 50, and the same cursor serves the history lists built on the search.
    const first = await t.call('lead-lee', 'GET', '/v1/customers/2001/access');
    expect(first.body.sessions).toHaveLength(50);
    const next = await t.call('lead-lee', 'GET', `/v1/customers/2001/access?cursor=${first.body.nextCursor}`);
    expect(next.body.sessions.map((s: { id: string }) => s.id)).toEqual(
      rows
        .filter((r) => r.customer_id === '2001')
        .sort(newestFirst('requested_at'))
        .slice(50)
        .map((r) => r.id),
    );
    expect(next.body.nextCursor).toBeNull();
  });

  it('pages through the review queue by latest change, each flagged session once', async () => {
    const rows = await seedGrants(true);
    const pages = await pageThrough('/v1/reviews?state=all&limit=50', 'items');
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual([...rows].sort(newestFirst('updated_at')).map((r) => r.id));
  });

  it('refuses a cursor it did not give out with 400 naming `cursor`, writing nothing', async () => {
    const before = await t.counts();
    const bad = [
      'not a cursor',
      Buffer.from('hello').toString('base64url'),
      Buffer.from('["yesterday","gr_1"]').toString('base64url'),
      Buffer.from('{"at":"2026-11-20T08:00:00.000Z","id":"gr_1"}').toString('base64url'),
      encodeCursor({ at: '2026-11-20T08:00:00.000Z', id: '' }),
    ];
    for (const path of ['/v1/grants', '/v1/reviews', '/v1/tickets/48271/grants']) {
      for (const cursor of bad) {
        const res = await t.call('lead-lee', 'GET', `${path}?cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, `${path} ${cursor}`).toBe(400);
        expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['cursor']);
      }
    }
    expect(await t.counts()).toEqual(before);
  });

  it('keeps `flagged` in step with flags: a flag raised later puts the session in the queue', async () => {
    const flaggedOf = async (id: string) =>
      (await t.db.selectFrom('grants').select('flagged').where('id', '=', id).executeTakeFirstOrThrow()).flagged;
    const queueIds = async () =>
      (await t.call('lead-lee', 'GET', '/v1/reviews?state=all')).body.items.map((i: { id: string }) => i.id);
    expect(await flaggedOf(template.id)).toBe(0);
    expect(await queueIds()).not.toContain(template.id);
    // Events on a pending grant are kept as shadow access and flag it.
    const refused = await t.call('agent-ann', 'POST', `/v1/grants/${template.id}/events`, {
      events: [{ kind: 'view', target: 'customer 1842', fields: ['email'] }],
    });
    expect(refused.status).toBe(409);
    expect(await flaggedOf(template.id)).toBe(1);
    expect(await queueIds()).toContain(template.id);
  });

  it('migrates: `flagged` is backfilled from flags, and down/up round-trips', async () => {
    const [flagged, plain] = await seedGrants(false).then((rows) => rows.slice(0, 2) as [GrantRow, GrantRow]);
    await listIndexes.down(t.db as Kysely<any>);
    await sql`update grants set flags = ${JSON.stringify(FLAG)} where id = ${flagged.id}`.execute(t.db);
    await listIndexes.up(t.db as Kysely<any>);
    const rows = await t.db
      .selectFrom('grants')
      .select(['id', 'flagged'])
      .where('id', 'in', [flagged.id, plain.id])
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.flagged]))).toEqual({ [flagged.id]: 1, [plain.id]: 0 });
  });

  it('answers the default list and the flagged queue from an index, without sorting', async () => {
    await seedGrants(true);
    const tenant = template.tenant;
    const cursor = { at: '2026-11-20T08:20:00.000Z', id: 'gr_p050' };
    const cases: Array<[Compilable, string]> = [
      [grantListQuery(t.db, { tenant, limit: 50 }), 'grants_list_idx'],
      [grantListQuery(t.db, { tenant, limit: 50, cursor }), 'grants_list_idx'],
      [grantListQuery(t.db, { tenant, limit: 50, customerId: '2001', cursor }), 'grants_list_customer_idx'],
      [flaggedGrantsQuery(t.db, { tenant, state: 'flagged', limit: 50 }), 'grants_flagged_idx'],
      [flaggedGrantsQuery(t.db, { tenant, state: 'all', limit: 50, cursor }), 'grants_flagged_idx'],
    ];
    for (const [query, index] of cases) {
      const plan = await explain(t.db, query, dialect);
      expect(plan, plan).toContain(index);
      if (dialect === 'sqlite') {
        expect(plan).not.toMatch(/SCAN grants|TEMP B-TREE/);
      } else {
        expect(plan).not.toMatch(/Seq Scan on grants|Sort/);
      }
    }
  });
});

/**
 * The plan as text. PostgreSQL prefers a sequential scan on a table this small whatever the
 * indexes, so it is asked with `enable_seqscan = off`: the test shows an index that fits exists.
 */
async function explain(db: Kysely<Database>, query: Compilable, dialect: string): Promise<string> {
  const { sql: text, parameters } = query.compile();
  if (dialect === 'sqlite') {
    const { rows } = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${text}`, [...parameters]),
    );
    return rows.map((r) => r.detail).join('\n');
  }
  return db.connection().execute(async (conn) => {
    await sql`set enable_seqscan = off`.execute(conn);
    try {
      const { rows } = await conn.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain ${text}`, [...parameters]),
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`reset enable_seqscan`.execute(conn);
    }
  });
}
