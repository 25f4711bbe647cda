// Verifies sealed audit archives offline, alone or as a chain:
//   npx tsx scripts/verify-audit-archive.ts jwks.json <archive folder>...
// Each folder holds manifest.json, rows.jsonl, closing-checkpoint.jws (and previous-checkpoint.jws
// after the first). jwks.json is a trusted copy of GET /.well-known/jwks.json, with the public parts
// of rotated checkpoint keys. Exit 0 when every archive verifies and they follow one another.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { verifyArchiveChain } from '../server/audit/archive-format.js';

const [jwksFile, ...folders] = process.argv.slice(2);
if (!jwksFile || folders.length === 0) {
  console.error('usage: npx tsx scripts/verify-audit-archive.ts <jwks.json> <archive folder>...');
  process.exit(2);
}
const jwks = JSON.parse(await readFile(jwksFile, 'utf8'));
const archives = folders.map((folder) => ({
  name: basename(folder),
  read: (name: string) => readFile(join(folder, name)).catch(() => null),
}));
const { ok, verified, problems } = await verifyArchiveChain(archives, jwks);
for (const m of verified) {
  console.info(
    `OK: ${m.id}: tenant ${m.tenant}, seq ${m.fromSeq}–${m.toSeq} (${m.rowCount} rows), ${m.period.start.slice(0, 10)} to ` +
      `${m.period.end.slice(0, 10)}, closing hash ${m.closingHash}`,
  );
}
for (const p of problems) {
  console.error(
    `BROKEN: ${p.archive}: ${p.kind}${p.file ? ` (${p.file})` : ''}${p.seq ? ` at seq ${p.seq}` : ''}: ${p.message}`,
  );
}
if (ok && verified.length > 1) console.info(`OK: ${verified.length} archives form one chain`);
process.exit(ok ? 0 : 1);
