import type { Kysely } from 'kysely';

/**
 * A small "production" billing database for the data gateway's demo and tests: customers,
 * accounts, orders, refunds and payment events. Customer 1842 (Northwind Outfitters) has refund
 * 9912 from ticket #48271, which the payment gateway declined with code 54 (expired card) — the
 * seed case. Sixty other customers make scope binding and row limits matter. Deterministic and
 * idempotent: the same rows every time, and a second run adds nothing.
 */

export const SEED_CUSTOMER_ID = '1842';
export const SEED_REFUND_ID = 9912;

export interface ProductionCustomer {
  id: string;
  name: string;
  contact_name: string;
  email: string;
  phone: string;
  country: string;
  created_at: string;
  notes: string | null;
}

const NORTHWIND_NOTES =
  'Key account since 2019. Prefers email over phone; escalations go to Maya Chen directly. Card on file expired in September and was not replaced yet.';

const namedCustomers: ProductionCustomer[] = [
  {
    id: '1842',
    name: 'Northwind Outfitters',
    contact_name: 'Maya Chen',
    email: 'maya.chen@northwind.example',
    phone: '+1 415 555 0142',
    country: 'US',
    created_at: '2019-03-04T09:12:00.000Z',
    notes: NORTHWIND_NOTES,
  },
  {
    id: '2207',
    name: 'Blue Heron Bakery',
    contact_name: 'Tom Baker',
    email: 'tom@blueheron.example',
    phone: '+44 20 7946 0311',
    country: 'GB',
    created_at: '2021-07-19T14:02:00.000Z',
    notes: 'Invoices go to the accounts inbox; Tom only handles disputes.',
  },
  {
    id: '3120',
    name: 'Kestrel Logistics',
    contact_name: 'Ravi Patel',
    email: 'ravi.patel@kestrel.example',
    phone: '+91 80 4567 8921',
    country: 'IN',
    created_at: '2022-01-10T06:45:00.000Z',
    notes: null,
  },
];

const firstNames = [
  'Ana',
  'Ben',
  'Chloe',
  'Dev',
  'Elif',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jo',
  'Kai',
  'Lena',
  'Marco',
  'Nia',
  'Omar',
  'Pia',
  'Quinn',
  'Rosa',
  'Sam',
  'Tariq',
];
const lastNames = [
  'Alvarez',
  'Brooks',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Gomez',
  'Hughes',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Novak',
  'Okafor',
];
const companyWords = [
  'Acorn',
  'Birch',
  'Cedar',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Indigo',
  'Juniper',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orchid',
  'Pioneer',
];
const companyKinds = ['Supply', 'Studio', 'Foods', 'Labs', 'Outdoor', 'Travel', 'Print', 'Health'];
const orderStatuses = ['delivered', 'delivered', 'delivered', 'shipped', 'processing', 'cancelled'];

/**
 * mulberry32: a tiny seeded PRNG so every seed writes the same rows (the benches use it too).
 *
 * @example const rand = seededRandom(1842); rand() // the same sequence every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T12:00:00.000Z');

/** All demo rows, generated in memory (about 1,000 orders over 63 customers). */
export function productionRows() {
  const rand = seededRandom(1842);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const customers: ProductionCustomer[] = [...namedCustomers];
  for (let i = 0; i < 60; i++) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const company = `${companyWords[i % companyWords.length]} ${companyKinds[i % companyKinds.length]}`;
    const domain = company.toLowerCase().replace(/\s+/g, '');
    customers.push({
      id: String(4000 + i * 37),
      name: company,
      contact_name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}@${domain}.example`,
      phone: `+1 ${200 + Math.floor(rand() * 700)} 555 0${String(100 + i).padStart(3, '0')}`,
      country: pick(['US', 'GB', 'DE', 'FR', 'CA', 'AU']),
      created_at: iso(Date.parse('2020-01-01T00:00:00.000Z') + Math.floor(rand() * 1800) * DAY),
      notes:
        rand() < 0.5
          ? `Account notes for ${company}: renewal in ${pick(['March', 'June', 'September', 'December'])}, contact ${first} before any plan change.`
          : null,
    });
  }

  const accounts = customers.map((c, i) => ({
    id: `acct_${c.id}`,
    customer_id: c.id,
    status: c.id === SEED_CUSTOMER_ID ? 'active' : pick(['active', 'active', 'active', 'past_due', 'suspended']),
    plan: pick(['starter', 'growth', 'enterprise']),
    balance_cents: c.id === SEED_CUSTOMER_ID ? -12_900 : Math.floor(rand() * 50_000) - 10_000,
    currency: c.country === 'GB' ? 'GBP' : c.country === 'US' ? 'USD' : 'EUR',
    card_brand: pick(['visa', 'mastercard', 'amex']),
    card_token:
      c.id === SEED_CUSTOMER_ID
        ? 'tok_visa_51d07e3b4417'
        : `tok_card_${(i * 7919 + 104_729).toString(16)}${String(1000 + i).slice(-4)}`,
    card_expires: c.id === SEED_CUSTOMER_ID ? '2026-09' : `20${27 + (i % 4)}-${String(1 + (i % 12)).padStart(2, '0')}`,
    billing_email: c.id === SEED_CUSTOMER_ID ? 'accounts@northwind.example' : c.email,
    updated_at: iso(NOW - Math.floor(rand() * 90) * DAY),
  }));
  const cardOf = new Map(accounts.map((a) => [a.customer_id, a.card_token]));

  const orders: Array<{
    id: number;
    customer_id: string;
    placed_at: string;
    status: string;
    total_cents: number;
    currency: string;
  }> = [];
  let orderId = 70_000;
  for (const c of customers) {
    const count = c.id === SEED_CUSTOMER_ID ? 40 : 4 + Math.floor(rand() * 20);
    const currency = accounts.find((a) => a.customer_id === c.id)!.currency;
    for (let k = 0; k < count; k++) {
      orderId += 1;
      orders.push({
        id: orderId,
        customer_id: c.id,
        placed_at: iso(NOW - Math.floor(rand() * 500 * DAY)),
        status: pick(orderStatuses),
        total_cents: 1_500 + Math.floor(rand() * 40_000),
        currency,
      });
    }
  }
  // The order behind the seed refund, placed two weeks before the ticket.
  orders.push({
    id: 77_120,
    customer_id: SEED_CUSTOMER_ID,
    placed_at: '2026-11-02T15:31:00.000Z',
    status: 'delivered',
    total_cents: 12_900,
    currency: 'USD',
  });

  type Refund = {
    id: number;
    order_id: number;
    customer_id: string;
    amount_cents: number;
    currency: string;
    status: string;
    requested_at: string;
    processed_at: string | null;
    ticket_ref: string | null;
    internal_note: string | null;
  };
  const refunds: Refund[] = [
    {
      id: SEED_REFUND_ID,
      order_id: 77_120,
      customer_id: SEED_CUSTOMER_ID,
      amount_cents: 12_900,
      currency: 'USD',
      status: 'failed',
      requested_at: '2026-11-16T10:04:00.000Z',
      processed_at: '2026-11-17T02:00:12.000Z',
      ticket_ref: '48271',
      internal_note:
        'Jacket arrived with a torn seam; full refund approved by the account manager. Refund job ran overnight; customer chased on the 19th.',
    },
  ];
  let refundId = 9_000;
  for (const order of orders) {
    if (order.id === 77_120 || rand() > 0.1) continue;
    refundId += 1;
    if (refundId === SEED_REFUND_ID) refundId += 1;
    const requested = Date.parse(order.placed_at) + (2 + Math.floor(rand() * 20)) * DAY;
    refunds.push({
      id: refundId,
      order_id: order.id,
      customer_id: order.customer_id,
      amount_cents: order.total_cents,
      currency: order.currency,
      status: rand() < 0.9 ? 'succeeded' : 'pending',
      requested_at: iso(requested),
      processed_at: iso(requested + DAY / 3),
      ticket_ref: null,
      internal_note:
        rand() < 0.3 ? 'Refund requested by phone; customer verified with the last four of the card.' : null,
    });
  }

  type PaymentEvent = {
    id: number;
    customer_id: string;
    order_id: number | null;
    refund_id: number | null;
    kind: string;
    gateway: string;
    gateway_response_code: string;
    gateway_response_message: string;
    amount_cents: number;
    created_at: string;
    card_token: string;
  };
  const paymentEvents: PaymentEvent[] = [];
  let eventId = 500_000;
  for (const order of orders) {
    paymentEvents.push({
      id: ++eventId,
      customer_id: order.customer_id,
      order_id: order.id,
      refund_id: null,
      kind: 'charge',
      gateway: 'acquirer-eu',
      gateway_response_code: '00',
      gateway_response_message: 'Approved',
      amount_cents: order.total_cents,
      created_at: order.placed_at,
      card_token: cardOf.get(order.customer_id)!,
    });
  }
  for (const refund of refunds) {
    const seed = refund.id === SEED_REFUND_ID;
    paymentEvents.push({
      id: ++eventId,
      customer_id: refund.customer_id,
      order_id: refund.order_id,
      refund_id: refund.id,
      kind: 'refund',
      gateway: 'acquirer-eu',
      gateway_response_code: seed ? '54' : '00',
      gateway_response_message: seed ? 'Expired card' : 'Approved',
      amount_cents: refund.amount_cents,
      created_at: refund.processed_at ?? refund.requested_at,
      card_token: cardOf.get(refund.customer_id)!,
    });
  }
  return { customers, accounts, orders, refunds, paymentEvents };
}

async function insertAll(db: Kysely<any>, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 400))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/**
 * Creates the demo billing tables (when missing) and adds the demo rows (when missing). Works on
 * SQLite and PostgreSQL through a *writable* connection — the gateway's own connection is read-only.
 *
 * @example await connectGatewayDatabase('sqlite:./data/demo-production.db', { prepare: seedProductionData });
 */
export async function seedProductionData(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .execute();
  await db.schema
    .createTable('accounts')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('balance_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('card_brand', 'text', (c) => c.notNull())
    .addColumn('card_token', 'text', (c) => c.notNull())
    .addColumn('card_expires', 'text', (c) => c.notNull())
    .addColumn('billing_email', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('orders')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('refunds')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('order_id', 'integer', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .addColumn('ticket_ref', 'text')
    .addColumn('internal_note', 'text')
    .execute();
  await db.schema
    .createTable('payment_events')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'integer')
    .addColumn('refund_id', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('gateway_response_code', 'text', (c) => c.notNull())
    .addColumn('gateway_response_message', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('card_token', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_customer').ifNotExists().on('accounts').column('customer_id').execute();
  await db.schema
    .createIndex('orders_customer_placed')
    .ifNotExists()
    .on('orders')
    .columns(['customer_id', 'placed_at'])
    .execute();
  await db.schema.createIndex('refunds_customer').ifNotExists().on('refunds').column('customer_id').execute();
  await db.schema.createIndex('payment_events_refund').ifNotExists().on('payment_events').column('refund_id').execute();

  const rows = productionRows();
  await insertAll(db, 'customers', rows.customers);
  await insertAll(db, 'accounts', rows.accounts);
  await insertAll(db, 'orders', rows.orders);
  await insertAll(db, 'refunds', rows.refunds);
  await insertAll(db, 'payment_events', rows.paymentEvents);
}
