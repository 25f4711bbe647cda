import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportSPKI, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects, type TestDatabase } from '../test/test-db.js';

const run = promisify(execFile);
const cli = new URL('./tenant.ts', import.meta.url).pathname;

describe.each(testDialects.filter((d) => d === 'sqlite'))('the tenant CLI on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.drop();
  });

  const tenantCli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, DATABASE_URL: database.url } });

  it('registers a Zendesk account and a Jira site, creating their tenants', async () => {
    const pem = join(tmpdir(), `zd-${Date.now()}.pem`);
    writeFileSync(pem, await exportSPKI((await generateKeyPair('RS256')).publicKey));
    await tenantCli(
      'add-zendesk',
      '--subdomain',
      'Acme',
      '--installation-id',
      '123',
      '--public-key-file',
      pem,
      '--api-email',
      'api@acme.example',
      '--api-token',
      't',
    );
    await tenantCli(
      'add-jira',
      '--cloud-id',
      'c0ffee00-0000-4000-8000-000000000001',
      '--site',
      'https://globex.atlassian.net/',
    );
    const tenants = await database.db
      .selectFrom('tenants')
      .select(['id', 'host', 'ticket_url_template'])
      .orderBy('id')
      .execute();
    expect(tenants).toEqual([
      { id: 'acme', host: 'zendesk', ticket_url_template: 'https://acme.zendesk.com/agent/tickets/{ticketId}' },
      {
        id: 'c0ffee00-0000-4000-8000-000000000001',
        host: 'jira',
        ticket_url_template: 'https://globex.atlassian.net/browse/{ticketId}',
      },
    ]);
    const { stdout } = await tenantCli('list');
    expect(stdout).toContain('zendesk:acme\t→ acme');
  });

  it('refuses a missing flag with a message naming it', async () => {
    await expect(tenantCli('add-zendesk', '--subdomain', 'acme')).rejects.toMatchObject({
      stderr: expect.stringContaining('--installation-id is required'),
    });
  });
});
