import { createRoute } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../app-env.js';
import { errorResponses, jsonResponse } from '../openapi.js';
import { recordAuthFailure } from '../auth/auth-failures.js';
import { findTenantHost, zZendeskHostConfig } from '../auth/tenant-hosts.js';
import { AuthError } from '../auth/token-errors.js';
import { errors, invalidInputFromZod } from '../errors.js';
import { reportTicketClosed } from '../tickets/ticket-closed.service.js';

const MAX_SKEW_MS = 5 * 60_000;

/** The body the admin's Zendesk webhook sends (see README for the trigger and its JSON template). */
const zTicketUpdate = z
  .object({
    ticket_id: z
      .union([z.string().regex(/^\d{1,20}$/), z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)])
      .transform(String)
      .pipe(z.string().regex(/^\d{1,20}$/, 'must be a ticket id'))
      .meta({ example: '48271' }),
    status: z
      .string()
      .min(1)
      .max(100)
      .transform((s) => s.toLowerCase())
      .meta({ description: 'Zendesk ticket status; only `solved` and `closed` revoke, any other is ignored' }),
    via: z.string().max(100).optional(),
  })
  .meta({ id: 'ZendeskTicketUpdate' });

/** A Zendesk subdomain, as registered with `npm run tenant` (`zendesk:<subdomain>`). */
const zParams = z.object({
  subdomain: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/, 'must be a Zendesk subdomain such as acme')
    .meta({ example: 'acme' }),
});

const zWebhookResult = z
  .object({
    revoked: z.array(z.string()).meta({ description: 'Grants revoked (and flagged) by this report' }),
    ignored: z.string().optional().meta({ description: 'Why nothing was done, e.g. `status open`' }),
  })
  .meta({ id: 'WebhookResult' });

const { 400: invalid, 401: refused, 413: tooLarge, 415: wrongType, 429: tooMany } = errorResponses;

/**
 * The webhook in the OpenAPI document. The route stays plain Hono: the signature is checked over
 * the raw body before anything is parsed, so this is documentation the fuzz test holds to the server.
 */
export const zendeskWebhookDoc = createRoute({
  method: 'post',
  path: '/hooks/zendesk/{subdomain}/ticket-updated',
  summary: 'Zendesk webhook: a ticket was solved or closed by any path; its open grants are revoked and flagged',
  tags: ['hooks'],
  security: [],
  request: {
    params: zParams,
    headers: z.object({
      'x-zendesk-webhook-signature': z.string().meta({ description: 'base64 HMAC-SHA256 of timestamp + body' }),
      'x-zendesk-webhook-signature-timestamp': z.string().meta({ description: 'ISO-8601; at most five minutes off' }),
    }),
    body: { content: { 'application/json': { schema: zTicketUpdate } }, required: true },
  },
  responses: {
    200: jsonResponse(zWebhookResult, 'What the report changed'),
    400: invalid,
    401: refused,
    413: tooLarge,
    415: wrongType,
    429: tooMany,
  },
});

/**
 * Zendesk webhook for tickets solved or closed by any path (API, mobile, triggers): verifies the
 * webhook signature (HMAC-SHA256 over timestamp + body, base64) with the tenant's webhook secret,
 * then revokes and flags the ticket's open grants.
 */
export function zendeskWebhookRoutes(deps: Deps) {
  const app = new Hono();
  // Refused webhook calls are kept for review like any refused sign-in.
  app.onError(async (err, c) => {
    if (err instanceof AuthError) {
      await recordAuthFailure(
        deps.db,
        { code: err.code, source: 'zendesk-webhook', method: c.req.method, path: c.req.path, detail: err.message },
        deps.now(),
      );
    }
    throw err;
  });
  return app.post('/hooks/zendesk/:subdomain/ticket-updated', async (c) => {
    const params = zParams.safeParse(c.req.param());
    if (!params.success) throw invalidInputFromZod(params.error);
    const subdomain = params.data.subdomain.toLowerCase();
    const { tenant, config } = await findTenantHost(deps.db, `zendesk:${subdomain}`, zZendeskHostConfig);
    if (!config.webhookSecret)
      throw new AuthError('webhook_not_configured', `No webhook secret is registered for ${subdomain}`);
    const body = await c.req.text();
    const timestamp = c.req.header('x-zendesk-webhook-signature-timestamp') ?? '';
    const signature = Buffer.from(c.req.header('x-zendesk-webhook-signature') ?? '', 'base64');
    const expected = createHmac('sha256', config.webhookSecret)
      .update(timestamp + body)
      .digest();
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new AuthError('webhook_bad_signature', 'Webhook signature does not match the registered secret');
    }
    if (Math.abs(deps.now().getTime() - Date.parse(timestamp)) > MAX_SKEW_MS) {
      throw new AuthError('webhook_stale', 'Webhook timestamp is more than five minutes off; possible replay');
    }
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type)) throw errors.unsupportedMediaType(type);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw errors.invalidInput('Webhook body is not JSON');
    }
    const parsed = zTicketUpdate.safeParse(json);
    if (!parsed.success) throw invalidInputFromZod(parsed.error);
    const { ticket_id: ticketId, status, via } = parsed.data;
    if (status !== 'solved' && status !== 'closed') return c.json({ revoked: [], ignored: `status ${status}` });
    return c.json(
      await reportTicketClosed(deps, {
        tenant,
        ticketId,
        status,
        via: `zendesk webhook${via ? ` (${via})` : ''}`,
        reporterId: null,
      }),
    );
  });
}
