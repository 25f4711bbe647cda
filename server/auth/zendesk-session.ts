import type { Context } from 'hono';
import type { Deps } from '../app-env.js';
import type { IssuedSession, SessionIssuer } from './session-tokens.js';
import { refuseSignIn } from './sign-in-refusal.js';
import { AuthError } from './token-errors.js';
import { verifyZendeskToken, type ZendeskUserLookup } from './zendesk.js';

/** The token Zendesk posted (form field or JSON) → our session, or a recorded 401. */
export type ZendeskSessionExchange = (c: Context, token: string | undefined) => Promise<IssuedSession>;

/**
 * Exchanges the token Zendesk posts to a location URL (signed URLs) for our session token: used by
 * `POST /auth/zendesk/session` and by the Zendesk pages' first load (ui-boot.ts).
 *
 * @example const session = await zendeskSessionExchange(deps, sessions)(c, form.token);
 */
export function zendeskSessionExchange(
  deps: Deps,
  sessions: Pick<SessionIssuer, 'issue'>,
  lookup?: ZendeskUserLookup,
): ZendeskSessionExchange {
  return async (c, token) => {
    try {
      if (!token) {
        throw new AuthError('unauthenticated', 'Zendesk did not post a signed token; enable signed URLs for the app');
      }
      return await sessions.issue(await verifyZendeskToken(deps, token, lookup), 'zendesk');
    } catch (err) {
      return refuseSignIn(deps, c, err);
    }
  };
}
