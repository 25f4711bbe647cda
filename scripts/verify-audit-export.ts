// Verifies an audit export offline: `npx tsx scripts/verify-audit-export.ts audit.jsonl jwks.json`
// (get them with GET /v1/audit/export?format=jsonl and GET /.well-known/jwks.json). Exit 0 when intact.
// scripts/verify-audit-export.py checks the same with Python's standard library, independently of this code.
import { readFileSync } from 'node:fs';
import { verifyExport } from '../server/audit/checkpoints.js';

const [exportFile, jwksFile] = process.argv.slice(2);
if (!exportFile || !jwksFile) {
  console.error('usage: npx tsx scripts/verify-audit-export.ts <audit.jsonl> <jwks.json>');
  process.exit(2);
}
const verdict = await verifyExport(readFileSync(exportFile, 'utf8'), JSON.parse(readFileSync(jwksFile, 'utf8')));
if (verdict.ok) {
  const anchor = verdict.anchor
    ? `; matches the stored checkpoint at seq ${verdict.anchor.seq} signed ${verdict.anchor.signedAt}`
    : '';
  console.info(
    `OK: ${verdict.rows} rows, seq ${verdict.checkpoint.fromSeq}–${verdict.checkpoint.toSeq} of tenant ${verdict.checkpoint.tenant}, head ${verdict.checkpoint.hash}, signed ${verdict.checkpoint.signedAt}${anchor}`,
  );
} else {
  console.error(`BROKEN${verdict.seq ? ` at seq ${verdict.seq}` : ''}: ${verdict.reason}`);
  process.exit(1);
}
