import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's address for per-client limits. With `trustedProxies = 0` it is the socket's peer.
 * Behind load balancers that append to `X-Forwarded-For`, pass how many there are: the address the
 * outermost trusted proxy saw is then the entry that many places from the right (anything further
 * left was written by the client and cannot be trusted).
 *
 * @example const keyOf = clientAddress(config.trustProxyHops); rateLimit({ …, keyOf });
 */
export function clientAddress(trustedProxies = 0): (c: Context) => string {
  return (c) => {
    if (trustedProxies > 0) {
      const hops = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const seen = hops[hops.length - trustedProxies];
      if (seen) return seen;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // in-process requests (app.request in tests) have no socket
    }
  };
}
