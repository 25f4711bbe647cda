import { Hono } from 'hono';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../app-env.js';
import { recordAuthFailure } from '../auth/auth-failures.js';
import { findTenantHost, zZendeskHostConfig } from '../auth/tenant-hosts.js';
import { AuthError } from '../auth/token-errors.js';
import { errors, invalidInputFromZod } from '../errors.js';
import { reportTicketClosed } from '../grants/grants.service.js';

const MAX_SKEW_MS = 5 * 60_000;

/** The body the admin's Zendesk webhook sends (see README for the trigger and its JSON template). */
const zTicketUpdate = z.object({
  ticket_id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d+$/, 'must be a ticket id')),
  status: z.string().min(1).transform((s) => s.toLowerCase()),
  via: z.string().max(100).optional(),
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
      await recordAuthFailure(deps.db, { code: err.code, source: 'zendesk-webhook', method: c.req.method, path: c.req.path, detail: err.message }, deps.now());
    }
    throw err;
  });
  return app.post('/hooks/zendesk/:subdomain/ticket-updated', async (c) => {
    const subdomain = c.req.param('subdomain').toLowerCase();
    const { tenant, config } = await findTenantHost(deps.db, `zendesk:${subdomain}`, zZendeskHostConfig);
    if (!config.webhookSecret) throw new AuthError('webhook_not_configured', `No webhook secret is registered for ${subdomain}`);
    const body = await c.req.text();
    const timestamp = c.req.header('x-zendesk-webhook-signature-timestamp') ?? '';
    const signature = Buffer.from(c.req.header('x-zendesk-webhook-signature') ?? '', 'base64');
    const expected = createHmac('sha256', config.webhookSecret).update(timestamp + body).digest();
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new AuthError('webhook_bad_signature', 'Webhook signature does not match the registered secret');
    }
    if (Math.abs(deps.now().getTime() - Date.parse(timestamp)) > MAX_SKEW_MS) {
      throw new AuthError('webhook_stale', 'Webhook timestamp is more than five minutes off; possible replay');
    }
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
    return c.json(await reportTicketClosed(deps, { tenant, ticketId, status, via: `zendesk webhook${via ? ` (${via})` : ''}`, reporterId: null }));
  });
}
