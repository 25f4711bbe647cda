import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { cutTail, rewriteAndRehash } from '../test/audit-tamper.js';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { appendAuditEvents } from './audit.repository.js';
import { verifyAuditChain, walkChain } from './audit.service.js';
import { ephemeralCheckpointKeys } from './checkpoint-keys.js';
import { startCheckpointWriter, writeCheckpoints } from './checkpoint-writer.js';
import { signCheckpoint, verifyExport, type Checkpoint } from './checkpoints.js';
import { loadSigningKey } from '../keys/signing-keys.js';

describe.each(testDialects)('external checkpoints on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const append = (n: number, tenant = 'demo') =>
    t.db.transaction().execute((trx) =>
      appendAuditEvents(
        trx,
        Array.from({ length: n }, (_, i) => ({
          tenant,
          kind: 'test.event',
          occurredAt: t.clock.iso(),
          actorId: 'lead-lee',
          data: { i },
        })),
      ),
    );
  const checkpoint = () => writeCheckpoints(t.deps, t.checkpoints);
  const files = () => readdirSync(join(t.checkpoints.store.dir, 'demo')).sort();
  const verify = async () => (await t.call('lead-lee', 'GET', '/v1/audit/verify')).body;
  const exportOf = async (query = '') =>
    (await t.call('lead-lee', 'GET', `/v1/audit/export?format=jsonl${query}`)).body as string;
  const jwks = async () => (await t.app.request('/.well-known/jwks.json')).json();

  it('signs the head when it moved, chained to the checkpoint before, and never replaces a file', async () => {
    await append(3);
    expect(await checkpoint()).toEqual([{ tenant: 'demo', outcome: 'written', seq: 3 }]);
    expect(await checkpoint()).toEqual([{ tenant: 'demo', outcome: 'unchanged', seq: 3 }]);
    await append(2);
    expect(await checkpoint()).toEqual([{ tenant: 'demo', outcome: 'written', seq: 5 }]);
    expect(files()).toEqual(['000000000003.jws', '000000000005.jws']);

    const read = await t.checkpoints.store.read('demo', 5, t.checkpoints.keys.publicJwks);
    const head = (await walkChain(t.db, 'demo')).head!;
    expect(read).toMatchObject({
      ok: true,
      checkpoint: {
        tenant: 'demo',
        seq: 5,
        hash: head.hash,
        previous: { seq: 3 },
        kid: t.checkpoints.keys.current.kid,
        canon: 2,
      },
    });
    const before = readFileSync(t.checkpoints.store.path('demo', 5), 'utf8');
    const forged = { tenant: 'demo', seq: 5, hash: 'f'.repeat(64), rowId: 1, previous: null, signedAt: t.clock.iso() };
    expect(await t.checkpoints.store.create(t.checkpoints.keys.current, forged)).toBe('exists');
    expect(readFileSync(t.checkpoints.store.path('demo', 5), 'utf8')).toBe(before);

    // Verify starts from the newest checkpoint: nothing after it to walk; scope=full walks all five.
    expect(await verify()).toMatchObject({
      ok: true,
      checked: 0,
      head: { seq: 5, hash: head.hash },
      scope: { kind: 'incremental', fromSeq: 6 },
      checkpoint: { seq: 5, hash: head.hash, kid: t.checkpoints.keys.current.kid },
      findings: [],
    });
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify?scope=full')).body).toMatchObject({
      ok: true,
      checked: 5,
      scope: { kind: 'full', fromSeq: 1 },
      findings: [],
    });
  });

  it('writes one at start and one at stop (shutdown), whatever the interval', async () => {
    await append(2);
    const writer = startCheckpointWriter(t.deps, t.checkpoints, 3_600_000);
    await writer.settled();
    expect(files()).toEqual(['000000000002.jws']);
    await append(1);
    await writer.stop();
    expect(files()).toEqual(['000000000002.jws', '000000000003.jws']);
  });

  it('names a cut tail, and refuses to sign the shortened chain', async () => {
    await append(5);
    await checkpoint();
    await cutTail(t.db, dialect, 'demo', 4);
    // The chain alone looks fine: that was the hole.
    expect(await walkChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 3 });
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBroken: null,
      checkpoint: { seq: 5 },
      findings: [
        {
          kind: 'tail_cut',
          fromSeq: 4,
          toSeq: 5,
          message: expect.stringMatching(/rows 4\.\.5 are missing: the tail was cut after checkpoint 5/),
        },
      ],
    });
    expect(await checkpoint()).toMatchObject([
      { outcome: 'refused', reason: expect.stringMatching(/rows 4\.\.5 are missing/) },
    ]);
    expect(t.logged.flat().join(' ')).toMatch(/AUDIT TRAIL TAMPERED\? not signing tenant demo/);
    expect(files()).toEqual(['000000000005.jws']);
  });

  it('names a row rewritten with every later row re-hashed, between the checkpoints around it', async () => {
    for (let k = 0; k < 3; k++) {
      await append(2);
      await checkpoint();
    }
    await rewriteAndRehash(t.db, dialect, 'demo', 3, { i: 99 });
    expect(await walkChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 6 });
    expect((await verify()).findings).toEqual([
      {
        kind: 'rewritten',
        fromSeq: 3,
        toSeq: 4,
        message: expect.stringMatching(
          /row 4 was rewritten after checkpoint 4 .*rows 3\.\.4 \(checkpoint 2 still matches\)/,
        ),
      },
    ]);
    // The server no longer signs a fresh checkpoint over a forged chain.
    await append(1);
    expect(await checkpoint()).toMatchObject([
      { outcome: 'refused', reason: expect.stringMatching(/row 6 no longer has the hash/) },
    ]);
    expect(files()).toHaveLength(3);
  });

  it('names a seq reused after its rows were deleted and others appended', async () => {
    await append(4);
    await checkpoint();
    await cutTail(t.db, dialect, 'demo', 3);
    await append(2);
    expect(await walkChain(t.db, 'demo')).toMatchObject({ ok: true, checked: 4 });
    expect((await verify()).findings).toEqual([
      {
        kind: 'seq_reused',
        fromSeq: 1,
        toSeq: 4,
        message: expect.stringMatching(/seq 4 was reused: checkpoint 4 .* signed row id \d+ .* now has row id \d+/),
      },
    ]);
    expect(await checkpoint()).toMatchObject([{ outcome: 'refused' }]);
  });

  it('reports a checkpoint file that does not verify, and compares with the newest one that does', async () => {
    await append(2);
    await checkpoint();
    const stranger = await ephemeralCheckpointKeys();
    await t.checkpoints.store.create(stranger.current, {
      tenant: 'demo',
      seq: 9,
      hash: 'f'.repeat(64),
      rowId: 1,
      previous: null,
      signedAt: t.clock.iso(),
    });
    writeFileSync(t.checkpoints.store.path('demo', 12), 'not a jws\n');
    const result = await verify();
    expect(result).toMatchObject({ ok: false, checkpoint: { seq: 2 } });
    expect(result.findings.map((f: { kind: string; fromSeq: number }) => [f.kind, f.fromSeq])).toEqual([
      ['bad_checkpoint', 12],
      ['bad_checkpoint', 9],
    ]);
    expect(result.findings[1].message).toMatch(
      /000000000009\.jws is not trustworthy: its signature does not verify with the checkpoint keys \(kid checkpoint-/,
    );
  });

  it('keeps verifying checkpoints signed with a retired key, whose public key stays in the JWKS', async () => {
    await append(2);
    await checkpoint();
    const old = t.checkpoints.keys;
    const rotated = { keys: await ephemeralCheckpointKeys([old.current.publicJwk]), store: t.checkpoints.store };
    const app = createApp(t.deps, { authMode: 'dev', checkpoints: rotated });
    const get = async (path: string) => app.request(path, { headers: { 'x-dev-user': 'lead-lee' } });

    expect(await (await get('/v1/audit/verify')).json()).toMatchObject({
      ok: true,
      checkpoint: { seq: 2, kid: old.current.kid },
      findings: [],
    });
    const kids = ((await (await get('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    expect(kids).toEqual(expect.arrayContaining([old.current.kid, rotated.keys.current.kid]));

    await append(2);
    expect(await writeCheckpoints(t.deps, rotated)).toMatchObject([{ outcome: 'written', seq: 4 }]);
    const published = (await (await get('/.well-known/jwks.json')).json()) as { keys: [] };
    // An export signed with the new key, anchored on the old key's checkpoint, verifies with the JWKS.
    const range = await (await get('/v1/audit/export?format=jsonl&toSeq=3')).text();
    expect(await verifyExport(range, published)).toMatchObject({ ok: true, rows: 3, anchor: { seq: 2 } });
    expect(await verifyExport(await (await get('/v1/audit/export?format=jsonl')).text(), published)).toMatchObject({
      ok: true,
      anchor: { seq: 4 },
    });
    // Without the retired key published, the old checkpoint no longer verifies, and verify says so.
    const forgotten = createApp(t.deps, {
      authMode: 'dev',
      checkpoints: { keys: await ephemeralCheckpointKeys(), store: t.checkpoints.store },
    });
    const res = await forgotten.request('/v1/audit/verify', { headers: { 'x-dev-user': 'lead-lee' } });
    expect(await res.json()).toMatchObject({
      ok: false,
      findings: [
        { kind: 'bad_checkpoint', fromSeq: 4 },
        { kind: 'bad_checkpoint', fromSeq: 2 },
      ],
    });
  });

  it('anchors an export on the newest stored checkpoint: offline checks see a cut tail or a rewrite', async () => {
    await append(4);
    await checkpoint();
    await append(1);
    expect(await verifyExport(await exportOf(), await jwks())).toMatchObject({ ok: true, rows: 5, anchor: { seq: 4 } });
    expect(await verifyExport(await exportOf('&toSeq=3'), await jwks())).toMatchObject({
      ok: true,
      rows: 3,
      anchor: null,
    });

    await rewriteAndRehash(t.db, dialect, 'demo', 2, { i: 42 });
    expect(await verifyExport(await exportOf(), await jwks())).toMatchObject({
      ok: false,
      seq: 4,
      reason: expect.stringMatching(/row 4 differs from the stored checkpoint/),
    });
    await cutTail(t.db, dialect, 'demo', 3);
    expect(await verifyExport(await exportOf(), await jwks())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/rows 3\.\.4 are missing: the stored checkpoint/),
    });
  });

  it('trusts no key the database holds: not for trailers, not under a checkpoint kid in the JWKS', async () => {
    await append(2);
    const good = (await exportOf()).trim().split('\n');
    const trailer = JSON.parse(good.at(-1)!) as { checkpoint: string };
    const payload = JSON.parse(Buffer.from(trailer.checkpoint.split('.')[1]!, 'base64url').toString()) as Checkpoint;
    const grantKey = await loadSigningKey(t.db, 'grant');
    const forged = [...good.slice(0, -1), JSON.stringify({ checkpoint: await signCheckpoint(grantKey, payload) })].join(
      '\n',
    );
    expect(await verifyExport(forged, await jwks())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature does not verify/),
    });
    // Someone with the database renames the grant key into the checkpoint namespace: it is not published.
    const row = await t.db
      .selectFrom('signing_keys')
      .select('public_jwk')
      .where('purpose', '=', 'grant')
      .executeTakeFirstOrThrow();
    const renamed = JSON.stringify({ ...JSON.parse(row.public_jwk), kid: 'checkpoint-evil' });
    await t.db
      .updateTable('signing_keys')
      .set({ kid: 'checkpoint-evil', public_jwk: renamed })
      .where('purpose', '=', 'grant')
      .execute();
    const fresh = createApp(t.deps, { authMode: 'dev', checkpoints: t.checkpoints });
    const kids = (
      (await (await fresh.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }
    ).keys.map((k) => k.kid);
    expect(kids).toEqual([t.checkpoints.keys.current.kid]);
  });

  it('checks every tenant with rows, and only the asked tenant in verify', async () => {
    const { seedDemo } = await import('../demo/seed.js');
    await seedDemo(t.db, 'acme', t.clock.iso());
    await append(2, 'acme');
    await append(1);
    expect(await checkpoint()).toEqual([
      { tenant: 'acme', outcome: 'written', seq: 2 },
      { tenant: 'demo', outcome: 'written', seq: 1 },
    ]);
    await cutTail(t.db, dialect, 'acme', 2);
    expect(await verifyAuditChain(t.db, 'demo', t.checkpoints)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(t.db, 'acme', t.checkpoints)).toMatchObject({
      ok: false,
      findings: [{ kind: 'tail_cut', fromSeq: 2, toSeq: 2 }],
    });
  });
});
