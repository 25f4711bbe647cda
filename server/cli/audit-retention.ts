// Seals archives and purges by hand, or shows where a tenant stands:
//   npm run audit:retention -- archive [--tenant demo]     seal every closed month
//   npm run audit:retention -- purge [--tenant demo]       archive, then purge rows past retentionDays
//   npm run audit:retention -- status --tenant demo        archives and purges as GET /v1/audit/retention
// Reads the same configuration as the server (DATABASE_URL, CHECKPOINT_DIR, CHECKPOINT_KEY_FILE …).
import { parseArgs } from 'node:util';
import { directoryArchiveStore } from '../audit/archive-store.js';
import { loadCheckpointKeys } from '../audit/checkpoint-keys.js';
import { checkpointStore } from '../audit/checkpoint-store.js';
import { runRetention } from '../audit/retention-job.js';
import { retentionStatus } from '../audit/retention.service.js';
import { ConfigError, loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger } from '../logger.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { tenant: { type: 'string' } } });

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.checkpoint.dir) throw new ConfigError('CHECKPOINT_DIR: required: the store the archives go to');
  const keys = await loadCheckpointKeys(config.checkpoint);
  const checkpoints = { keys, store: checkpointStore(config.checkpoint.dir) };
  const stores = { checkpoints, archives: directoryArchiveStore(config.checkpoint.dir) };
  const { db, dialect, close } = connectDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const deps = { db, dialect, now: () => new Date(), logger: createLogger(config.logLevel) };
  try {
    const command = positionals[0];
    if (command === 'archive' || command === 'purge') {
      const result = await runRetention(deps, stores, {
        purge: command === 'purge',
        ...(values.tenant ? { tenant: values.tenant } : {}),
        by: 'cli',
      });
      console.info(JSON.stringify(result, null, 2));
    } else if (command === 'status' && values.tenant) {
      const actor = { tenant: values.tenant, id: 'cli', name: 'cli', email: '', role: 'admin' as const };
      console.info(JSON.stringify(await retentionStatus(deps, actor), null, 2));
    } else {
      console.error('usage: npm run audit:retention -- archive|purge [--tenant <id>] | status --tenant <id>');
      process.exitCode = 2;
    }
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
