import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvents } from './audit.repository.js';
import { verifyAuditChain } from './audit.service.js';
import { canonicalJson } from './canonical-json.js';
import { verifyExport } from './checkpoints.js';
import { GENESIS_HASH, chainHash, chainHashOfStored } from './audit-chain.js';
import { createTestContext, seedRequest, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';

describe('chainHashOfStored', () => {
  it('equals the hash of the parsed row, for any data', () => {
    const base = { tenant: 't', seq: 7, occurredAt: '2026-11-23T10:00:00.000Z', actorId: null, kind: 'k', grantId: 'g', ticketId: null, customerId: 'c' };
    for (const data of [{}, { b: [1, { z: 'é€😀', a: null }], a: 'quote " and \\ backslash' }, { n: 1.5e-7, t: true }]) {
      expect(chainHashOfStored(GENESIS_HASH, { ...base, data: canonicalJson(data) })).toBe(chainHash(GENESIS_HASH, { ...base, data }));
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: undefined, e: null }] })).toBe('{"a":[2,{"d":3,"e":null}],"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    expect(canonicalJson([undefined, 'é', 1.5, null, { z: { b: 2, a: 1 } }])).toBe('[null,"é",1.5,null,{"z":{"a":1,"b":2}}]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes values built in key order as they are, and sorts everything else the same way', () => {
    const inOrder = { events: [{ a: 1, b: [{ c: 2, d: undefined }], z: 'é' }], via: 'session' };
    const shuffled = { via: 'session', events: [{ z: 'é', b: [{ d: undefined, c: 2 }], a: 1 }] };
    expect(canonicalJson(inOrder)).toBe('{"events":[{"a":1,"b":[{"c":2}],"z":"é"}],"via":"session"}');
    expect(canonicalJson(shuffled)).toBe(canonicalJson(inOrder));
    // Integer-like keys: objects list them first, in numeric order; both paths keep that form.
    expect(canonicalJson({ a: 0, 10: 'ten', 9: 'nine' })).toBe('{"9":"nine","10":"ten","a":0}');
    expect(canonicalJson({ 1: 'one', 2: 'two', a: 0 })).toBe('{"1":"one","2":"two","a":0}');
    // toJSON results are sorted too.
    expect(canonicalJson({ a: { toJSON: () => ({ y: 1, x: 2 }) } })).toBe('{"a":{"x":2,"y":1}}');
    expect(canonicalJson({ at: new Date('2026-11-23T10:00:00.000Z') })).toBe('{"at":"2026-11-23T10:00:00.000Z"}');
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
      appendAuditEvents(trx, Array.from({ length: n }, (_, i) => ({ tenant, kind: 'test.event', occurredAt: at, actorId: 'lead-lee', data: { i } }))),
    );

  it('chains every row to the one before it: hash = sha256(prev_hash ‖ canonical row)', async () => {
    const rows = await append(3);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.hash).toBe(
      chainHash(rows[1]!.hash, { tenant: 'demo', seq: 3, occurredAt: at, actorId: 'lead-lee', kind: 'test.event', grantId: null, ticketId: null, customerId: null, data: { i: 2 } }),
    );
    expect(await verifyAuditChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 3, head: { seq: 3, hash: rows[2]!.hash }, firstBroken: null });
  });

  it('keeps one chain per tenant', async () => {
    await append(2, 'demo');
    const other = await append(2, 'acme');
    expect(other.map((r) => [r.seq, r.prev_hash === GENESIS_HASH])).toEqual([[1, true], [2, false]]);
    expect((await verifyAuditChain(t.db, 'acme')).checked).toBe(2);
  });

  it('serialises concurrent appends into one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 20 }, () => append(5)));
    expect(await verifyAuditChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 100 });
  });

  it('is append-only: the database itself refuses UPDATE and DELETE', async () => {
    await append(2);
    await expect(t.db.updateTable('audit_events').set({ kind: 'forged' }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
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
      expect(res.body).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, id: rows[2]!.id, reason: expect.stringMatching(/altered/) } });
    });

    it('a deleted row', async () => {
      await append(5);
      await tamper('delete from audit_events where seq = 2');
      expect((await verifyAuditChain(t.db, 'demo')).firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/expected seq 2/) });
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
    const lines = (jsonl.body as string).trim().split('\n').map((l) => JSON.parse(l)).filter((l) => !l.checkpoint);
    expect(lines.map((l) => [l.seq, l.kind, l.grant_id])).toEqual([[1, 'grant.requested', body.id], [2, 'grant.approved', body.id]]);
    // Each exported line verifies on its own, without the server.
    let prev = GENESIS_HASH;
    for (const l of lines) {
      const fields = { tenant: l.tenant, seq: l.seq, occurredAt: l.occurred_at, actorId: l.actor_id, kind: l.kind, grantId: l.grant_id, ticketId: l.ticket_id, customerId: l.customer_id, data: l.data };
      expect(chainHash(prev, fields)).toBe(l.hash);
      prev = l.hash;
    }
    const csv = await t.call('lead-lee', 'GET', '/v1/audit/export?format=csv');
    expect((csv.body as string).split('\n')[0]).toBe('seq,occurred_at,kind,actor_id,grant_id,ticket_id,customer_id,data,prev_hash,hash');
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
    const exportOf = async (query = '') => (await t.call('lead-lee', 'GET', `/v1/audit/export?format=jsonl${query}`)).body as string;
    const jwks = async () => (await t.app.request('/.well-known/jwks.json')).json();

    it('verifies a whole export and a middle range with only the published keys', async () => {
      await append(6);
      expect(await verifyExport(await exportOf(), await jwks())).toMatchObject({ ok: true, rows: 6, checkpoint: { tenant: 'demo', fromSeq: 1, toSeq: 6 } });
      expect(await verifyExport(await exportOf('&fromSeq=3&toSeq=5'), await jwks())).toMatchObject({ ok: true, rows: 3, checkpoint: { fromSeq: 3, toSeq: 5 } });
      expect((await t.call('lead-lee', 'GET', '/v1/audit/export?fromSeq=5&toSeq=2')).status).toBe(400);
    });

    it('names the altered row, a dropped row, a truncated range and a forged checkpoint', async () => {
      await append(4);
      const good = (await exportOf()).trim().split('\n');
      const keys = await jwks();
      const altered = [...good];
      altered[1] = JSON.stringify({ ...JSON.parse(altered[1]!), data: { i: 42 } });
      expect(await verifyExport(altered.join('\n'), keys)).toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/altered/) });
      expect(await verifyExport([good[0], ...good.slice(2)].join('\n'), keys)).toMatchObject({ ok: false, seq: 3 });
      expect(await verifyExport([...good.slice(0, 2), good.at(-1)].join('\n'), keys)).toMatchObject({ ok: false, reason: expect.stringMatching(/checkpoint signs seq 4/) });
      const forged = JSON.parse(good.at(-1)!).checkpoint.split('.');
      forged[1] = Buffer.from(JSON.stringify({ tenant: 'demo', fromSeq: 1, prevHash: '0'.repeat(64), toSeq: 2, hash: 'x', signedAt: '' })).toString('base64url');
      expect(await verifyExport([...good.slice(0, -1), JSON.stringify({ checkpoint: forged.join('.') })].join('\n'), keys)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
    });
  });
});
