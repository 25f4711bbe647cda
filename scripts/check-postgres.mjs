// Exits 0 when the PostgreSQL at argv[2] answers `select 1`, 1 otherwise (with the reason).
import pg from 'pg';

const url = process.argv[2];
if (!url) {
  console.error('usage: node scripts/check-postgres.mjs postgres://…');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  await client.query('select 1');
  await client.end();
} catch (err) {
  console.error(`PostgreSQL check failed for ${url}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
