import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGrantGuard, type GrantClaims, type GrantGuardOptions } from './grant-guard.js';
import { tokenFrom } from './hono.js';
import type { Reporter, ViewedEvent } from './reporter.js';

export interface NodeGuardOptions extends GrantGuardOptions {
  reporter: Reporter;
  customerOf: (req: IncomingMessage) => string | undefined;
}

export interface TicketedAccessRequest extends IncomingMessage {
  ticketedAccess?: { grant: GrantClaims; recordView: (event: Omit<ViewedEvent, 'customerId'>) => void };
}

/**
 * The same guard for plain Node `http` servers and Express (`app.use(guard)`): `(req, res, next)`.
 * Refused requests get a JSON error; served ones are reported when the response finishes.
 *
 * @example
 * const guard = ticketedAccessNode({ serverUrl, reporter, customerOf: (req) => new URL(req.url!,
 * 'http://x').searchParams.get('customer') ?? undefined });
 *   http.createServer((req, res) => guard(req, res, () => handler(req, res)));
 */
export function ticketedAccessNode(options: NodeGuardOptions) {
  const guard = createGrantGuard(options);
  return (req: TicketedAccessRequest, res: ServerResponse, next: (err?: unknown) => void): void => {
    const header = req.headers['x-grant-token'];
    guard
      .check(tokenFrom(req.headers.authorization, Array.isArray(header) ? header[0] : header), options.customerOf(req))
      .then((result) => {
        if (!result.ok) {
          res
            .writeHead(result.status, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: result.code, message: result.message } }));
          return;
        }
        const views: ViewedEvent[] = [];
        req.ticketedAccess = {
          grant: result.claims,
          recordView: (event) => views.push({ ...event, customerId: result.claims.cid }),
        };
        res.on('finish', () => {
          if (res.statusCode >= 400) return;
          if (views.length === 0)
            views.push({
              kind: 'view',
              target: `${req.method ?? 'GET'} ${req.url ?? ''}`,
              customerId: result.claims.cid,
            });
          for (const view of views) options.reporter.report(result.token, result.claims.gid, view);
        });
        next();
      })
      .catch(next);
  };
}
