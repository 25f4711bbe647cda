import type { Session } from '../../../shared/grants.js';
import type { User } from '../../../shared/identity.js';
import type { Settings } from '../../../shared/settings.js';
import type { ApiClient } from './api-client.js';

/** Reads started before the UI mounted (see sidebar/sidebar-preload.ts). */
export interface PreloadedReads {
  settings: Promise<Settings>;
  me: Promise<User | null>;
  /** The ticket's sessions, once the host has said which ticket; null when there is none. */
  ticketSessions: Promise<{ ticketId: string; sessions: Promise<Session[]> } | null>;
}

/** Hands out a value once; later calls get undefined. */
function once<T>(value: T): () => T | undefined {
  let left: T | undefined = value;
  return () => {
    const v = left;
    left = undefined;
    return v;
  };
}

/**
 * `api` with each preloaded read answered from its in-flight request the first time it is asked
 * for, and from the network after that: polls and reloads must see fresh data, and a read for
 * another ticket never gets this one's answer.
 */
export function withPreloadedReads(api: ApiClient, reads: PreloadedReads): ApiClient {
  const settings = once(reads.settings);
  const me = once(reads.me);
  const ticketSessions = once(reads.ticketSessions);
  return {
    ...api,
    settings: () => settings() ?? api.settings(),
    me: () => me() ?? api.me(),
    ticketSessions: (ticketId) => {
      const preloaded = ticketSessions();
      if (!preloaded) return api.ticketSessions(ticketId);
      // If the early ticket lookup failed, this read simply goes to the network.
      return preloaded.then(
        (p) => (p?.ticketId === ticketId ? p.sessions : api.ticketSessions(ticketId)),
        () => api.ticketSessions(ticketId),
      );
    },
  };
}
