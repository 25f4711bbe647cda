import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { findTenantHostRow, insertTenantOnce, upsertTenantHost } from './identity.repository.js';
import { AuthError } from './token-errors.js';

export const zZendeskHostConfig = z.object({
  /** The app's RS256 public key (PEM, SPKI) that Zendesk shows for the installed app. */
  publicKeyPem: z.string().includes('BEGIN PUBLIC KEY'),
  installationId: z.string().regex(/^\d+$/),
  /** An agent or admin email plus API token, to read user names and roles from the Zendesk API. */
  apiEmail: z.email().optional(),
  apiToken: z.string().min(1).optional(),
  /** Defaults to https://<subdomain>.zendesk.com; tests point it at a local stand-in. */
  apiBaseUrl: z.url().optional(),
  /** The signing secret of the Zendesk webhook that reports tickets solved or closed elsewhere. */
  webhookSecret: z.string().min(16).optional(),
});
export type ZendeskHostConfig = z.infer<typeof zZendeskHostConfig>;

export interface TenantHost<T> {
  tenant: string;
  config: T;
}

/** The tenant a Zendesk subdomain or Jira site belongs to, with its host configuration. */
export async function findTenantHost<T>(
  db: Kysely<Database>,
  hostKey: string,
  schema: z.ZodType<T>,
): Promise<TenantHost<T>> {
  const row = await findTenantHostRow(db, hostKey);
  if (!row)
    throw new AuthError(
      'tenant_not_registered',
      `${hostKey} is not registered with this server; an admin must add it first (see README)`,
    );
  return { tenant: row.tenant, config: schema.parse(JSON.parse(row.config)) };
}

/**
 * Registers (or updates) how a host reaches a tenant, creating the tenant if it is new.
 *
 * @example await registerTenantHost(db, { tenant: 'acme', host: 'zendesk', hostKey: 'zendesk:acme', name: 'Acme',
 * config, ticketUrlTemplate });
 */
export async function registerTenantHost(
  db: Kysely<Database>,
  input: {
    tenant: string;
    host: 'zendesk' | 'jira';
    hostKey: string;
    name: string;
    config: Record<string, unknown>;
    ticketUrlTemplate: string | null;
  },
  at = new Date().toISOString(),
): Promise<void> {
  const { tenant, host, name } = input;
  await insertTenantOnce(db, { id: tenant, host, name, ticket_url_template: input.ticketUrlTemplate, created_at: at });
  const config = JSON.stringify(input.config);
  await upsertTenantHost(db, { host_key: input.hostKey, tenant, host, config, created_at: at });
}
