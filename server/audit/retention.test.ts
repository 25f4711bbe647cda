import { spawnSync } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/grants.js';
import {
  MARCH_RANGE,
  pyVerifier,
  retentionContext,
  runScript as run,
  type RetentionContext,
} from '../test/retention-fixture.js';
import { recordSession, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { archiveClosedRanges, type RetentionStores } from './archiver.js';
import { writeCheckpoints } from './checkpoint-writer.js';
import { verifyExport } from './checkpoints.js';
import { purgeTenant } from './purge.js';
import { startRetentionJob } from './retention-job.js';

/** What the API and the archives both tell of a session (names and emails are not in the trail). */
const fromApi = (s: Session) => ({
  grantId: s.id,
  ticketId: s.ticket.id,
  customerId: s.customerId,
  requesterId: s.requester.id,
  reason: s.reason,
  systems: s.systems,
  access: s.access,
  requestedAt: s.requestedAt,
  decision: s.decision && {
    outcome: s.decision.outcome,
    by: s.decision.by.id,
    at: s.decision.at,
    note: s.decision.note,
  },
  startedAt: s.startedAt,
  expiresAt: s.expiresAt,
  endedAt: s.endedAt,
  endKind: s.endKind,
  viewed: s.viewed.map((v) => ({
    kind: v.kind,
    target: v.target,
    fields: v.fields,
    occurredAt: v.occurredAt,
    accepted: v.accepted,
    actorId: v.actorId,
  })),
});

describe.each(testDialects)('retention: sealed archives and the purge on %s', (dialect) => {
  let r: RetentionContext;
  let t: TestContext;
  let stores: RetentionStores;
  beforeEach(async () => {
    r = await retentionContext(dialect);
    ({ t, stores } = r);
  });
  afterEach(() => r.close());
  const march = () => r.march();
  const jwksFile = () => r.jwksFile();
  const archiveDir = (id: string) => r.archiveDir(id);

  it('archives March, verifies it offline, purges it after the retention period, and verify names the archived range', async () => {
    await march();
    const before = await t.call('lead-lee', 'GET', `/v1/customers/1842/access?${MARCH_RANGE}`);
    expect(before.body.sessions).toHaveLength(2);

    // Past the retention period with nothing archived: the purge is refused and nothing goes.
    t.clock.set('2025-07-20T10:00:00.000Z');
    const rowsBefore = (await t.counts()).audit_events;
    const refused = await purgeTenant(t.deps, stores, 'demo');
    expect(refused).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/no sealed archive covers them/),
    });
    expect((await t.counts()).audit_events).toBe(rowsBefore);

    const sealed = await archiveClosedRanges(t.deps, stores);
    expect(sealed.map((o) => o.outcome)).toEqual(['sealed', 'sealed', 'waiting']);
    const [marchArchive, aprilArchive] = sealed as { archive: string; fromSeq: number; toSeq: number }[];
    expect(marchArchive!.archive).toMatch(/^2025-03-000000000001-/);
    expect(aprilArchive!.fromSeq).toBe(marchArchive!.toSeq + 1);

    // Offline, with the published keys only: each alone, and both as one chain.
    const jwks = await jwksFile();
    const alone = await run('scripts/verify-audit-archive.ts', [jwks, archiveDir(marchArchive!.archive)]);
    expect(alone.stdout).toContain(`OK: ${marchArchive!.archive}: tenant demo, seq 1–${marchArchive!.toSeq}`);
    expect(alone.code).toBe(0);
    const chain = await run('scripts/verify-audit-archive.ts', [
      jwks,
      archiveDir(marchArchive!.archive),
      archiveDir(aprilArchive!.archive),
    ]);
    expect(chain.stdout).toContain('OK: 2 archives form one chain');
    expect(chain.code).toBe(0);
    // The independent verifier (Python's standard library) agrees, and sees a changed row too.
    const py = spawnSync(
      'python3',
      [pyVerifier, jwks, archiveDir(marchArchive!.archive), archiveDir(aprilArchive!.archive)],
      {
        encoding: 'utf8',
      },
    );
    expect(py.stdout).toContain('OK: 2 archives form one chain');
    expect(py.status).toBe(0);

    // The cut-off is 21 April: March is due, April is not yet.
    const purged = await purgeTenant(t.deps, stores, 'demo', 'admin-ada');
    expect(purged).toMatchObject({
      outcome: 'purged',
      fromSeq: 1,
      toSeq: marchArchive!.toSeq,
      archives: [marchArchive!.archive],
      rows: marchArchive!.toSeq,
      grants: 3,
      accessEvents: 3,
    });
    const first = await t.db
      .selectFrom('audit_events')
      .select('seq')
      .where('tenant', '=', 'demo')
      .orderBy('seq')
      .executeTakeFirst();
    expect(first?.seq).toBe(marchArchive!.toSeq + 1);
    const purgeRow = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'audit.purged')
      .executeTakeFirstOrThrow();
    expect(purgeRow.actor_id).toBe('admin-ada');
    expect(JSON.parse(purgeRow.data)).toMatchObject({
      archives: [marchArchive!.archive],
      retentionDays: 90,
      rows: marchArchive!.toSeq,
    });

    const verify = await t.call('lead-lee', 'GET', '/v1/audit/verify?scope=full');
    expect(verify.body).toMatchObject({
      scope: { kind: 'full', fromSeq: marchArchive!.toSeq + 1 },
      ok: true,
      findings: [],
      anchor: { seq: marchArchive!.toSeq, archives: [marchArchive!.archive] },
    });
    expect(verify.body.anchor.note).toContain(
      `verified from seq ${marchArchive!.toSeq + 1}; seq 1–${marchArchive!.toSeq} archived`,
    );
    expect(verify.body.checked).toBe((await t.counts()).audit_events);

    // The API has forgotten March; the archives still answer, the same as the API did.
    expect((await t.call('lead-lee', 'GET', `/v1/customers/1842/access?${MARCH_RANGE}`)).body.sessions).toEqual([]);
    const cli = await run('scripts/archive-query.ts', [
      '--store',
      stores.archives.location,
      '--tenant',
      'demo',
      '--customer',
      '1842',
      '--from',
      '2025-03-01',
      '--to',
      '2025-04-01',
      '--jwks',
      jwks,
      '--json',
    ]);
    expect(cli.code).toBe(0);
    const answer = JSON.parse(cli.stdout);
    expect(answer.sessions.map(({ archives: _a, ...s }: { archives: string[] }) => s)).toEqual(
      before.body.sessions.map(fromApi),
    );

    // The chain goes on: exports and checkpoints start from the anchor.
    const exported = await (await t.app.request('/v1/audit/export', { headers: { 'x-dev-user': 'lead-lee' } })).text();
    expect(await verifyExport(exported, await (await t.app.request('/.well-known/jwks.json')).json())).toMatchObject({
      ok: true,
    });
    await recordSession(t, 'agent-bob');
    expect((await writeCheckpoints(t.deps, t.checkpoints))[0]).toMatchObject({ outcome: 'written' });
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify')).body.ok).toBe(true);

    // The purged rows must be somewhere: an archive gone from the store is named.
    unlinkSync(join(archiveDir(marchArchive!.archive), 'manifest.json'));
    const gone = (await t.call('lead-lee', 'GET', '/v1/audit/verify')).body;
    expect(gone.ok).toBe(false);
    expect(gone.findings).toEqual([
      expect.objectContaining({
        kind: 'purge_unverified',
        message: expect.stringMatching(/is missing from .*the purged rows are nowhere/),
      }),
    ]);

    // Every other delete is still refused, also of a row the purge did not cover.
    await expect(
      t.db
        .deleteFrom('audit_events')
        .where('seq', '=', marchArchive!.toSeq + 1)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });

  it('shows the retention period, the archives and the purges to leads and admins, not to agents', async () => {
    await march();
    t.clock.set('2025-07-20T10:00:00.000Z');
    const empty = await t.call('lead-lee', 'GET', '/v1/audit/retention');
    expect(empty.body).toMatchObject({ retentionDays: 90, lastArchive: null, archives: [], purges: [] });
    expect(empty.body.cutoff).toBe('2025-04-21T10:00:00.000Z');
    const [march1, april] = (await archiveClosedRanges(t.deps, stores)) as { archive: string; toSeq: number }[];
    await purgeTenant(t.deps, stores, 'demo', 'admin-ada');
    const shown = await t.call('admin-ada', 'GET', '/v1/audit/retention');
    expect(shown.status).toBe(200);
    expect(shown.body.archives.map((a: { id: string }) => a.id)).toEqual([march1!.archive, april!.archive]);
    expect(shown.body.lastArchive).toMatchObject({ id: april!.archive, periodStart: '2025-04-01T00:00:00.000Z' });
    expect(shown.body.lastArchive.location).toContain(stores.archives.location);
    expect(shown.body.purges).toEqual([
      expect.objectContaining({
        fromSeq: 1,
        toSeq: march1!.toSeq,
        archives: [march1!.archive],
        purgedBy: 'admin-ada',
        grants: 3,
      }),
    ]);
    expect((await t.call('agent-ann', 'GET', '/v1/audit/retention')).status).toBe(403);
    const doc = await (await t.app.request('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/audit/retention', '/v1/audit/erasure-requests']),
    );
  });

  it("records a customer's erasure request in the trail and keeps the access records", async () => {
    await recordSession(t, 'agent-ann');
    const before = await t.counts();
    expect(
      (await t.call('lead-lee', 'POST', '/v1/audit/erasure-requests', { customerId: '1842', reference: 'DSR-117' }))
        .status,
    ).toBe(403);
    const bad = await t.call('admin-ada', 'POST', '/v1/audit/erasure-requests', { customerId: '1842' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('reference');
    expect(await t.counts()).toEqual(before);
    const ok = await t.call('admin-ada', 'POST', '/v1/audit/erasure-requests', {
      customerId: '1842',
      reference: 'DSR-117',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.kept).toMatch(/Art\. 17\(3\)/);
    const row = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '=', ok.body.seq)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'customer.erasure_requested', customer_id: '1842', actor_id: 'admin-ada' });
    expect(await t.counts()).toEqual({ ...before, audit_events: before.audit_events + 1 });
    expect((await t.call('lead-lee', 'GET', '/v1/customers/1842/access')).body.sessions).toHaveLength(1);
  });

  it('seals and purges on its schedule, beside the checkpoint writer', async () => {
    await march();
    t.clock.set('2025-07-20T10:00:00.000Z');
    const job = startRetentionJob(t.deps, stores, { intervalMs: 3_600_000, purge: true });
    await job.stop();
    expect((await t.call('lead-lee', 'GET', '/v1/audit/retention')).body).toMatchObject({
      archives: [{ periodStart: '2025-03-01T00:00:00.000Z' }, { periodStart: '2025-04-01T00:00:00.000Z' }],
      purges: [{ fromSeq: 1, purgedBy: 'system' }],
    });
    expect((await t.call('lead-lee', 'GET', '/v1/audit/verify')).body).toMatchObject({
      ok: true,
      anchor: { seq: expect.any(Number) },
    });
  });
});
