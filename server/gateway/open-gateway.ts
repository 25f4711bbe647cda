import type { Kysely } from 'kysely';
import { DEV_TENANT } from '../auth/dev-auth.js';
import type { Config } from '../config.js';
import { connectGatewayDatabase, type GatewayDatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { seedProductionData } from '../demo/production-data.js';
import { seedDemoSavedQueries } from '../demo/saved-queries.js';

/**
 * The gateway's production connection as configured (null when there is none). In the demo it
 * first creates and seeds `./data/demo-production.db` through a writable connection, and adds the
 * demo tenant's saved queries.
 *
 * @example const gateway = await openGateway(config, db); createApp(deps, { ...options, gateway });
 */
export async function openGateway(config: Pick<Config, 'gateway' | 'seedDemo'>, db: Kysely<Database>): Promise<GatewayDatabaseHandle | null> {
  if (config.seedDemo) await seedDemoSavedQueries(db, DEV_TENANT);
  if (!config.gateway) return null;
  return connectGatewayDatabase(config.gateway.url, config.gateway.seedDemoData ? { prepare: seedProductionData } : {});
}
