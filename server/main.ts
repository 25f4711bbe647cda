import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Deps } from './app-env.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedProductionData } from './demo/production-data.js';
import { seedDemo } from './demo/seed.js';
import { openGateway } from './gateway/open-gateway.js';
import { createLogger } from './logger.js';
import { startSweeper } from './sweeper.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { db, dialect, close } = connectDatabase(config.databaseUrl);
  await migrateToLatest(db);
  if (config.seedDemo) await seedDemo(db);
  const gateway = await openGateway(config, seedProductionData);

  const logger = createLogger(config.logLevel);
  const deps: Deps = { db, dialect, now: () => new Date(), logger };
  const app = createApp(deps, {
    authMode: config.authMode,
    sessionTtlMinutes: config.sessionTtlMinutes,
    forge: config.forge,
    oidc: config.oidc,
    secureCookies: config.secureCookies,
    publicUrl: config.publicUrl,
    gateway,
    edge: { hsts: config.nodeEnv === 'production', trustedProxies: config.trustProxyHops },
  });
  const stopSweeper = startSweeper(deps, config.sweepIntervalMs);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info(`Ticketed Access on http://${config.host}:${info.port} (db: ${dialect}, auth: ${config.authMode})`);
    if (config.authMode === 'dev') logger.info('Dev sign-in: send x-dev-user: agent-ann | agent-bob | lead-lee | admin-ada');
  });

  const shutdown = () => {
    stopSweeper();
    server.close(() => void Promise.all([close(), gateway?.close()]).then(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
