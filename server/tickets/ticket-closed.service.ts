import type { z } from 'zod';
import type { zTicketClosedReportSchema } from '../../shared/integrations.js';
import type { Actor, AuthInfo, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { revokeForClosedTicket } from '../grants/grants.service.js';
import { listOpenGrantsForTicket } from '../grants/open-grants.repository.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { takeRefusal } from '../http/refused-reports.js';
import { integrationErrors } from '../integrations/integrations.errors.js';
import { markUsed } from '../integrations/integrations.repository.js';

export type TicketClosedReport = z.output<typeof zTicketClosedReportSchema>;

/**
 * A ticket was solved or closed some other way (API, mobile, trigger, a Jira transition): every
 * grant still open on it is revoked and flagged. Idempotent: a second report finds nothing open.
 * The caller has established that the report is the host's word.
 *
 * @example
 * const report = { tenant: 'acme', ticketId: '48271', status: 'solved', via: 'zendesk webhook', reporterId: null };
 * await reportTicketClosed(deps, report);
 */
export async function reportTicketClosed(
  deps: Deps,
  report: { tenant: string; ticketId: string; status: string; via: string; reporterId: string | null },
): Promise<{ revoked: string[] }> {
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const open = await listOpenGrantsForTicket(trx, report.tenant, report.ticketId, at);
    const revoked: string[] = [];
    for (const row of open) {
      if (await revokeForClosedTicket(deps, trx, row, report, report.reporterId ?? 'system', at)) revoked.push(row.id);
    }
    await appendAuditEvents(trx, [
      {
        tenant: report.tenant,
        kind: 'ticket.closed_reported',
        occurredAt: at,
        actorId: report.reporterId,
        ticketId: report.ticketId,
        data: { status: report.status, via: report.via, revoked },
      },
    ]);
    return { revoked };
  });
}

/**
 * `POST /v1/tickets/:ticketId/closed`: a ticket closed outside the apps revokes and flags its open
 * grants — but only on the host's word (the Forge trigger's invocation token, an integration
 * credential; the Zendesk webhook has its own route). From anyone else — an agent, a lead, an
 * admin, the panel's Forge token — it is refused with 403, changes nothing, and the attempt is
 * kept as a small audit row (who, which ticket, how they signed in), rate-limited per user.
 *
 * @example await reportClosedByHost(deps, refusals, c.var.actor, c.var.auth, '48271', { status: 'done', via: 'jira' });
 */
export async function reportClosedByHost(
  deps: Deps,
  refusals: RateLimiter,
  actor: Actor,
  auth: AuthInfo,
  ticketId: string,
  report: TicketClosedReport,
): Promise<{ revoked: string[] }> {
  if (!auth.host) {
    takeRefusal(refusals, actor, deps.now());
    const at = deps.now().toISOString();
    await deps.db.transaction().execute((trx) =>
      appendAuditEvents(trx, [
        {
          tenant: actor.tenant,
          kind: 'ticket.close_report_refused',
          occurredAt: at,
          actorId: actor.id,
          ticketId,
          data: {
            reason: 'not from the host',
            role: actor.role,
            signedInVia: auth.via,
            ...(auth.forgeModuleKey ? { forgeModuleKey: auth.forgeModuleKey } : {}),
            status: report.status,
            via: report.via,
          },
        },
      ]),
    );
    throw integrationErrors.closeReportNotFromHost(auth);
  }
  const result = await reportTicketClosed(deps, {
    tenant: actor.tenant,
    ticketId,
    status: report.status,
    via: report.via,
    reporterId: actor.id,
  });
  if (auth.integrationId) await markUsed(deps.db, auth.integrationId, deps.now().toISOString());
  return result;
}
