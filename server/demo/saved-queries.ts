import type { Kysely } from 'kysely';
import { zSavedQueryDefinitionSchema, type SavedQueryDefinitionInput } from '../../shared/gateway.js';
import type { Database } from '../db/database.js';

/**
 * The demo tenant's saved queries over the demo production data (server/demo/production-data.ts).
 * Plain SQL that runs unchanged on SQLite and PostgreSQL.
 */
export const demoSavedQueries: Record<string, SavedQueryDefinitionInput> = {
  'refund-with-gateway-response': {
    title: 'Refund with gateway response',
    description: "One refund of the ticket's customer with what the payment gateway answered when the refund job ran.",
    system: 'billing-db',
    customerParam: 'customer_id',
    params: [
      { name: 'refund_id', label: 'Refund number', type: 'integer', description: 'As on the ticket, e.g. 9912' },
    ],
    sql: `select r.id as refund_id, r.order_id, r.status as refund_status, r.amount_cents, r.currency,
       r.requested_at, r.processed_at, p.gateway, p.gateway_response_code, p.gateway_response_message,
       p.created_at as gateway_responded_at, p.card_token, c.contact_name, c.email, r.internal_note, r.customer_id
  from refunds r
  join customers c on c.id = r.customer_id
  left join payment_events p on p.refund_id = r.id and p.kind = 'refund'
 where r.customer_id = :customer_id and r.id = :refund_id
 order by p.created_at`,
    rowLimit: 20,
  },
  'account-status': {
    title: 'Account status',
    description: "The customer's account: plan, status, balance, card on file and contact details.",
    system: 'accounts-admin',
    customerParam: 'customer_id',
    sql: `select c.id as customer_id, c.name as company, c.contact_name, c.email, c.phone, a.billing_email,
       a.status as account_status, a.plan, a.balance_cents, a.currency,
       a.card_brand, a.card_token, a.card_expires, c.notes
  from customers c
  join accounts a on a.customer_id = c.id
 where c.id = :customer_id`,
    rowLimit: 5,
  },
  'recent-orders': {
    title: 'Recent orders',
    description: "The customer's latest orders, newest first.",
    system: 'billing-db',
    customerParam: 'customer_id',
    sql: `select o.id as order_id, o.customer_id, o.placed_at, o.status, o.total_cents, o.currency
  from orders o
 where o.customer_id = :customer_id
 order by o.placed_at desc, o.id desc`,
    rowLimit: 25,
  },
};

/**
 * Adds the demo saved queries to a tenant (only those missing; an admin's edits are kept).
 *
 * @example await seedDemoSavedQueries(db, 'demo');
 */
export async function seedDemoSavedQueries(
  db: Kysely<Database>,
  tenant: string,
  at = new Date().toISOString(),
): Promise<void> {
  const rows = Object.entries(demoSavedQueries).map(([name, input]) => ({
    tenant,
    name,
    definition: JSON.stringify(zSavedQueryDefinitionSchema.parse(input)),
    updated_by: 'system',
    updated_at: at,
  }));
  await db
    .insertInto('saved_queries')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant', 'name']).doNothing())
    .execute();
}
