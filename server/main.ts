import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Deps } from './app-env.js';
import { AuditTriggersError, assertAuditTriggers } from './audit/audit-triggers.js';
import { loadCheckpointKeys } from './audit/checkpoint-keys.js';
import { checkpointStore } from './audit/checkpoint-store.js';
import { startCheckpointWriter } from './audit/checkpoint-writer.js';
import { directoryArchiveStore } from './audit/archive-store.js';
import { startRetentionJob } from './audit/retention-job.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedProductionData } from './demo/production-data.js';
import { seedDemoHistory } from './demo/history.js';
import { seedDemo } from './demo/seed.js';
import { openGateway } from './gateway/open-gateway.js';
import { createLogger } from './logger.js';
import { startNotifier } from './notifications/notifier.js';
import { startSweeper } from './sweeper.js';
import { workerHeavyReads } from './reads/heavy-reads.js';

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
  // Long reads (verify, export pages, the lead's large lists) run beside the event loop, so a ticket
  // save never waits behind them; an in-memory SQLite database has no file for a second connection.
  const reads = /:memory:/.test(config.databaseUrl)
    ? undefined
    : workerHeavyReads({ url: config.databaseUrl, dialect, logger });
  const deps: Deps = { db, dialect, now: () => new Date(), logger, ...(reads ? { reads } : {}) };
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
    notifications: { maxAttempts: config.notify.maxAttempts, slack: config.slack },
  });
  const stopSweeper = startSweeper(deps, config.sweepIntervalMs);
  // Email, Slack, ticket notes and SIEM sinks, from the outbox; never in the request's way.
  const stopNotifier = startNotifier(deps, { ...config.notify, publicUrl: config.publicUrl });
  const checkpointWriter = startCheckpointWriter(deps, checkpoints, config.checkpoint.intervalMs);
  // Sealed archives beside the checkpoints, in the same store outside the database.
  const retention = startRetentionJob(
    deps,
    { checkpoints, archives: directoryArchiveStore(config.checkpoint.dir) },
    config.retention,
  );
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info(`Ticketed Access on http://${config.host}:${info.port} (db: ${dialect}, auth: ${config.authMode})`);
    logger.info(`Audit checkpoints in ${checkpoints.store.dir}, signed with ${checkpointKeys.current.kid}`);
    if (config.authMode === 'dev')
      logger.info('Dev sign-in: send x-dev-user: agent-ann | agent-bob | lead-lee | admin-ada');
  });

  const shutdown = () => {
    stopSweeper();
    void stopNotifier();
    // The last checkpoint covers everything written before the server stopped taking requests.
    server.close(
      () =>
        void retention
          .stop()
          .then(() => checkpointWriter.stop())
          .catch((err: unknown) => logger.error('[checkpoints] the shutdown checkpoint failed', err))
          .then(() => Promise.all([close(), gateway?.close(), reads?.close()]))
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
