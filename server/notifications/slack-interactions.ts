import { createRoute } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Grant } from '../../shared/grants.js';
import type { Actor, Deps } from '../app-env.js';
import { recordAuthFailure } from '../auth/auth-failures.js';
import { AuthError } from '../auth/token-errors.js';
import { ttlCache } from '../auth/ttl-cache.js';
import { AppError, errors } from '../errors.js';
import { approveGrant, denyGrant } from '../grants/grants.service.js';
import { errorResponses } from '../openapi.js';
import { readSettings } from '../settings/settings.repository.js';
import { decidedMessage, SLACK_ACTIONS } from './slack-blocks.js';

export interface SlackOptions {
  signingSecret: string | null;
  botToken: string | null;
  /** Slack's Web API base, `https://slack.com/api/`; tests point it at a loopback stand-in. */
  apiUrl: string;
}

const MAX_SKEW_S = 5 * 60;

const zPayload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), name: z.string().optional() }),
  response_url: z.url().optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string().optional(), blocks: z.array(z.unknown()).optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().max(500) })).min(1),
});
const zButton = z.object({ tenant: z.string().min(1).max(200), grantId: z.string().min(1).max(100) });

export const slackInteractionsDoc = createRoute({
  method: 'post',
  path: '/hooks/slack/interactions',
  summary: "Slack's interactivity request: Approve / Deny pressed on a request message",
  tags: ['hooks'],
  security: [],
  request: {
    headers: z.object({
      'x-slack-signature': z.string().meta({ description: 'v0=<hex HMAC-SHA256 of v0:timestamp:body>' }),
      'x-slack-request-timestamp': z.string().meta({ description: 'Unix seconds; refused when over 5 minutes old' }),
    }),
    body: {
      content: { 'application/x-www-form-urlencoded': { schema: z.object({ payload: z.string() }) } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The decision was applied, or refused with a reason (`ok: false`); Slack shows the text',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.boolean(),
            text: z.string(),
            response_type: z.literal('ephemeral').optional(),
            replace_original: z.boolean().optional(),
          }),
        },
      },
    },
    400: errorResponses[400],
    401: errorResponses[401],
    413: errorResponses[413],
    415: errorResponses[415],
    429: errorResponses[429],
  },
});

/** Verifies Slack's v0 signature over `v0:<timestamp>:<body>`, refusing stale timestamps (replays). */
export function verifySlackSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  nowMs: number,
) {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > MAX_SKEW_S)
    throw new AuthError('slack_stale', 'Slack request timestamp is missing or more than five minutes old');
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AuthError('slack_bad_signature', 'Slack signature does not match SLACK_SIGNING_SECRET');
}

/**
 * Approve / Deny from Slack, decided by the same service calls as the API — so never one's own
 * request, the rota after hours, the two-person rule — as the directory user the Slack user maps
 * to (settings.notifications.slackUsers, or the email Slack's users.info gives). A refusal answers
 * with its reason and changes nothing; a decision updates the message to say who decided.
 */
export function slackInteractionsRoutes(deps: Deps, options: SlackOptions | null) {
  const emails = ttlCache<string | null>(10 * 60_000);
  const app = new Hono();
  app.onError(async (err, c) => {
    if (err instanceof AuthError) {
      await recordAuthFailure(
        deps.db,
        { code: err.code, source: 'slack', method: c.req.method, path: c.req.path, detail: err.message },
        deps.now(),
      );
    }
    throw err;
  });

  async function slackApi(method: string, body: Record<string, unknown>) {
    if (!options?.botToken) return null;
    const res = await fetch(new URL(method, options.apiUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    return (await res.json()) as { ok: boolean; error?: string; user?: { profile?: { email?: string } } };
  }

  async function directoryUser(tenant: string, slackUserId: string): Promise<Actor | null> {
    const settings = await readSettings(deps.db, tenant, deps.logger);
    const mapped = settings.notifications.slackUsers[slackUserId];
    let query = deps.db.selectFrom('users').selectAll().where('tenant', '=', tenant);
    if (mapped) query = query.where('id', '=', mapped);
    else {
      const email = await emails.get(slackUserId, async () => {
        const info = await slackApi('users.info', { user: slackUserId });
        return info?.ok ? (info.user?.profile?.email?.toLowerCase() ?? null) : null;
      });
      if (!email) return null;
      query = query.where((eb) => eb(eb.fn('lower', ['email']), '=', email));
    }
    const user = await query.executeTakeFirst();
    return user ? { tenant, id: user.id, name: user.name, email: user.email, role: user.role } : null;
  }

  return app.post('/hooks/slack/interactions', async (c) => {
    if (!options?.signingSecret)
      throw new AuthError('webhook_not_configured', 'SLACK_SIGNING_SECRET is not set on this server');
    const body = await c.req.text();
    verifySlackSignature(
      options.signingSecret,
      c.req.header('x-slack-request-timestamp') ?? '',
      body,
      c.req.header('x-slack-signature') ?? '',
      deps.now().getTime(),
    );
    const refuse = (text: string) => c.json({ ok: false, text, response_type: 'ephemeral', replace_original: false });
    let payload: z.infer<typeof zPayload>;
    let button: z.infer<typeof zButton>;
    try {
      payload = zPayload.parse(JSON.parse(new URLSearchParams(body).get('payload') ?? ''));
      button = zButton.parse(JSON.parse(payload.actions[0]!.value));
    } catch {
      throw errors.invalidInput('payload: not a Slack block_actions payload from a Ticketed Access button', [
        { path: 'payload', message: 'must be the JSON Slack sends for a button press on a Ticketed Access message' },
      ]);
    }
    const action = payload.actions[0]!.action_id;
    if (action !== SLACK_ACTIONS.approve && action !== SLACK_ACTIONS.deny) return refuse('Unknown action.');
    const actor = await directoryUser(button.tenant, payload.user.id);
    if (!actor) {
      return refuse(
        'Your Slack account is not linked to a Ticketed Access user: ask an admin to add your email to the directory or map your Slack id in settings.',
      );
    }
    let decided: Grant;
    try {
      decided =
        action === SLACK_ACTIONS.approve
          ? await approveGrant(deps, actor, button.grantId, 'Approved in Slack')
          : await denyGrant(deps, actor, button.grantId, 'Denied in Slack');
    } catch (err) {
      if (err instanceof AppError) return refuse(`Not done: ${err.message}`);
      throw err;
    }
    const at = deps.now().toISOString();
    const status =
      decided.status === 'pending'
        ? 'First approval (1 of 2) given'
        : decided.status === 'approved'
          ? 'Approved'
          : 'Denied';
    const text = `${status} by ${actor.name}`;
    // A first of two approvals keeps the buttons for the second approver; a decision replaces them.
    const line = decidedMessage(payload.message, status, actor.name, at);
    const replacement =
      decided.status === 'pending'
        ? { text: line.text, blocks: [...(payload.message?.blocks ?? []), line.blocks.at(-1)] }
        : line;
    await updateMessage(payload, replacement);
    return c.json({ ok: true, text });
  });

  /** chat.update with the bot token when the message is known, else Slack's response_url. */
  async function updateMessage(payload: z.infer<typeof zPayload>, replacement: { text: string; blocks: unknown[] }) {
    const channel = payload.container?.channel_id ?? payload.channel?.id;
    const ts = payload.container?.message_ts ?? payload.message?.ts;
    try {
      if (options?.botToken && channel && ts) {
        const r = await slackApi('chat.update', { channel, ts, ...replacement });
        if (r?.ok) return;
      }
      if (payload.response_url) {
        await fetch(payload.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ replace_original: true, ...replacement }),
          signal: AbortSignal.timeout(5_000),
        });
      }
    } catch (err) {
      // The decision stands; only the message is stale. Slack users see the result in the reply.
      deps.logger.warn('[slack] could not update the message after a decision', err);
    }
  }
}
