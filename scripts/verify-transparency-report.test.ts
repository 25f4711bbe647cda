import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralCheckpointKeys } from '../server/audit/checkpoint-keys.js';
import { createTestContext, recordSession, type TestContext } from '../server/test/test-app.js';

const script = fileURLToPath(new URL('./verify-transparency-report.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

describe('scripts/verify-transparency-report.ts', () => {
  let t: TestContext;
  let dir: string;
  beforeEach(async () => {
    t = await createTestContext('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'ta-report-'));
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (report: unknown, jwks: unknown) => {
    writeFileSync(join(dir, 'report.json'), typeof report === 'string' ? report : JSON.stringify(report, null, 2));
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
    const result = spawnSync(tsx, [script, join(dir, 'report.json'), join(dir, 'jwks.json')], { encoding: 'utf8' });
    return { code: result.status, out: result.stdout + result.stderr };
  };

  it('accepts the report as issued and refuses a tampered one, a foreign key and a stripped signature', async () => {
    await recordSession(t, 'agent-ann');
    const issued = (await t.call('lead-lee', 'GET', '/v1/customers/1842/transparency-report')).body;
    const jwks = await (await t.app.request('/.well-known/jwks.json')).json();

    const ok = run(issued, jwks);
    expect(ok.out).toMatch(/^OK: transparency report for customer 1842 issued by Demo support team/);
    expect(ok.code).toBe(0);

    const tampered = structuredClone(issued);
    tampered.report.accesses[0].durationMinutes = 1;
    expect(run(tampered, jwks)).toEqual({
      code: 1,
      out: expect.stringMatching(/REFUSED: .*changed after it was issued/),
    });

    const hidden = structuredClone(issued);
    hidden.report.accesses = [];
    expect(run(hidden, jwks).code).toBe(1);

    const otherCompany = { keys: (await ephemeralCheckpointKeys()).publicJwks };
    expect(run(issued, otherCompany)).toEqual({ code: 1, out: expect.stringMatching(/no published checkpoint key/) });

    expect(run({ report: issued.report }, jwks).code).toBe(1);
    expect(run('not json', jwks).code).toBe(1);
  });
});
