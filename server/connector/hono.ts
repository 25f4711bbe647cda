import type { Context, MiddlewareHandler } from 'hono';
import { createGrantGuard, type GrantClaims, type GrantGuardOptions } from './grant-guard.js';
import type { Reporter, ViewedEvent } from './reporter.js';

export interface TicketedAccessVariables {
  grant: GrantClaims;
  /** Say precisely what this request showed; without it the request itself is reported as a view. */
  recordView: (event: Omit<ViewedEvent, 'customerId'>) => void;
}

export interface HonoGuardOptions extends GrantGuardOptions {
  reporter: Reporter;
  /** Which customer the request is about (a path parameter, usually). */
  customerOf: (c: Context) => string | undefined;
}

export function tokenFrom(authorization: string | undefined, header: string | undefined): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? header ?? undefined;
}

/**
 * Hono middleware for an internal tool: refuses requests without an active grant for the
 * customer they touch, and reports what each served request viewed.
 *
 * @example
 *   const reporter = createReporter({ serverUrl, queueFile: './data/ta-queue.jsonl' }); reporter.start();
 * app.use('/customers/:customerId/*', ticketedAccess({ serverUrl, reporter, customerOf: (c) =>
 * c.req.param('customerId') }));
 * app.get('/customers/:customerId/refunds/:id', (c) => { c.var.recordView({ kind: 'view', target: `refund
 * ${c.req.param('id')}`, fields: ['status'] }); … });
 */
export function ticketedAccess(options: HonoGuardOptions): MiddlewareHandler<{ Variables: TicketedAccessVariables }> {
  const guard = createGrantGuard(options);
  return async (c, next) => {
    const customerId = options.customerOf(c);
    const result = await guard.check(
      tokenFrom(c.req.header('authorization'), c.req.header('x-grant-token')),
      customerId,
    );
    if (!result.ok) return c.json({ error: { code: result.code, message: result.message } }, result.status);
    const views: ViewedEvent[] = [];
    c.set('grant', result.claims);
    c.set('recordView', (event) => views.push({ ...event, customerId: result.claims.cid }));
    await next();
    if (c.res.status >= 400) return;
    if (views.length === 0)
      views.push({ kind: 'view', target: `${c.req.method} ${c.req.path}`, customerId: result.claims.cid });
    for (const view of views) options.reporter.report(result.token, result.claims.gid, view);
  };
}
