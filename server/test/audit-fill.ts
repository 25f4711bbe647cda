import { appendAuditEvents } from '../audit/audit.repository.js';
import type { TestContext } from './test-app.js';

/**
 * Appends `n` test events to a tenant's chain in one transaction, at the test clock's time.
 *
 * @example await appendTestEvents(t, 40); // seqs 1..40 of tenant demo
 */
export function appendTestEvents(t: TestContext, n: number, extra: Record<string, unknown> = {}, tenant = 'demo') {
  return t.db.transaction().execute((trx) =>
    appendAuditEvents(
      trx,
      Array.from({ length: n }, (_, i) => ({
        tenant,
        kind: 'test.event',
        occurredAt: t.clock.iso(),
        actorId: 'lead-lee',
        data: { i, ...extra },
      })),
    ),
  );
}
