import type { SessionToken } from './identity.js';

/** Which location a UI page serves: the ticket sidebar or the console (nav bar). */
export type HostLocation = 'ticket_sidebar' | 'nav_bar';

/**
 * What the server injects into every UI page as `window.__TA_BOOT__` (server/ui/ui.routes.ts) and
 * the UI reads at start-up (extension/src/boot.ts): the contract between the two.
 */
export interface Boot {
  /** Where the API lives; '' means the page's own origin. */
  apiBase: string;
  host: 'standalone' | 'zendesk' | 'jira';
  location: HostLocation;
  /** Dev sign-in: sent as `x-dev-user` when there is no session. */
  devUser?: string;
  /** Dev sign-in: the users the switcher offers. */
  devUsers?: string[];
  /** The server's own short-lived session, issued after verifying the host's identity. */
  session?: Pick<SessionToken, 'token' | 'expiresAt'>;
}
