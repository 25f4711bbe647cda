import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createApp } from '../app.js';
import { connectDatabase, type DialectName } from '../db/connect.js';
import { connectGatewayDatabase, type GatewayDatabaseHandle } from '../db/gateway-connection.js';
import { seedProductionData } from '../demo/production-data.js';
import { seedDemoSavedQueries } from '../demo/saved-queries.js';
import { createTestContext, seedRequest, type TestContext } from './test-app.js';
import { TEST_DATABASE_URL } from './test-db.js';

/**
 * The demo production data behind a read-only gateway connection: a temp SQLite file or a scratch
 * PostgreSQL schema.
 */
export interface TestProductionDatabase {
  gateway: GatewayDatabaseHandle;
  /** Seeds again through a writable connection (to show seeding adds nothing the second time). */
  reseed(): Promise<void>;
  drop(): Promise<void>;
}

export async function openTestProductionDatabase(dialect: DialectName): Promise<TestProductionDatabase> {
  const suffix = randomBytes(6).toString('hex');
  if (dialect === 'sqlite') {
    const file = join(tmpdir(), `ta-prod-${suffix}.db`);
    const url = `sqlite:${file}`;
    const gateway = await connectGatewayDatabase(url, { prepare: seedProductionData });
    return {
      gateway,
      reseed: async () => void (await connectGatewayDatabase(url, { prepare: seedProductionData })).close(),
      drop: async () => {
        await gateway.close();
        for (const ext of ['', '-journal', '-wal', '-shm']) rmSync(file + ext, { force: true });
      },
    };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const url = TEST_DATABASE_URL;
  const schema = `ta_prod_${suffix}`;
  const admin = connectDatabase(url, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const gateway = await connectGatewayDatabase(url, { schema, poolSize: 4, prepare: seedProductionData });
  return {
    gateway,
    reseed: async () =>
      void (await connectGatewayDatabase(url, { schema, poolSize: 1, prepare: seedProductionData })).close(),
    drop: async () => {
      await gateway.close();
      const cleanup = connectDatabase(url, { poolSize: 1 });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}

export interface GatewayTestContext extends TestContext {
  /** ann's grant on ticket 48271 / customer 1842, approved by lee and started. */
  activeGrant(overrides?: Record<string, unknown>): Promise<string>;
  run(
    user: string,
    grantId: string,
    name: string,
    params?: Record<string, unknown>,
  ): Promise<{ status: number; body: any }>;
}

/** The usual test app (app DB of `dialect`, seeded, fixed clock) with the gateway on `production`. */
export async function createGatewayTestContext(
  dialect: DialectName,
  production: GatewayDatabaseHandle,
): Promise<GatewayTestContext> {
  const t = await createTestContext(dialect);
  await seedDemoSavedQueries(t.db, 'demo', t.clock.iso());
  const app = createApp(t.deps, { authMode: 'dev', gateway: production });
  const call: TestContext['call'] = async (user, method, path, body) => {
    const headers: Record<string, string> = { 'x-dev-user': user };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    ...t,
    app,
    call,
    async activeGrant(overrides = {}) {
      const created = await call('agent-ann', 'POST', '/v1/grants', seedRequest(overrides));
      if (created.status !== 201) throw new Error(`request: ${JSON.stringify(created.body)}`);
      await call('lead-lee', 'POST', `/v1/grants/${created.body.id}/approve`, {});
      const started = await call('agent-ann', 'POST', `/v1/grants/${created.body.id}/start`);
      if (started.body.status !== 'active') throw new Error(`start: ${JSON.stringify(started.body)}`);
      return created.body.id as string;
    },
    run: (user, grantId, name, params = {}) =>
      call(user, 'POST', `/v1/gateway/grants/${grantId}/queries/${name}/run`, { params }),
  };
}
