import type { Kysely } from 'kysely';
import { zZendeskHostConfig } from '../auth/tenant-hosts.js';
import type { Database } from '../db/database.js';
import type { SendResult } from './worker.js';

/**
 * Posts the outcome as an internal (private) comment on the ticket with the API credentials the
 * admin registered for the tenant's Zendesk (`npm run tenant -- add-zendesk … --api-email
 * --api-token`): `PUT /api/v2/tickets/{id}.json` with `ticket.comment { body, public: false }`.
 * A Jira site's note is posted by the Forge app (only it holds a Jira credential; see README).
 */
export async function postTicketNote(
  db: Kysely<Database>,
  input: { tenant: string; ticketId: string; body: string; timeoutMs: number },
): Promise<SendResult> {
  const hosts = await db
    .selectFrom('tenant_hosts')
    .select(['host_key', 'host', 'config'])
    .where('tenant', '=', input.tenant)
    .execute();
  const zendesk = hosts.find((h) => h.host === 'zendesk');
  if (!zendesk) {
    return hosts.some((h) => h.host === 'jira')
      ? { state: 'skipped', why: 'Jira: the Forge app posts the note as the user (see README, "Outcome notes")' }
      : { state: 'skipped', why: 'no helpdesk registered for this tenant' };
  }
  const config = zZendeskHostConfig.parse(JSON.parse(zendesk.config));
  if (!config.apiEmail || !config.apiToken)
    throw new Error('no Zendesk API credentials registered (npm run tenant -- add-zendesk … --api-email --api-token)');
  const subdomain = zendesk.host_key.replace(/^zendesk:/, '');
  const base = config.apiBaseUrl ?? `https://${subdomain}.zendesk.com`;
  const url = new URL(`/api/v2/tickets/${encodeURIComponent(input.ticketId)}.json`, base);
  const res = await fetch(url, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${config.apiEmail}/token:${config.apiToken}`).toString('base64')}`,
    },
    body: JSON.stringify({ ticket: { comment: { body: input.body, public: false } } }),
    signal: AbortSignal.timeout(input.timeoutMs),
  });
  if (!res.ok)
    throw new Error(`Zendesk answered ${res.status} to the internal note: ${(await res.text()).slice(0, 200)}`);
  return { state: 'delivered' };
}
