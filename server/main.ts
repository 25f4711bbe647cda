import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Deps } from './app-env.js';
import { AuditTriggersError, assertAuditTriggers } from './audit/audit-triggers.js';
import { loadCheckpointKeys } from './audit/checkpoint-keys.js';
import { checkpointStore } from './audit/checkpoint-store.js';
import { startCheckpointWriter } from './audit/checkpoint-writer.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedProductionData } from './demo/production-data.js';
import { seedDemoHistory } from './demo/history.js';
import { seedDemo } from './demo/seed.js';
import { openGateway } from './gateway/open-gateway.js';
import { createLogger } from './logger.js';
import { startSweeper } from './sweeper.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before the database is touched: the checkpoint key and store live outside it.
  const checkpointKeys = await loadCheckpointKeys(config.checkpoint);
  if (!config.checkpoint.dir) {
    throw new ConfigError(
      'CHECKPOINT_DIR: required when NODE_ENV=production: a directory outside the database (mounted append-only or object-locked) for signed audit checkpoints',
    );
  }
  const checkpoints = { keys: checkpointKeys, store: checkpointStore(config.checkpoint.dir) };
  const { db, dialect, close } = connectDatabase(config.databaseUrl);
  await migrateToLatest(db);
  await assertAuditTriggers(db);
  const logger = createLogger(config.logLevel);
  const deps: Deps = { db, dialect, now: () => new Date(), logger };
  if (config.seedDemo) {
    await seedDemo(db);
    // A fresh demo opens on a month of history (once: a tenant with grants is left alone).
    const history = await seedDemoHistory(deps, new Date());
    if (history) logger.info(`Demo history: ${history.sessions} sessions over the last 30 days`);
  }
  const gateway = await openGateway(config, seedProductionData);

  const app = createApp(deps, {
    authMode: config.authMode,
    sessionTtlMinutes: config.sessionTtlMinutes,
    forge: config.forge,
    oidc: config.oidc,
    secureCookies: config.secureCookies,
    publicUrl: config.publicUrl,
    gateway,
    edge: { hsts: config.nodeEnv === 'production', trustedProxies: config.trustProxyHops },
    checkpoints,
  });
  const stopSweeper = startSweeper(deps, config.sweepIntervalMs);
  const checkpointWriter = startCheckpointWriter(deps, checkpoints, config.checkpoint.intervalMs);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info(`Ticketed Access on http://${config.host}:${info.port} (db: ${dialect}, auth: ${config.authMode})`);
    logger.info(`Audit checkpoints in ${checkpoints.store.dir}, signed with ${checkpointKeys.current.kid}`);
    if (config.authMode === 'dev')
      logger.info('Dev sign-in: send x-dev-user: agent-ann | agent-bob | lead-lee | admin-ada');
  });

  const shutdown = () => {
    stopSweeper();
    // The last checkpoint covers everything written before the server stopped taking requests.
    server.close(
      () =>
        void checkpointWriter
          .stop()
          .catch((err: unknown) => logger.error('[checkpoints] the shutdown checkpoint failed', err))
          .then(() => Promise.all([close(), gateway?.close()]))
          .then(() => process.exit(0)),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof AuditTriggersError ? err.message : err);
  process.exit(1);
});
