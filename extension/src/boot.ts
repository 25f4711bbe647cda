/** What the server injects into every UI page as `window.__TA_BOOT__` (see server/ui/ui.routes.ts). */
export interface Boot {
  /** Where the API lives; '' means the page's own origin. */
  apiBase: string;
  host: 'standalone' | 'zendesk' | 'jira';
  /** Which location this page serves: the sidebar or the console. */
  location: HostLocation;
  /** Dev sign-in: sent as `x-dev-user` when there is no session. */
  devUser?: string;
  /** Dev sign-in: the users the switcher offers. */
  devUsers?: string[];
  /** The server's own short-lived session, issued after verifying the host's identity. */
  session?: { token: string; expiresAt: string };
}

export type HostLocation = 'ticket_sidebar' | 'nav_bar';

declare global {
  interface Window {
    __TA_BOOT__?: Boot;
  }
}

/** The injected boot data, or a same-origin dev default (for `vite dev` and tests). */
export function readBoot(): Boot {
  return window.__TA_BOOT__ ?? { apiBase: '', host: 'standalone', location: 'ticket_sidebar', devUser: 'agent-ann' };
}
