import en from '../../translations/en.json' with { type: 'json' };
import type { Outcome } from '../../shared/grants.js';
import { formatDuration, secondsBetween } from '../../shared/time.js';
import type { GrantRow } from '../db/database.js';

type Vars = Record<string, string | number>;

/**
 * A label from translations/en.json (the file the UI and Zendesk read) with `{{name}}` filled.
 *
 * @example tr('notifications.denied_subject', { ticketId: '48271' })
 */
export function tr(key: string, vars: Vars = {}): string {
  let node: unknown = en;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{{${name}}}`));
}

const n = (key: string, vars?: Vars) => tr(`notifications.${key}`, vars);

/** What a topic's message says, before a channel shapes it (email, Slack). */
export interface Message {
  subject: string;
  intro: string;
  facts: Array<[label: string, value: string]>;
  links: Array<[label: string, url: string]>;
  footer: string;
  /** Approve / Deny buttons belong on messages to approvers (Slack). */
  decidable: boolean;
}

export interface MessageInput {
  topic: string;
  grant: GrantRow;
  data: Record<string, unknown>;
  /** The actor of the event, by name (approver, lead). */
  decider: string | null;
  publicUrl: string;
  at: string;
}

const TOPIC_KEYS: Record<string, string> = {
  'grant.requested': 'requested',
  'grant.reminder': 'reminder',
  'grant.approval_recorded': 'approval_recorded',
  'grant.approved': 'approved',
  'grant.denied': 'denied',
  'grant.revoked': 'revoked',
  'grant.cancelled': 'timed_out',
  'grant.expiring': 'expiring',
  'grant.started': 'emergency',
};

/** The message for one announcement; null for a topic nobody is told of. */
export function messageFor(input: MessageInput): Message | null {
  const key = TOPIC_KEYS[input.topic];
  if (!key) return null;
  const g = input.grant;
  const systems = (JSON.parse(g.systems) as string[]).join(', ');
  const vars: Vars = {
    ticketId: g.ticket_id,
    customerId: g.customer_id,
    requester: g.requester_name,
    access: g.access,
    decider: input.decider ?? '—',
    startBy: g.start_by ?? '—',
    expiresAt: g.expires_at ?? '—',
    justification: g.emergency_justification ?? '',
    minutes: minutesOf(input),
    grantId: g.id,
  };
  const toApprovers = key === 'requested' || key === 'reminder' || key === 'approval_recorded';
  const facts: Message['facts'] = [
    [n('label_reason'), g.reason],
    [n('label_customer'), g.customer_id],
    [n('label_systems'), systems],
    [n('label_access'), g.access === 'write' ? `write — ${g.write_need ?? ''}` : 'read'],
    [n('label_duration'), n('duration_minutes', { minutes: g.duration_minutes })],
    [n('label_ticket'), g.ticket_id],
  ];
  const note = typeof input.data.note === 'string' ? input.data.note : null;
  if (note) facts.push([n('label_note'), note]);
  const links: Message['links'] = [];
  // The demo's ticket links are paths on this server; a helpdesk's are absolute already.
  if (g.ticket_url) links.push([n('link_ticket'), new URL(g.ticket_url, input.publicUrl).toString()]);
  if (toApprovers) links.push([n('link_inbox'), new URL('/console/approvals', input.publicUrl).toString()]);
  if (key === 'emergency') links.push([n('link_review'), new URL('/console/reviews', input.publicUrl).toString()]);
  return {
    subject: n(`${key}_subject`, vars),
    intro: n(`${key}_intro`, vars),
    facts,
    links,
    footer: n('footer', vars),
    decidable: toApprovers,
  };
}

function minutesOf(input: MessageInput): number {
  const d = input.data;
  if (input.topic === 'grant.cancelled' && typeof d.pendingLimitMinutes === 'number') return d.pendingLimitMinutes;
  if (input.topic === 'grant.expiring' && input.grant.expires_at)
    return Math.max(0, Math.round(secondsBetween(input.at, input.grant.expires_at) / 60));
  return Math.round(secondsBetween(input.grant.requested_at, input.at) / 60);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text and HTML of a message, for email. */
export function emailBodies(m: Message): { text: string; html: string } {
  const text = [
    m.intro,
    '',
    ...m.facts.map(([k, v]) => `${k}: ${v}`),
    '',
    ...m.links.map(([k, u]) => `${k}: ${u}`),
    '',
    m.footer,
  ].join('\n');
  const rows = m.facts
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  const links = m.links.map(([k, u]) => `<a href="${escapeHtml(u)}">${escapeHtml(k)}</a>`).join(' · ');
  const html =
    `<p>${escapeHtml(m.intro)}</p><table>${rows}</table><p>${links}</p>` +
    `<p style="color:#68737d">${escapeHtml(m.footer)}</p>`;
  return { text, html };
}

/** The ticket's internal note: the same text the sidebar posted (ticket_sidebar.outcome.comment_body). */
export function outcomeNote(grant: GrantRow, outcome: Outcome, endedAt: string | null): string {
  const seconds = grant.started_at && endedAt ? secondsBetween(grant.started_at, endedAt) : 0;
  return tr('ticket_sidebar.outcome.comment_body', {
    grantId: grant.id,
    customerId: grant.customer_id,
    systems: (JSON.parse(grant.systems) as string[]).join(', '),
    duration: formatDuration(Math.max(0, Math.round(seconds))),
    summary: outcome.summary,
    changed: outcome.changedData ? `yes — ${outcome.changes ?? ''}` : 'no',
    exposed: outcome.exposedBeyondScope ? `yes — ${outcome.exposureDetails ?? ''}` : 'no',
    followUps: outcome.followUps ? `\nFollow-ups: ${outcome.followUps}` : '',
  });
}
