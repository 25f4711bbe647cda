import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { isPostgres } from './locks.js';
import type { Database } from './database.js';
import * as initial from './migrations/2026-11-22-0001-initial.js';
import * as identity from './migrations/2026-11-22-0002-identity.js';
import * as gatewayReviews from './migrations/2026-11-22-0003-gateway-reviews.js';
import * as eventIds from './migrations/2026-11-22-0004-event-ids.js';
import * as integrationCredentials from './migrations/2026-12-01-0001-integration-credentials.js';
import * as auditCanon from './migrations/2026-12-01-0002-audit-canon.js';
import * as listIndexes from './migrations/2026-12-01-0003-list-indexes.js';
import * as outbox from './migrations/2026-12-02-0001-outbox.js';
import * as verifyJobs from './migrations/2026-12-02-0005-verify-jobs.js';
import * as auditArchives from './migrations/2026-12-02-0010-audit-archives.js';
import * as grantExtensions from './migrations/2026-12-02-0017-grant-extensions.js';
import * as dashboardIndex from './migrations/2026-12-02-0020-dashboard-index.js';

// A fixed list, not a folder scan, so a bundled server finds every migration. Kysely runs them
// in name order: date, then a sequence number within the day.
const migrations: Record<string, Migration> = {
  '2026-11-22-0001-initial': initial,
  '2026-11-22-0002-identity': identity,
  '2026-11-22-0003-gateway-reviews': gatewayReviews,
  '2026-11-22-0004-event-ids': eventIds,
  '2026-12-01-0001-integration-credentials': integrationCredentials,
  '2026-12-01-0002-audit-canon': auditCanon,
  '2026-12-01-0003-list-indexes': listIndexes,
  '2026-12-02-0001-outbox': outbox,
  '2026-12-02-0005-verify-jobs': verifyJobs,
  '2026-12-02-0010-audit-archives': auditArchives,
  '2026-12-02-0017-grant-extensions': grantExtensions,
  '2026-12-02-0020-dashboard-index': dashboardIndex,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; concurrent callers are serialised by Kysely's migration lock. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema it can see; pin them to ours, or a
  // second schema on the same PostgreSQL (another tenant database, a test) would confuse it.
  const schema = isPostgres(db)
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
