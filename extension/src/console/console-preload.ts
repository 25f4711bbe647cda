// The console's first reads, started when this module is evaluated (console-main imports it first):
// who is signed in, the settings, and on the landing path the dashboard's figures, all in flight
// while React and Garden are still being evaluated. No React in here. The dashboard read does not
// wait for the role: an agent's (403) is simply never shown, and a lead saves a round trip.
import type { Dashboard } from '../../../shared/dashboard.js';
import { createApiClient } from '../api/api-client.js';
import { withPreloadedReads } from '../api/preloaded-api.js';
import { readBoot } from '../boot.js';
import { connectHost } from '../host/connect-host.js';
import { basePathOf, matchRoute } from './routes.js';

const quiet = <T>(p: Promise<T>): Promise<T> => {
  p.catch(() => {});
  return p;
};

const boot = readBoot();
const api = createApiClient(boot);
const me = quiet(api.me());
const host = quiet(connectHost(boot));
const path = window.location.pathname.slice(basePathOf(window.location.pathname).length) || '/';
let dashboard: Promise<Dashboard> | null =
  matchRoute(path)?.key === 'dashboard' ? quiet(api.request<Dashboard>('GET', '/v1/dashboard')) : null;

/** The dashboard read already under way, once; later reads (polls) go to the network. */
export function takePreloadedDashboard(): Promise<Dashboard> | null {
  const p = dashboard;
  dashboard = null;
  return p;
}

/** What mount() needs: the API client with its first reads running, and the host connection. */
export const consolePreload = {
  boot,
  api: withPreloadedReads(api, {
    me,
    settings: quiet(api.settings()),
    ticketSessions: Promise.resolve(null),
  }),
  connect: () => host,
};
