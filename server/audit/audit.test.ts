import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvents } from './audit.repository.js';
import { verifyAuditChain } from './audit.service.js';
import { canonicalJson, canonicalJsonV1 } from './canonical-json.js';
import { verifyExport } from './checkpoints.js';
import { GENESIS_HASH, chainHash, chainHashOfStored } from './audit-chain.js';
import { defaultRoleMapping } from '../../shared/settings.js';
import { appendLegacyRows } from '../test/audit-legacy.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe('chainHashOfStored', () => {
  it('equals the hash of the parsed row, for any data, in both canon versions', () => {
    const base = {
      tenant: 't',
      seq: 7,
      occurredAt: '2026-11-23T10:00:00.000Z',
      actorId: null,
      kind: 'k',
      grantId: 'g',
      ticketId: null,
      customerId: 'c',
    };
    const samples = [
      {},
      { b: [1, { z: 'é€😀', a: null }], a: 'quote " and \\ backslash' },
      { n: 1.5e-7, t: true },
      { roles: { 10: 'lead', 9: 'agent' } },
    ];
    for (const data of samples) {
      expect(chainHashOfStored(GENESIS_HASH, { ...base, canon: 2, data: canonicalJson(data) })).toBe(
        chainHash(GENESIS_HASH, { ...base, canon: 2, data }),
      );
      expect(chainHashOfStored(GENESIS_HASH, { ...base, canon: 1, data: canonicalJsonV1(data) })).toBe(
        chainHash(GENESIS_HASH, { ...base, canon: 1, data }),
      );
    }
  });

  it('hashes canon 1 rows as before (no canon member) and canon 2 rows with it', () => {
    const fields = {
      tenant: 't',
      seq: 1,
      occurredAt: 'x',
      actorId: null,
      kind: 'k',
      grantId: null,
      ticketId: null,
      customerId: null,
      data: { a: 1 },
    };
    const sha = (text: string) => createHash('sha256').update(GENESIS_HASH).update(text).digest('hex');
    expect(chainHash(GENESIS_HASH, { ...fields, canon: 1 })).toBe(
      sha(
        '{"actorId":null,"customerId":null,"data":{"a":1},"grantId":null,"kind":"k","occurredAt":"x","seq":1,"tenant":"t","ticketId":null}',
      ),
    );
    expect(chainHash(GENESIS_HASH, { ...fields, canon: 2 })).toBe(
      sha(
        '{"actorId":null,"canon":2,"customerId":null,"data":{"a":1},"grantId":null,"kind":"k","occurredAt":"x","seq":1,"tenant":"t","ticketId":null}',
      ),
    );
  });
});

describe.each(testDialects)('audit trail on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const at = '2026-11-23T10:00:00.000Z';
  const append = (n: number, tenant = 'demo') =>
    t.db.transaction().execute((trx) =>
      appendAuditEvents(
        trx,
        Array.from({ length: n }, (_, i) => ({
          tenant,
          kind: 'test.event',
          occurredAt: at,
          actorId: 'lead-lee',
          data: { i },
        })),
      ),
    );

  it('chains every row to the one before it: hash = sha256(prev_hash ‖ canonical row)', async () => {
    const rows = await append(3);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.hash).toBe(
      chainHash(rows[1]!.hash, {
        tenant: 'demo',
        seq: 3,
        canon: 2,
        occurredAt: at,
        actorId: 'lead-lee',
        kind: 'test.event',
        grantId: null,
        ticketId: null,
        customerId: null,
        data: { i: 2 },
      }),
    );
    expect(await verifyAuditChain(t.db, 'demo')).toMatchObject({
      ok: true,
      checked: 3,
      head: { seq: 3, hash: rows[2]!.hash },
      firstBroken: null,
    });
  });

  it('verifies a chain of canon 1 rows (before RFC 8785) followed by canon 2 rows, on the server and offline', async () => {
    const roles = { roleMapping: { zendesk: { customRoles: { 10: 'lead', 9: 'agent' } } } };
    await appendLegacyRows(t.db, 'demo', at, [roles, { i: 1 }]);
    await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...(await t.call('admin-ada', 'GET', '/v1/settings')).body,
      roleMapping: {
        ...defaultRoleMapping,
        zendesk: { ...defaultRoleMapping.zendesk, customRoles: { 10: 'lead', 9: 'agent' } },
      },
    });
    const stored = await t.db
      .selectFrom('audit_events')
      .select(['seq', 'canon', 'data'])
      .where('tenant', '=', 'demo')
      .orderBy('seq')
      .execute();
    expect(stored.map((r) => [r.seq, r.canon])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    expect(stored[0]!.data).toContain('{"9":"agent","10":"lead"}');
    expect(stored[2]!.data).toContain('"customRoles":{"10":"lead","9":"agent"}');
    expect(await verifyAuditChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 3 });
    const jsonl = (await t.call('lead-lee', 'GET', '/v1/audit/export?format=jsonl')).body as string;
    expect(
      jsonl
        .split('\n')
        .slice(0, 3)
        .map((l) => JSON.parse(l).canon),
    ).toEqual([1, 1, 2]);
    expect(await verifyExport(jsonl, await (await t.app.request('/.well-known/jwks.json')).json())).toMatchObject({
      ok: true,
      rows: 3,
    });
    // An export from before canon versions (no canon member) is read as canon 1.
    const old = jsonl
      .split('\n')
      .slice(0, 2)
      .map((l) => {
        const { canon: _c, ...rest } = JSON.parse(l);
        return JSON.stringify(rest);
      });
    const line3 = JSON.parse(jsonl.split('\n')[2]!);
    expect(
      await verifyExport(
        [...old, JSON.stringify({ ...line3, canon: 1 }), jsonl.split('\n')[3]].join('\n'),
        await (await t.app.request('/.well-known/jwks.json')).json(),
      ),
    ).toMatchObject({ ok: false, seq: 3 });
  });

  it('keeps one chain per tenant', async () => {
    await append(2, 'demo');
    const other = await append(2, 'acme');
    expect(other.map((r) => [r.seq, r.prev_hash === GENESIS_HASH])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await verifyAuditChain(t.db, 'acme')).checked).toBe(2);
  });

  it('serialises concurrent appends into one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 20 }, () => append(5)));
    expect(await verifyAuditChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 100 });
  });

  it('is append-only: the database itself refuses UPDATE and DELETE', async () => {
    await append(2);
    await expect(
      t.db.updateTable('audit_events').set({ kind: 'forged' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_events').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    await expect(sql`update audit_events set data = '{}'`.execute(t.db)).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`truncate audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 2 });
  });

  describe('verify names the first broken row when someone with the keys bypasses the triggers', () => {
    async function tamper(statement: string) {
      // A database owner can drop the triggers; the chain still tells.
      if (dialect === 'postgres') {
        await sql`alter table audit_events disable trigger user`.execute(t.db);
        await sql.raw(statement).execute(t.db);
        await sql`alter table audit_events enable trigger user`.execute(t.db);
      } else {
        await sql`drop trigger audit_events_no_update`.execute(t.db);
        await sql`drop trigger audit_events_no_delete`.execute(t.db);
        await sql.raw(statement).execute(t.db);
      }
    }

    it('an edited row', async () => {
      const rows = await append(5);
      await tamper(`update audit_events set data = '{"i":99}' where seq = 3`);
      const res = await t.call('lead-lee', 'GET', '/v1/audit/verify');
      expect(res.body).toMatchObject({
        ok: false,
        checked: 2,
        firstBroken: { seq: 3, id: rows[2]!.id, reason: expect.stringMatching(/altered/) },
      });
    });

    it('a deleted row', async () => {
      await append(5);
      await tamper('delete from audit_events where seq = 2');
      expect((await verifyAuditChain(t.db, 'demo')).firstBroken).toMatchObject({
        seq: 3,
        reason: expect.stringMatching(/expected seq 2/),
      });
    });

    it('a row re-hashed to hide an edit', async () => {
      await append(4);
      await tamper(`update audit_events set hash = '${'f'.repeat(64)}' where seq = 2`);
      expect((await verifyAuditChain(t.db, 'demo')).firstBroken).toMatchObject({ seq: 2 });
    });
  });

  it('records every state change of a grant in the chain, and lets only leads and admins verify and export', async () => {
    const { body } = await t.call('agent-ann', 'POST', '/v1/grants', seedRequest());
    await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
    expect((await t.call('agent-ann', 'GET', '/v1/audit/verify')).status).toBe(403);

    const jsonl = await t.call('admin-ada', 'GET', '/v1/audit/export?format=jsonl');
    const lines = (jsonl.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => !l.checkpoint);
    expect(lines.map((l) => [l.seq, l.kind, l.grant_id])).toEqual([
      [1, 'grant.requested', body.id],
      [2, 'grant.approved', body.id],
    ]);
    // Each exported line verifies on its own, without the server.
    let prev = GENESIS_HASH;
    for (const l of lines) {
      const fields = {
        tenant: l.tenant,
        seq: l.seq,
        canon: l.canon,
        occurredAt: l.occurred_at,
        actorId: l.actor_id,
        kind: l.kind,
        grantId: l.grant_id,
        ticketId: l.ticket_id,
        customerId: l.customer_id,
        data: l.data,
      };
      expect(chainHash(prev, fields)).toBe(l.hash);
      prev = l.hash;
    }
    const csv = await t.call('lead-lee', 'GET', '/v1/audit/export?format=csv');
    expect((csv.body as string).split('\n')[0]).toBe(
      'seq,occurred_at,kind,actor_id,grant_id,ticket_id,customer_id,data,prev_hash,hash,canon',
    );
    expect((csv.body as string).trim().split('\n')).toHaveLength(3);
    expect((await t.call('lead-lee', 'GET', '/v1/audit/export?format=xml')).status).toBe(400);
  });

  it('refuses chain positions past 32 bits with 400 naming the field (PostgreSQL would fail on them)', async () => {
    for (const query of ['fromSeq=4294967296', 'toSeq=2147483648']) {
      const res = await t.call('lead-lee', 'GET', `/v1/audit/export?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.issues[0].path).toBe(query.split('=')[0]);
    }
    expect((await t.call('lead-lee', 'GET', '/v1/audit/export?fromSeq=2147483647')).status).toBe(200);
  });

  describe('signed checkpoints let an exported range be verified offline', () => {
    const exportOf = async (query = '') =>
      (await t.call('lead-lee', 'GET', `/v1/audit/export?format=jsonl${query}`)).body as string;
    const jwks = async () => (await t.app.request('/.well-known/jwks.json')).json();

    it('verifies a whole export and a middle range with only the published keys', async () => {
      await append(6);
      expect(await verifyExport(await exportOf(), await jwks())).toMatchObject({
        ok: true,
        rows: 6,
        checkpoint: { tenant: 'demo', fromSeq: 1, toSeq: 6 },
      });
      expect(await verifyExport(await exportOf('&fromSeq=3&toSeq=5'), await jwks())).toMatchObject({
        ok: true,
        rows: 3,
        checkpoint: { fromSeq: 3, toSeq: 5 },
      });
      expect((await t.call('lead-lee', 'GET', '/v1/audit/export?fromSeq=5&toSeq=2')).status).toBe(400);
    });

    it('names the altered row, a dropped row, a truncated range and a forged checkpoint', async () => {
      await append(4);
      const good = (await exportOf()).trim().split('\n');
      const keys = await jwks();
      const altered = [...good];
      altered[1] = JSON.stringify({ ...JSON.parse(altered[1]!), data: { i: 42 } });
      expect(await verifyExport(altered.join('\n'), keys)).toMatchObject({
        ok: false,
        seq: 2,
        reason: expect.stringMatching(/altered/),
      });
      expect(await verifyExport([good[0], ...good.slice(2)].join('\n'), keys)).toMatchObject({ ok: false, seq: 3 });
      expect(await verifyExport([...good.slice(0, 2), good.at(-1)].join('\n'), keys)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/checkpoint signs seq 4/),
      });
      const forged = JSON.parse(good.at(-1)!).checkpoint.split('.');
      forged[1] = Buffer.from(
        JSON.stringify({ tenant: 'demo', fromSeq: 1, prevHash: '0'.repeat(64), toSeq: 2, hash: 'x', signedAt: '' }),
      ).toString('base64url');
      expect(
        await verifyExport([...good.slice(0, -1), JSON.stringify({ checkpoint: forged.join('.') })].join('\n'), keys),
      ).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
    });
  });
});
