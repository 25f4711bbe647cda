import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** Names for the report's heading; null when the customer was never recorded. */
export async function findReportNames(
  db: Kysely<Database>,
  tenant: string,
  customerId: string,
): Promise<{ tenant: string; customer: string | null }> {
  const [t, c] = await Promise.all([
    db.selectFrom('tenants').select('name').where('id', '=', tenant).executeTakeFirst(),
    db
      .selectFrom('customers')
      .select('name')
      .where('tenant', '=', tenant)
      .where('id', '=', customerId)
      .executeTakeFirst(),
  ]);
  return { tenant: t?.name ?? tenant, customer: c?.name ?? null };
}

/** Admins' test runs of saved queries on the customer (`gateway.query_tested`), oldest first. */
export function listTestRuns(
  db: Kysely<Database>,
  tenant: string,
  customerId: string,
  range: { from?: string; to: string },
): Promise<Array<{ occurred_at: string; data: string }>> {
  let q = db
    .selectFrom('audit_events')
    .select(['occurred_at', 'data'])
    .where('tenant', '=', tenant)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'gateway.query_tested')
    .where('occurred_at', '<', range.to);
  if (range.from) q = q.where('occurred_at', '>=', range.from);
  return q.orderBy('seq').execute();
}
