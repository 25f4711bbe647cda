import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openTestDatabase, type TestDatabase } from '../test/test-db.js';
import { seedProductionData } from '../demo/production-data.js';
import { seedDemo } from '../demo/seed.js';
import { openGateway } from './open-gateway.js';

describe('gateway configuration', () => {
  it('defaults to the seeded demo production file in dev mode, and to no gateway in production', () => {
    expect(loadConfig({}).gateway).toEqual({ url: 'sqlite:./data/demo-production.db', seedDemoData: true });
    expect(loadConfig({ SEED_DEMO: 'false' }).gateway).toBeNull();
    expect(loadConfig({ NODE_ENV: 'production' }).gateway).toBeNull();
  });

  it('takes GATEWAY_DATABASE_URL as is and never seeds it', () => {
    expect(loadConfig({ GATEWAY_DATABASE_URL: 'postgres://reader@prod-replica:5432/billing' }).gateway).toEqual({
      url: 'postgres://reader@prod-replica:5432/billing',
      seedDemoData: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', GATEWAY_DATABASE_URL: 'sqlite:/srv/billing.db' }).gateway).toEqual({
      url: 'sqlite:/srv/billing.db',
      seedDemoData: false,
    });
  });

  it('stops start-up on a bad URL, naming the variable', () => {
    expect(() => loadConfig({ GATEWAY_DATABASE_URL: 'mysql://prod/billing' })).toThrow(
      /GATEWAY_DATABASE_URL: must be postgres/,
    );
  });
});

describe('openGateway', () => {
  let app: TestDatabase | undefined;
  const files: string[] = [];
  afterEach(async () => {
    await app?.drop();
    for (const f of files) rmSync(f, { force: true });
  });

  it('creates and seeds the demo file and opens it read-only; the demo seed adds the saved queries', async () => {
    app = await openTestDatabase('sqlite');
    const file = join(tmpdir(), `ta-demo-prod-${randomBytes(4).toString('hex')}.db`);
    files.push(file, `${file}-journal`);
    const gateway = await openGateway({ gateway: { url: `sqlite:${file}`, seedDemoData: true } }, seedProductionData);
    await seedDemo(app.db);
    try {
      const result = await gateway!.run({
        text: "select name from customers where id = '1842'",
        values: [],
        rowLimit: 1,
        timeoutMs: 1000,
      });
      expect(result.rows).toEqual([['Northwind Outfitters']]);
      await expect(
        gateway!.run({ text: "update customers set name = 'x'", values: [], rowLimit: 1, timeoutMs: 1000 }),
      ).rejects.toMatchObject({ kind: 'read_only' });
    } finally {
      await gateway!.close();
    }
    expect(
      (await app.db.selectFrom('saved_queries').select('name').where('tenant', '=', 'demo').execute())
        .map((r) => r.name)
        .sort(),
    ).toEqual(['account-status', 'recent-orders', 'refund-with-gateway-response']);
  });

  it('refuses to start on a production file that does not exist (it is never created)', async () => {
    app = await openTestDatabase('sqlite');
    const missing = join(tmpdir(), `ta-missing-${randomBytes(4).toString('hex')}.db`);
    await expect(openGateway({ gateway: { url: `sqlite:${missing}`, seedDemoData: false } })).rejects.toThrow(
      /Cannot open the gateway database .* read-only/,
    );
    expect(await openGateway({ gateway: null })).toBeNull();
  });
});
