import { encodeCursor, type ListCursor } from '../../shared/cursor.js';
import type { Review, ReviewItem, ReviewSummary } from '../../shared/reviews.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { errors } from '../errors.js';
import { toAccessEvent, toGrant } from '../grants/grant-view.js';
import { findGrant, listAccessEvents, pageOf } from '../grants/grants.repository.js';
import {
  findReviews,
  countFlaggedInPeriod,
  listFlaggedGrants,
  saveReview,
  type ReviewRow,
} from './reviews.repository.js';

function requireLead(actor: Actor): void {
  if (actor.role !== 'lead' && actor.role !== 'admin')
    throw errors.forbidden('Only leads and admins review flagged sessions');
}

const toReview = (row: ReviewRow): Review => ({
  grantId: row.grant_id,
  verdict: row.verdict,
  note: row.note,
  reviewer: { id: row.reviewer_id, name: row.reviewer_name },
  reviewedAt: row.reviewed_at,
});

/**
 * The review queue: flagged sessions with what was viewed and any verdict, latest change first
 * (the order the cursor pages in; a flag raised later moves its session up), a page at a time.
 */
export async function listReviewQueue(
  deps: Deps,
  actor: Actor,
  query: {
    state: 'flagged' | 'reviewed' | 'all';
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    cursor?: ListCursor | undefined;
  },
): Promise<{ items: ReviewItem[]; nextCursor: string | null }> {
  requireLead(actor);
  const page = pageOf(
    await listFlaggedGrants(deps.db, { ...query, tenant: actor.tenant }),
    query.limit,
    (r) => r.updated_at,
  );
  const ids = page.rows.map((r) => r.id);
  const [events, reviews] = await Promise.all([
    listAccessEvents(deps.db, actor.tenant, ids),
    findReviews(deps.db, actor.tenant, ids),
  ]);
  const at = deps.now().toISOString();
  const items = page.rows.map(({ verdict: _verdict, ...row }) => {
    const review = reviews.find((r) => r.grant_id === row.id);
    return {
      ...toGrant(row, at),
      viewed: events.filter((e) => e.grant_id === row.id).map(toAccessEvent),
      review: review ? toReview(review) : null,
    };
  });
  return { items, nextCursor: page.nextCursor && encodeCursor(page.nextCursor) };
}

/**
 * A lead's verdict on a flagged, closed session. Never on their own session; a second verdict
 * replaces the first, and the audit trail keeps both.
 */
export async function recordReview(
  deps: Deps,
  actor: Actor,
  grantId: string,
  input: { verdict: 'ok' | 'concern'; note: string },
): Promise<Review> {
  requireLead(actor);
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findGrant(trx, actor.tenant, grantId);
    if (!row) throw errors.notFound(`Grant ${grantId}`);
    if (row.requester_id === actor.id) throw errors.forbidden('You cannot review your own session; another lead must');
    const grant = toGrant(row, at);
    if (grant.flags.length === 0)
      throw errors.conflict('not_flagged', `Grant ${grantId} raised no flags; there is nothing to review`);
    if (grant.open)
      throw errors.conflict(
        'grant_open',
        `Grant ${grantId} is still ${grant.status}; review it once the session is over (or revoke it)`,
      );
    const [previous] = await findReviews(trx, actor.tenant, [grantId]);
    const review: ReviewRow = {
      tenant: actor.tenant,
      grant_id: grantId,
      verdict: input.verdict,
      note: input.note,
      reviewer_id: actor.id,
      reviewer_name: actor.name,
      reviewed_at: at,
    };
    await saveReview(trx, review);
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'review.recorded',
        occurredAt: at,
        actorId: actor.id,
        grantId,
        ticketId: row.ticket_id,
        customerId: row.customer_id,
        data: {
          verdict: input.verdict,
          note: input.note,
          flags: grant.flags.map((f) => f.code),
          previous: previous ? { verdict: previous.verdict, note: previous.note, by: previous.reviewer_id } : null,
        },
      },
    ]);
    return toReview(review);
  });
}

/** Counts per flag, verdicts, what still waits and the oldest item waiting, for a period (default: the last 7 days). */
export async function reviewSummary(
  deps: Deps,
  actor: Actor,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<ReviewSummary> {
  requireLead(actor);
  const now = deps.now();
  const to = range.to ?? now.toISOString();
  const from = range.from ?? new Date(Date.parse(to) - 7 * 24 * 3600_000).toISOString();
  const counts = await countFlaggedInPeriod(deps.db, { tenant: actor.tenant, from, to });
  const { oldest } = counts;
  return {
    from,
    to,
    flaggedSessions: counts.flaggedSessions,
    perFlag: counts.perFlag,
    reviewed: counts.reviewed,
    unreviewed: counts.flaggedSessions - counts.reviewed.ok - counts.reviewed.concern,
    oldestWaiting: oldest && {
      grantId: oldest.grantId,
      flaggedAt: oldest.flaggedAt,
      waitingHours: Math.round(((now.getTime() - Date.parse(oldest.flaggedAt)) / 3600_000) * 10) / 10,
    },
  };
}

/** The summary as CSV: one row per flag, then the totals. */
export function summaryCsv(summary: ReviewSummary): string {
  const lines = ['metric,count'];
  for (const [code, n] of Object.entries(summary.perFlag).sort()) lines.push(`flag:${code},${n}`);
  lines.push(
    `flagged_sessions,${summary.flaggedSessions}`,
    `reviewed_ok,${summary.reviewed.ok}`,
    `reviewed_concern,${summary.reviewed.concern}`,
    `unreviewed,${summary.unreviewed}`,
  );
  if (summary.oldestWaiting) lines.push(`oldest_waiting_hours,${summary.oldestWaiting.waitingHours}`);
  return `# review summary ${summary.from} to ${summary.to}\n${lines.join('\n')}\n`;
}
