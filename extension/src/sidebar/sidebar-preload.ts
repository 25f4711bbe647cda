// The sidebar's first reads, started when this module is evaluated. sidebar-main imports it before
// anything else, so the requests are in flight while React, Garden and styled-components are still
// being evaluated; by the first render their answers are usually back. No React in here.
import { createApiClient } from '../api/api-client.js';
import { withPreloadedReads } from '../api/preloaded-api.js';
import { readBoot } from '../boot.js';
import { connectHost } from '../host/connect-host.js';
import type { HostAdapter, HostTicket } from '../host/host-adapter.js';

/** Keeps an early read's failure from being reported as unhandled; whoever uses it still sees it. */
const quiet = <T>(p: Promise<T>): Promise<T> => {
  p.catch(() => {});
  return p;
};

/** The host with its first `ticket()` answered by the lookup already under way. */
function withFirstTicket(host: HostAdapter, first: Promise<HostTicket | null>): HostAdapter {
  let pending: Promise<HostTicket | null> | undefined = first;
  return {
    ...host,
    ticket: () => {
      const p = pending ?? host.ticket();
      pending = undefined;
      return p;
    },
  };
}

export const boot = readBoot();
const api = createApiClient(boot);
const host = quiet(connectHost(boot));
const ticket = quiet(host.then((h) => h.ticket()));

/** What mount() needs: the API client and host connection, with the first reads already running. */
export const sidebarPreload = {
  boot,
  api: withPreloadedReads(api, {
    settings: quiet(api.settings()),
    me: quiet(api.me()),
    ticketSessions: quiet(
      ticket.then((t) => (t ? { ticketId: t.id, sessions: quiet(api.ticketSessions(t.id)) } : null)),
    ),
  }),
  connect: (): Promise<HostAdapter> => host.then((h) => withFirstTicket(h, ticket)),
};
