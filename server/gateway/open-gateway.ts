import type { Config } from '../config.js';
import { connectGatewayDatabase, type GatewayDatabaseHandle } from '../db/connect.js';
import { seedProductionData } from '../demo/production-data.js';

/**
 * The gateway's production connection as configured (null when there is none). In the demo it
 * first creates and seeds `./data/demo-production.db` through a writable connection (the demo
 * tenant's saved queries come with `seedDemo`).
 *
 * @example const gateway = await openGateway(config); createApp(deps, { ...options, gateway });
 */
export async function openGateway(config: Pick<Config, 'gateway'>): Promise<GatewayDatabaseHandle | null> {
  if (!config.gateway) return null;
  return connectGatewayDatabase(config.gateway.url, config.gateway.seedDemoData ? { prepare: seedProductionData } : {});
}
