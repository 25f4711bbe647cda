import type { Config } from '../config.js';
import {
  connectGatewayDatabase,
  type GatewayConnectOptions,
  type GatewayDatabaseHandle,
} from '../db/gateway-connection.js';

/**
 * The gateway's production connection as configured (null when there is none). When the config
 * asks for demo data, `seed` runs first through a writable connection (the caller passes the demo's
 * seeder, so the gateway does not depend on the demo).
 *
 * @example const gateway = await openGateway(config, seedProductionData); createApp(deps, { ...options, gateway });
 */
export async function openGateway(
  config: Pick<Config, 'gateway'>,
  seed?: GatewayConnectOptions['prepare'],
): Promise<GatewayDatabaseHandle | null> {
  if (!config.gateway) return null;
  return connectGatewayDatabase(config.gateway.url, config.gateway.seedDemoData && seed ? { prepare: seed } : {});
}
