import type { Kysely } from 'kysely';
import { defaultSettings, type Settings } from '../../shared/settings.js';
import type { Database } from '../db/database.js';
import { DEV_TENANT } from '../auth/dev-auth.js';
import { seedDemoSavedQueries } from './saved-queries.js';

export const demoUsers = [
  { id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com', role: 'agent' },
  { id: 'agent-bob', name: 'Bob Agent', email: 'bob@example.com', role: 'agent' },
  { id: 'lead-lee', name: 'Lee Lead', email: 'lee@example.com', role: 'lead' },
  { id: 'admin-ada', name: 'Ada Admin', email: 'ada@example.com', role: 'admin' },
] as const;

export const demoSettings: Settings = {
  ...defaultSettings,
  approvers: ['lead-lee'],
  afterHoursApprovers: ['lead-lee', 'admin-ada'],
};

const customers = [
  { id: '1842', name: 'Northwind Outfitters' },
  { id: '2207', name: 'Blue Heron Bakery' },
  { id: '3120', name: 'Kestrel Logistics' },
];

const tickets = [
  {
    id: '48271',
    subject: 'Refund not received',
    requester_name: 'Maya Chen',
    requester_email: 'maya@northwind.example',
    customer_id: '1842',
  },
  {
    id: '48302',
    subject: 'Charged twice for November invoice',
    requester_name: 'Tom Baker',
    requester_email: 'tom@blueheron.example',
    customer_id: '2207',
  },
  {
    id: '48315',
    subject: 'Cannot log in after SSO change',
    requester_name: 'Ravi Patel',
    requester_email: 'ravi@kestrel.example',
    customer_id: '3120',
  },
];

/**
 * The demo tenant: the four seeded users, three customers and their tickets, and settings with
 * lead-lee as approver, and the data gateway's demo saved queries. Safe to run on every start; it
 * only adds what is missing.
 */
export async function seedDemo(
  db: Kysely<Database>,
  tenant = DEV_TENANT,
  at = new Date().toISOString(),
): Promise<void> {
  await db
    .insertInto('tenants')
    .values({
      id: tenant,
      host: 'dev',
      name: 'Demo support team',
      ticket_url_template: `/demo/tickets/{ticketId}`,
      created_at: at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('users')
    .values(demoUsers.map((u) => ({ ...u, tenant, created_at: at })))
    .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
    .execute();
  await db
    .insertInto('customers')
    .values(customers.map((c) => ({ ...c, tenant, created_at: at })))
    .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
    .execute();
  await db
    .insertInto('tickets')
    .values(tickets.map((t) => ({ ...t, tenant, status: 'open', created_at: at })))
    .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
    .execute();
  await db
    .insertInto('settings')
    .values({ tenant, value: JSON.stringify(demoSettings), updated_at: at, updated_by: null })
    .onConflict((oc) => oc.column('tenant').doNothing())
    .execute();
  await seedDemoSavedQueries(db, tenant, at);
}
