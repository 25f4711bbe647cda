// Answers an auditor's question from the sealed archives, without loading them into a database:
//   npm run archive:query -- --store ./data/checkpoints --tenant demo --customer 1842 \
//     --from 2025-03-01 --to 2025-04-01 --jwks jwks.json [--json]
// "Who opened customer 1842's data in March 2025?": every session on that customer requested in
// [from, to), with requester, approver, ticket, reason, start, end and what was viewed.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { queryArchives } from '../server/audit/archive-query.js';
import { directoryArchiveStore } from '../server/audit/archive-store.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    tenant: { type: 'string' },
    customer: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    jwks: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const missing = (['store', 'tenant', 'customer', 'from', 'to'] as const).filter((k) => !values[k]);
if (missing.length > 0) {
  console.error(
    `missing --${missing.join(', --')}\nusage: npm run archive:query -- --store <dir> --tenant <id> --customer <id> ` +
      '--from <date> --to <date> [--jwks jwks.json] [--json]',
  );
  process.exit(2);
}
const day = (text: string, name: string) => {
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(at.getTime())) {
    console.error(`--${name}: not a date (YYYY-MM-DD or ISO-8601): ${text}`);
    process.exit(2);
  }
  return at.toISOString();
};
if (!values.jwks) console.warn('no --jwks given: the archives are read without verifying them');
const answer = await queryArchives(directoryArchiveStore(values.store!), {
  tenant: values.tenant!,
  customerId: values.customer!,
  from: day(values.from!, 'from'),
  to: day(values.to!, 'to'),
  ...(values.jwks ? { jwks: JSON.parse(await readFile(values.jwks, 'utf8')) } : {}),
});
if (!answer.ok) {
  console.error(`BROKEN: ${answer.problem.archive}: ${answer.problem.kind}: ${answer.problem.message}`);
  process.exit(1);
}
if (values.json) {
  console.info(JSON.stringify(answer, null, 2));
} else {
  console.info(
    `${answer.sessions.length} session(s) on customer ${values.customer} from archives ${answer.archivesRead.join(', ') || '(none)'}`,
  );
  for (const s of answer.sessions) {
    const approval = s.decision ? `${s.decision.outcome} by ${s.decision.by} at ${s.decision.at}` : 'no decision';
    console.info(
      `- ${s.requestedAt} ${s.requesterId} on ticket ${s.ticketId} (grant ${s.grantId}): "${s.reason}"; ${approval}; ` +
        `started ${s.startedAt ?? '—'}, ${s.endKind ?? 'open'} ${s.endedAt ?? ''}`,
    );
    for (const v of s.viewed)
      console.info(
        `    ${v.occurredAt} ${v.kind} ${v.target} [${v.fields.join(', ')}]${v.accepted ? '' : ' (shadow)'}`,
      );
  }
}
