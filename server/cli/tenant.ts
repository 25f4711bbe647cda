// Registers the hosts that may sign users in: `npm run tenant -- <command> [--flags]`.
// add-zendesk --subdomain acme --installation-id 123 --public-key-file app.pem [--tenant acme] [--name "Acme"]
// [--api-email a@acme.com --api-token …] [--webhook-secret …]
//   add-jira --cloud-id <uuid> --site https://acme.atlassian.net [--tenant <id>] [--name "Acme Jira"]
//   list
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { listTenantHosts } from '../auth/identity.repository.js';
import { registerTenantHost, zZendeskHostConfig } from '../auth/tenant-hosts.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: 'string' },
    name: { type: 'string' },
    subdomain: { type: 'string' },
    'installation-id': { type: 'string' },
    'public-key-file': { type: 'string' },
    'api-email': { type: 'string' },
    'api-token': { type: 'string' },
    'webhook-secret': { type: 'string' },
    'cloud-id': { type: 'string' },
    site: { type: 'string' },
  },
});

function need(name: keyof typeof values): string {
  const value = values[name];
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const { db, close } = connectDatabase(loadConfig().databaseUrl);
  await migrateToLatest(db);
  try {
    switch (positionals[0]) {
      case 'add-zendesk': {
        const subdomain = need('subdomain').toLowerCase();
        const config = zZendeskHostConfig.parse({
          installationId: need('installation-id'),
          publicKeyPem: readFileSync(need('public-key-file'), 'utf8'),
          apiEmail: values['api-email'],
          apiToken: values['api-token'],
          webhookSecret: values['webhook-secret'],
        });
        const tenant = values.tenant ?? subdomain;
        await registerTenantHost(db, {
          tenant,
          host: 'zendesk',
          hostKey: `zendesk:${subdomain}`,
          name: values.name ?? `${subdomain} (Zendesk)`,
          config,
          ticketUrlTemplate: `https://${subdomain}.zendesk.com/agent/tickets/{ticketId}`,
        });
        console.info(`Zendesk account ${subdomain}.zendesk.com → tenant ${tenant}`);
        break;
      }
      case 'add-jira': {
        const cloudId = need('cloud-id');
        const site = need('site').replace(/\/$/, '');
        const tenant = values.tenant ?? cloudId;
        await registerTenantHost(db, {
          tenant,
          host: 'jira',
          hostKey: `jira:${cloudId}`,
          name: values.name ?? `${site} (Jira)`,
          config: { site },
          ticketUrlTemplate: `${site}/browse/{ticketId}`,
        });
        console.info(`Jira site ${site} (cloudId ${cloudId}) → tenant ${tenant}`);
        break;
      }
      case 'list': {
        const rows = await listTenantHosts(db);
        for (const row of rows) console.info(`${row.host_key}\t→ ${row.tenant}\t(${row.created_at})`);
        break;
      }
      default:
        throw new Error(
          'usage: npm run tenant -- add-zendesk | add-jira | list  (see README: Installing in Zendesk and Jira)',
        );
    }
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
