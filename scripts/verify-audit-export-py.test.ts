import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRoleMapping } from '../shared/settings.js';
import { canonicalJson, canonicalJsonV1 } from '../server/audit/canonical-json.js';
import { writeCheckpoints } from '../server/audit/checkpoint-writer.js';
import { seededRandom } from '../server/demo/production-data.js';
import { appendLegacyRows } from '../server/test/audit-legacy.js';
import { cutTail, rewriteAndRehash } from '../server/test/audit-tamper.js';
import { createTestContext, seedRequest, type TestContext } from '../server/test/test-app.js';

// The second, independent verifier: Python's standard library only, written from the rule, not from our code.
const script = fileURLToPath(new URL('./verify-audit-export.py', import.meta.url));

describe('scripts/verify-audit-export.py', () => {
  let t: TestContext;
  let dir: string;
  beforeEach(async () => {
    t = await createTestContext('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'ta-export-'));
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (jsonl: string, jwks: unknown) => {
    writeFileSync(join(dir, 'audit.jsonl'), jsonl);
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
    const result = spawnSync('python3', [script, join(dir, 'audit.jsonl'), join(dir, 'jwks.json')], {
      encoding: 'utf8',
    });
    return { code: result.status, out: result.stdout + result.stderr };
  };
  const exportNow = async () => (await t.call('lead-lee', 'GET', '/v1/audit/export?format=jsonl')).body as string;
  const jwks = async () => (await t.app.request('/.well-known/jwks.json')).json();

  /** A trail like a real one: old canon 1 rows, then settings with Zendesk custom role ids, a grant, a checkpoint. */
  async function realTrail() {
    await appendLegacyRows(t.db, 'demo', t.clock.iso(), [
      { roleMapping: { zendesk: { customRoles: { 10: 'lead', 9: 'agent' } } } },
    ]);
    const settings = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
    const customRoles = { 10: 'lead', 9: 'agent' };
    const put = await t.call('admin-ada', 'PUT', '/v1/settings', {
      ...settings,
      roleMapping: { ...defaultRoleMapping, zendesk: { ...defaultRoleMapping.zendesk, customRoles } },
    });
    expect(put.status).toBe(200);
    const grant = (
      await t.call(
        'agent-ann',
        'POST',
        '/v1/grants',
        seedRequest({ reason: `${seedRequest().reason} — naïve “quotes” \\ 😀` }),
      )
    ).body;
    await t.call('lead-lee', 'POST', `/v1/grants/${grant.id}/approve`, { note: 'ok' });
    await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/start`);
    await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/events`, {
      events: [{ kind: 'view', target: 'refund 9912', fields: ['status'], recordCount: 1 }],
    });
    expect(await writeCheckpoints(t.deps, t.checkpoints)).toMatchObject([{ outcome: 'written' }]);
    await t.call('agent-ann', 'POST', `/v1/grants/${grant.id}/end`, {
      outcome: { summary: 'Checked', changedData: false, exposedBeyondScope: false },
    });
  }

  it('accepts a real export: canon 1 and RFC 8785 rows, role ids "10" and "9", a stored checkpoint', async () => {
    await realTrail();
    const jsonl = await exportNow();
    const rows = jsonl
      .trim()
      .split('\n')
      .slice(0, -1)
      .map((l) => JSON.parse(l));
    const settingsRow = rows.find((r) => r.kind === 'settings.changed' && r.canon === 2);
    expect(settingsRow.data.new.roleMapping.zendesk.customRoles).toEqual({ 9: 'agent', 10: 'lead' });
    expect(rows.map((r) => r.canon)).toEqual([1, ...rows.slice(1).map(() => 2)]);
    const { code, out } = run(jsonl, await jwks());
    expect(out).toMatch(
      new RegExp(
        `^OK: ${rows.length} rows, seq 1-${rows.length} of tenant demo, head [0-9a-f]{64}, signed .*; matches the stored checkpoint at seq ${rows.length - 1}`,
      ),
    );
    expect(code).toBe(0);
  });

  it('rejects a tampered copy, naming the row, and a forged signature', async () => {
    await realTrail();
    const lines = (await exportNow()).trim().split('\n');
    const i = lines.findIndex((l) => JSON.parse(l).canon === 2 && JSON.parse(l).kind === 'settings.changed');
    const altered = [...lines];
    const row = JSON.parse(altered[i]!);
    row.data.new.roleMapping.zendesk.customRoles['10'] = 'admin';
    altered[i] = JSON.stringify(row);
    expect(run(altered.join('\n'), await jwks())).toEqual({
      code: 1,
      out: `BROKEN at seq ${row.seq}: hash does not match the row contents: the row was altered\n`,
    });

    const trailer = JSON.parse(lines.at(-1)!);
    const signature = trailer.checkpoint.split('.');
    signature[2] = `${signature[2][0] === 'A' ? 'B' : 'A'}${signature[2].slice(1)}`;
    const forged = [...lines.slice(0, -1), JSON.stringify({ ...trailer, checkpoint: signature.join('.') })].join('\n');
    expect(run(forged, await jwks())).toMatchObject({
      code: 1,
      out: expect.stringMatching(/checkpoint signature does not verify/),
    });
    expect(run(lines.slice(0, -2).concat(lines.slice(-1)).join('\n'), await jwks())).toMatchObject({
      code: 1,
      out: expect.stringMatching(/the rows end at seq/),
    });
  });

  it('sees, through the stored checkpoint, a chain rewritten and re-hashed, and a cut tail', async () => {
    await realTrail();
    await rewriteAndRehash(t.db, 'sqlite', 'demo', 2, { forged: true });
    expect(run(await exportNow(), await jwks())).toMatchObject({
      code: 1,
      out: expect.stringMatching(/differs from the stored checkpoint/),
    });
    const { checkpoint } = (await t.call('lead-lee', 'GET', '/v1/audit/verify')).body;
    await cutTail(t.db, 'sqlite', 'demo', checkpoint.seq - 1);
    expect(run(await exportNow(), await jwks())).toMatchObject({
      code: 1,
      out: expect.stringMatching(/are missing: the stored checkpoint/),
    });
  });

  it('writes canonical JSON exactly as the server does, in both versions, for random values', () => {
    const rand = seededRandom(32);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const keys = ['a', 'b', 'Z', '9', '10', '0', '01', '4294967294', '4294967295', 'é', '€', '😀', '\ufb33', '\r', ''];
    const leaves = [
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e21,
      1e-7,
      // RFC 8785's own example: a number written with more digits than a double keeps.
      // biome-ignore lint/correctness/noPrecisionLoss: the point of the case
      333333333.33333329,
      5e-324,
      '',
      'é€😀',
      'q " \\ \t\n\u0001\u007f\u2028',
      '</x>',
    ];
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.35) return pick(leaves);
      if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [pick(keys), value(depth + 1)]));
    };
    const samples = Array.from({ length: 500 }, () => value(0));
    writeFileSync(join(dir, 'samples.json'), JSON.stringify(samples));
    const python = [
      'import importlib.util, json, sys',
      `spec = importlib.util.spec_from_file_location("v", ${JSON.stringify(script)})`,
      'v = importlib.util.module_from_spec(spec); spec.loader.exec_module(v)',
      `samples = json.load(open(${JSON.stringify(join(dir, 'samples.json'))}, encoding="utf-8"))`,
      'sys.stdout.write(json.dumps([[v.canonical(s, 1), v.canonical(s, 2)] for s in samples]))',
    ].join('\n');
    const fromPython = JSON.parse(execFileSync('python3', ['-c', python], { encoding: 'utf8' })) as [string, string][];
    expect(fromPython).toEqual(samples.map((s) => [canonicalJsonV1(s), canonicalJson(s)]));
  });
});
