import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Boot } from '../../shared/boot.js';
import { devBoot, type UiHost } from '../ui/ui.routes.js';
import { readSessionCookie } from './session-cookie.js';
import type { ZendeskSessionExchange } from './zendesk-session.js';

/**
 * Who a UI page is for. Zendesk's first load POSTs the signed-URL `token`: it is verified and
 * exchanged for our session token, which the page then sends as a bearer. In `hosts` mode the
 * standalone pages need the console's OIDC cookie (or send the browser to sign in); only dev mode
 * puts a dev user into the page.
 *
 * @example uiRoutes({ resolveBoot: uiBoot({ zendeskSession, authMode: 'hosts' }) })
 */
export function uiBoot(options: { zendeskSession: ZendeskSessionExchange; authMode: 'dev' | 'hosts' }) {
  const { zendeskSession, authMode } = options;
  return async (c: Context, host: UiHost): Promise<Partial<Boot>> => {
    if (host === 'zendesk' && c.req.method === 'POST') {
      const form = await c.req.parseBody();
      const token = typeof form.token === 'string' ? form.token : undefined;
      if (token || authMode === 'hosts') {
        const session = await zendeskSession(c, token);
        return { session: { token: session.token, expiresAt: session.expiresAt } };
      }
    }
    if (authMode === 'dev') return devBoot(c);
    if (host === 'zendesk') return zendeskSession(c, undefined).then(() => ({}));
    // The page itself needs no session; its API calls check the cookie. Without one, sign in first.
    if (readSessionCookie(c) === undefined) {
      const returnTo = c.req.path + (new URL(c.req.url).search || '');
      throw new HTTPException(302, {
        res: c.redirect(`/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, 302),
      });
    }
    return {};
  };
}
