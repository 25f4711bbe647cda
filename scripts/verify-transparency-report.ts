// Verifies a customer transparency report offline:
//   npx tsx scripts/verify-transparency-report.ts report.json jwks.json
// report.json is GET /v1/customers/:customerId/transparency-report as issued; jwks.json a trusted copy
// of the company's GET /.well-known/jwks.json. Exit 0 when the report is exactly as the company signed it.
import { readFileSync } from 'node:fs';
import { verifyReport } from '../server/customers/report-signature.js';

const [reportFile, jwksFile] = process.argv.slice(2);
if (!reportFile || !jwksFile) {
  console.error('usage: npx tsx scripts/verify-transparency-report.ts <report.json> <jwks.json>');
  process.exit(2);
}
let signed: { report?: { issuer?: { name?: string }; customer?: { id?: string }; issuedAt?: string } };
try {
  signed = JSON.parse(readFileSync(reportFile, 'utf8'));
} catch (err) {
  console.error(`REFUSED: ${reportFile} is not JSON: ${(err as Error).message}`);
  process.exit(1);
}
const verdict = await verifyReport(signed, JSON.parse(readFileSync(jwksFile, 'utf8')));
if (verdict.ok) {
  const r = signed.report!;
  console.info(
    `OK: transparency report for customer ${r.customer?.id} issued by ${r.issuer?.name} at ${r.issuedAt}, signed by key ${verdict.kid}`,
  );
} else {
  console.error(`REFUSED: ${verdict.reason}`);
  process.exit(1);
}
