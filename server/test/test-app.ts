import type { Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import type { Deps } from '../app-env.js';
import type { AuditCheckpoints } from '../audit/checkpoint-compare.js';
import { ephemeralCheckpointKeys } from '../audit/checkpoint-keys.js';
import { checkpointStore } from '../audit/checkpoint-store.js';
import type { Database } from '../db/database.js';
import type { DialectName } from '../db/connect.js';
import { seedDemo } from '../demo/seed.js';
import { openTestDatabase, type TestDatabase } from './test-db.js';

/** Monday 23 November 2026, 10:00 UTC: inside the demo's business hours. */
export const MONDAY_10AM = '2026-11-23T10:00:00.000Z';

export const SEED_REASON =
  'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';

type TableName = 'grants' | 'access_events' | 'audit_events' | 'settings';

export interface TestContext {
  database: TestDatabase;
  db: Kysely<Database>;
  deps: Deps;
  app: ReturnType<typeof createApp>;
  /** The app's checkpoint key (in memory) and store (a temp folder, removed by close()). */
  checkpoints: AuditCheckpoints & { store: NonNullable<AuditCheckpoints['store']> };
  logged: unknown[][];
  clock: { set(iso: string): void; advance(minutes: number): void; iso(): string };
  call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  counts(): Promise<Record<TableName, number>>;
  close(): Promise<void>;
}

/** A migrated, seeded database with the real app on top and a hand-moved clock. */
export async function createTestContext(dialect: DialectName, start = MONDAY_10AM): Promise<TestContext> {
  const database = await openTestDatabase(dialect);
  let now = Date.parse(start);
  const logged: unknown[][] = [];
  const logger = {
    error: (...a: unknown[]) => logged.push(a),
    warn: (...a: unknown[]) => logged.push(a),
    info: () => {},
  };
  const deps: Deps = { db: database.db, dialect, now: () => new Date(now), logger };
  await seedDemo(database.db, 'demo', start);
  const checkpointDir = mkdtempSync(join(tmpdir(), 'ta-checkpoints-'));
  const checkpoints = { keys: await ephemeralCheckpointKeys(), store: checkpointStore(checkpointDir) };
  const app = createApp(deps, { authMode: 'dev', checkpoints });
  return {
    database,
    db: database.db,
    deps,
    app,
    checkpoints,
    logged,
    clock: {
      set: (iso) => (now = Date.parse(iso)),
      advance: (minutes) => (now += minutes * 60_000),
      iso: () => new Date(now).toISOString(),
    },
    async call(user, method, path, body) {
      // `user@tenant` signs in to another tenant (seed it first with seedDemo).
      const [userId = user, tenant] = user.split('@');
      const headers: Record<string, string> = { 'x-dev-user': userId, ...(tenant ? { 'x-dev-tenant': tenant } : {}) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(path, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (CSV, JSON lines): hand back the text.
      }
      return { status: res.status, body: parsed as any };
    },
    async counts() {
      const tables = ['grants', 'access_events', 'audit_events', 'settings'] as const;
      const entries = await Promise.all(
        tables.map(
          async (t) =>
            [
              t,
              Number(
                (
                  await database.db
                    .selectFrom(t)
                    .select((eb) => eb.fn.countAll().as('n'))
                    .executeTakeFirstOrThrow()
                ).n,
              ),
            ] as const,
        ),
      );
      return Object.fromEntries(entries) as Record<TableName, number>;
    },
    close: async () => {
      await database.drop();
      rmSync(checkpointDir, { recursive: true, force: true });
    },
  };
}

/** A valid request body for ticket #48271 and customer 1842; override what a test is about. */
export function seedRequest(overrides: Record<string, unknown> = {}) {
  return {
    ticketId: '48271',
    reason: SEED_REASON,
    customerId: '1842',
    systems: ['billing-db'],
    access: 'read',
    maskedDataChecked: true,
    ...overrides,
  };
}

const SESSION_OUTCOME = { summary: 'Checked; nothing changed', changedData: false, exposedBeyondScope: false };

/**
 * One whole session for the history tests: requested as `user`, approved by lead-lee, started, one
 * view of the customer in scope, three minutes, ended with an outcome (unless `end` is false).
 */
export async function recordSession(t: TestContext, user: string, overrides: Record<string, unknown> = {}, end = true) {
  const { body } = await t.call(user, 'POST', '/v1/grants', seedRequest(overrides));
  await t.call('lead-lee', 'POST', `/v1/grants/${body.id}/approve`, {});
  await t.call(user, 'POST', `/v1/grants/${body.id}/start`);
  await t.call(user, 'POST', `/v1/grants/${body.id}/events`, {
    events: [{ kind: 'view', target: `customer ${String(overrides.customerId ?? '1842')}`, fields: ['email'] }],
  });
  t.clock.advance(3);
  if (end) {
    await t.call(user, 'POST', `/v1/grants/${body.id}/end`, { outcome: SESSION_OUTCOME });
    t.clock.advance(60);
  }
  return body.id as string;
}
