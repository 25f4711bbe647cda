import nodemailer from 'nodemailer';
import type { Outcome } from '../../shared/grants.js';
import type { Deps } from '../app-env.js';
import type { GrantRow, OutboxRow } from '../db/database.js';
import { findGrant } from '../grants/grants.repository.js';
import { readChannels } from './channels.service.js';
import { emailBodies, messageFor, outcomeNote } from './messages.js';
import { emailsOf, recipientIds } from './recipients.js';
import { slackMessage } from './slack-blocks.js';
import { postTicketNote } from './ticket-note.js';
import type { SendResult, Senders } from './worker.js';

export interface SenderOptions {
  publicUrl: string;
  /** `smtp://user:pass@host:587` or `smtps://…`; without it email is skipped (the row says so). */
  smtpUrl: string | null;
  mailFrom: string;
  /** Outgoing HTTP (Slack, Zendesk) gives up after this long; the row is retried. */
  httpTimeoutMs?: number;
}

const skipped = (why: string): SendResult => ({ state: 'skipped', why });

/**
 * The channels the worker sends through: email (SMTP), the tenant's Slack webhook, and the
 * ticket's internal note. A send that throws is retried by the worker; `skipped` says why a row
 * had nowhere to go (no SMTP, no Slack webhook, no recipient with an email).
 */
export function createSenders(deps: Deps, options: SenderOptions): Senders & { close(): void } {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  const timeout = options.httpTimeoutMs ?? 10_000;

  async function context(row: OutboxRow) {
    const grant = row.grant_id ? await findGrant(deps.db, row.tenant, row.grant_id) : undefined;
    if (!grant) return null;
    const data = JSON.parse(row.payload) as Record<string, unknown>;
    const at = deps.now().toISOString();
    const message = messageFor({
      topic: row.topic,
      grant,
      data,
      decider: await deciderOf(row, grant),
      publicUrl: options.publicUrl,
      at,
    });
    return { grant, data, at, message };
  }

  async function deciderOf(row: OutboxRow, grant: GrantRow): Promise<string | null> {
    if (!row.audit_event_id) return grant.decided_by_name;
    const event = await deps.db
      .selectFrom('audit_events')
      .select('actor_id')
      .where('id', '=', row.audit_event_id)
      .executeTakeFirst();
    if (!event?.actor_id) return event ? 'Ticketed Access' : grant.decided_by_name;
    const user = await deps.db
      .selectFrom('users')
      .select('name')
      .where('tenant', '=', row.tenant)
      .where('id', '=', event.actor_id)
      .executeTakeFirst();
    return user?.name ?? event.actor_id;
  }

  return {
    async email(row) {
      if (!transport) return skipped('no SMTP_URL configured');
      const ctx = await context(row);
      if (!ctx?.message) return skipped('nothing to say for this topic');
      const ids = await recipientIds(deps.db, deps.logger, row.topic, ctx.grant, ctx.at);
      const to = await emailsOf(deps.db, ctx.grant, ids);
      if (to.length === 0) return skipped(`no recipient with an email (${ids.join(', ') || 'nobody to tell'})`);
      const { text, html } = emailBodies(ctx.message);
      await transport.sendMail({
        from: options.mailFrom,
        to,
        subject: ctx.message.subject,
        text,
        html,
        // Receivers (and mail clients) dedupe a resend after a crash by the delivery's own id.
        messageId: `<ta-delivery-${row.id}@${new URL(options.publicUrl).hostname}>`,
        headers: { 'X-Ticketed-Access-Delivery': String(row.id), 'X-Ticketed-Access-Grant': ctx.grant.id },
      });
      return { state: 'delivered' };
    },
    async slack(row) {
      const channels = await readChannels(deps.db, row.tenant);
      if (!channels.slack) return skipped('no Slack webhook configured for this tenant');
      const ctx = await context(row);
      if (!ctx?.message) return skipped('nothing to say for this topic');
      const buttons =
        ctx.message.decidable && ctx.grant.status === 'pending' ? { tenant: row.tenant, grantId: ctx.grant.id } : null;
      const res = await fetch(channels.slack.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(slackMessage(ctx.message, buttons)),
        signal: AbortSignal.timeout(timeout),
      });
      if (!res.ok) throw new Error(`Slack webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      return { state: 'delivered' };
    },
    async ticket_note(row) {
      const grant = row.grant_id ? await findGrant(deps.db, row.tenant, row.grant_id) : undefined;
      if (!grant) return skipped('grant not found');
      const data = JSON.parse(row.payload) as { outcome?: Outcome; endedAt?: string };
      const outcome = data.outcome ?? (grant.outcome ? (JSON.parse(grant.outcome) as Outcome) : null);
      if (!outcome) return skipped('no outcome to post');
      const body = outcomeNote(grant, outcome, data.endedAt ?? grant.ended_at);
      return postTicketNote(deps.db, { tenant: row.tenant, ticketId: grant.ticket_id, body, timeoutMs: timeout });
    },
    close: () => transport?.close(),
  };
}
