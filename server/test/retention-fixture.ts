import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RetentionStores } from '../audit/archiver.js';
import { archivePrefix, directoryArchiveStore } from '../audit/archive-store.js';
import { writeCheckpoints } from '../audit/checkpoint-writer.js';
import type { DialectName } from '../db/connect.js';
import { createTestContext, recordSession, type TestContext } from './test-app.js';

/** Monday 3 March 2025, 10:00 UTC: inside the demo's business hours. */
export const MARCH = '2025-03-03T10:00:00.000Z';
export const MARCH_RANGE = 'from=2025-03-01T00:00:00.000Z&to=2025-04-01T00:00:00.000Z';
const root = new URL('../..', import.meta.url).pathname;
export const pyVerifier = join(root, 'scripts/verify-audit-archive.py');

/** Runs a script of the repository with tsx, as an auditor would. */
export function runScript(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = execFile(process.execPath, ['--import', 'tsx', join(root, script), ...args], (error, stdout, stderr) =>
      resolve({ code: error ? (proc.exitCode ?? 1) : 0, stdout, stderr }),
    );
  });
}

export interface RetentionContext {
  t: TestContext;
  stores: RetentionStores;
  /** A scratch folder for copies and key files. */
  work: string;
  /** March: two sessions on customer 1842, one on 2207, retention set to 90 days; April: one more session. */
  march(): Promise<void>;
  /** The published keys, written to a file as an auditor keeps them. */
  jwksFile(): Promise<string>;
  archiveDir(id: string): string;
  close(): Promise<void>;
}

/** The app on a database whose clock starts in March 2025, with the archive store beside its checkpoints. */
export async function retentionContext(dialect: DialectName): Promise<RetentionContext> {
  const t = await createTestContext(dialect, MARCH);
  const stores = { checkpoints: t.checkpoints, archives: directoryArchiveStore(t.checkpoints.store.dir) };
  const work = mkdtempSync(join(tmpdir(), 'ta-retention-'));
  return {
    t,
    stores,
    work,
    async march() {
      const settings = (await t.call('admin-ada', 'GET', '/v1/settings')).body;
      expect((await t.call('admin-ada', 'PUT', '/v1/settings', { ...settings, retentionDays: 90 })).status).toBe(200);
      await recordSession(t, 'agent-ann');
      await recordSession(t, 'agent-bob');
      await recordSession(t, 'agent-ann', { ticketId: '48302', customerId: '2207' });
      await writeCheckpoints(t.deps, t.checkpoints);
      t.clock.set('2025-04-07T10:00:00.000Z');
      await recordSession(t, 'agent-ann');
    },
    async jwksFile() {
      const file = join(work, 'jwks.json');
      writeFileSync(file, JSON.stringify(await (await t.app.request('/.well-known/jwks.json')).json()));
      return file;
    },
    archiveDir: (id) => join(stores.archives.location, archivePrefix('demo', id)),
    async close() {
      await t.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
