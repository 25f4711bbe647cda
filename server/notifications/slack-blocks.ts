import type { Message } from './messages.js';
import { tr } from './messages.js';

/** Button action ids; the interaction handler maps them back to approve / deny. */
export const SLACK_ACTIONS = { approve: 'ta_grant_approve', deny: 'ta_grant_deny' } as const;

/** What a button carries: the tenant and the grant (Slack signs the whole interaction). */
export const buttonValue = (tenant: string, grantId: string) => JSON.stringify({ tenant, grantId });

const mrkdwnEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Block Kit message: the intro, the facts as fields, links, and — on requests still to decide —
 * Approve / Deny buttons answered at POST /hooks/slack/interactions.
 */
export function slackMessage(m: Message, buttons: { tenant: string; grantId: string } | null) {
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwnEscape(m.subject)}*\n${mrkdwnEscape(m.intro)}` } },
    {
      type: 'section',
      fields: m.facts
        .slice(0, 10)
        .map(([k, v]) => ({ type: 'mrkdwn', text: `*${mrkdwnEscape(k)}*\n${mrkdwnEscape(v)}` })),
    },
  ];
  if (m.links.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: m.links.map(([k, u]) => `<${u}|${mrkdwnEscape(k)}>`).join(' · ') }],
    });
  }
  if (buttons) {
    const value = buttonValue(buttons.tenant, buttons.grantId);
    blocks.push({
      type: 'actions',
      block_id: `ta_decide_${buttons.grantId}`,
      elements: [
        {
          type: 'button',
          style: 'primary',
          action_id: SLACK_ACTIONS.approve,
          text: { type: 'plain_text', text: tr('notifications.button_approve') },
          value,
        },
        {
          type: 'button',
          style: 'danger',
          action_id: SLACK_ACTIONS.deny,
          text: { type: 'plain_text', text: tr('notifications.button_deny') },
          value,
        },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnEscape(m.footer) }] });
  return { text: m.subject, blocks };
}

/** The message after a decision: the buttons replaced by who decided and when. */
export function decidedMessage(
  original: { blocks?: unknown[] } | undefined,
  status: string,
  decider: string,
  at: string,
) {
  const kept = (original?.blocks ?? []).filter((b) => (b as { type?: string }).type !== 'actions');
  const line = tr('notifications.slack_decided', { status, decider, at });
  return {
    text: line,
    blocks: [...kept, { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwnEscape(line)}*` } }],
  };
}
