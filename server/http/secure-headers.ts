import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';

/** Where Zendesk frames the app's locations (the agent workspace is always on the subdomain). */
export const ZENDESK_FRAME_ANCESTORS = ['https://*.zendesk.com'] as const;

/** HSTS for a year, subdomains included, once the server is known to be served over HTTPS. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers every response carries: `X-Content-Type-Options: nosniff`, `Referrer-Policy`,
 * cross-origin isolation defaults, HSTS when `hsts` (production), and for anything that is not an
 * HTML page a CSP that lets it load nothing and be framed by nobody. Headers a route set itself
 * (a page's own CSP, below) are kept, so the page policy wins over this default.
 *
 * @example app.use('*', baseSecureHeaders({ hsts: config.nodeEnv === 'production' }));
 */
export function baseSecureHeaders(options: { hsts: boolean }): MiddlewareHandler {
  return secureHeaders({
    overwrite: false,
    strictTransportSecurity: options.hsts ? HSTS : false,
    // Framing is the CSP's frame-ancestors to decide: X-Frame-Options cannot name Zendesk.
    xFrameOptions: false,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
}

export interface PageSecurityOptions {
  /** Who may frame the page: `'self'` for the standalone pages, Zendesk's origin for its locations. */
  frameAncestors: readonly string[];
  /** Origins the page's scripts call besides its own (an API on another origin). */
  connectSrc?: readonly string[];
}

/**
 * The CSP of an HTML page: its own scripts plus the inline boot script, which carries the nonce
 * (`c.get('secureHeadersNonce')`); styles inline too (styled-components writes `<style>` tags);
 * nothing else loaded from elsewhere; framed only by `frameAncestors`. Put it on the page routes,
 * inside `baseSecureHeaders`, which adds the rest.
 *
 * @example
 *   app.use('/zendesk/*', pageSecurityHeaders({ frameAncestors: ZENDESK_FRAME_ANCESTORS }));
 *   app.get('/zendesk/sidebar', (c) => c.html(`<script nonce="${c.get('secureHeadersNonce')}">…</script>`));
 */
export function pageSecurityHeaders(options: PageSecurityOptions): MiddlewareHandler {
  const selfOnly = options.frameAncestors.length === 1 && options.frameAncestors[0] === "'self'";
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...(options.connectSrc ?? [])],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: [...options.frameAncestors],
    },
    // Old browsers without frame-ancestors still refuse foreign framing of the standalone pages.
    xFrameOptions: selfOnly ? 'SAMEORIGIN' : false,
    // A page framed by Zendesk is a cross-origin embed by design.
    crossOriginResourcePolicy: selfOnly ? 'same-origin' : 'cross-origin',
    // The rest comes from baseSecureHeaders around it.
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    strictTransportSecurity: false,
    xContentTypeOptions: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    removePoweredBy: false,
  });
}
