import type { Hono, MiddlewareHandler } from 'hono';
import type { Deps } from '../app-env.js';
import { ACCESS_EVENTS_MAX_BYTES } from '../../shared/grants.js';
import { bodyLimits, type BodyLimitRule } from './body-limit.js';
import { clientAddress } from './client-address.js';
import { compress } from './compress.js';
import { rateLimit } from './rate-limit.js';
import { refusalLimit } from './refusal-limit.js';
import { refuseNul } from './refuse-nul.js';
import { baseSecureHeaders } from './secure-headers.js';

const KB = 1024;
const MINUTE = 60_000;

export interface EdgeLimits {
  /** Sign-in, location pages and webhooks: a token, a form field or a small JSON document. */
  smallBodyBytes: number;
  /** `POST /v1/grants/:id/events`: up to 1000 events. */
  eventsBodyBytes: number;
  /** Every other route. */
  defaultBodyBytes: number;
  /** Requests per minute and address to sign-in and the location pages (each ticket opened loads one). */
  signInsPerMinute: number;
  /** Refused (401) sign-ins or webhook calls per minute and address before all of them get 429. */
  signInRefusalsPerMinute: number;
  /** Refused (401) API calls per minute and address before all of them get 429. */
  apiRefusalsPerMinute: number;
}

export const DEFAULT_EDGE_LIMITS: EdgeLimits = {
  smallBodyBytes: 16 * KB,
  eventsBodyBytes: ACCESS_EVENTS_MAX_BYTES,
  defaultBodyBytes: 256 * KB,
  signInsPerMinute: 300,
  signInRefusalsPerMinute: 20,
  apiRefusalsPerMinute: 60,
};

export interface EdgeOptions {
  /** Send HSTS (production, served over HTTPS). */
  hsts?: boolean;
  /** Load balancers in front that append to `X-Forwarded-For` (TRUST_PROXY_HOPS); 0 trusts none. */
  trustedProxies?: number;
  limits?: Partial<EdgeLimits>;
}

const SIGN_IN_PATHS = ['/auth/*', '/zendesk/*'];
/** Hot, tiny answers that compression would only slow down. */
const NOT_COMPRESSED = /\/(close-check|check|events)$/;

/**
 * What every request passes before authentication, in this order: security headers (on every
 * answer, errors included), per-address rate limits (cheapest refusal first), the body limit
 * (before anything reads the body), the NUL refusal (before anything touches the database);
 * plus compression for the larger API reads. Call it before mounting auth and routes.
 *
 * @example applyEdge(app, deps, { hsts: config.nodeEnv === 'production', trustedProxies: config.trustProxyHops });
 */
export function applyEdge(app: Hono<any>, deps: Deps, options: EdgeOptions = {}): EdgeLimits {
  const limits = { ...DEFAULT_EDGE_LIMITS, ...options.limits };
  const keyOf = clientAddress(options.trustedProxies ?? 0);
  app.use('*', baseSecureHeaders({ hsts: options.hsts ?? false }));

  const perAddress = { windowMs: MINUTE, keyOf, now: deps.now };
  const signIns = rateLimit({ ...perAddress, limit: limits.signInsPerMinute, what: 'sign-ins from this address' });
  const signInRefusals = refusalLimit({
    ...perAddress,
    limit: limits.signInRefusalsPerMinute,
    what: 'refused sign-ins from this address',
  });
  for (const path of SIGN_IN_PATHS) app.use(path, signIns, signInRefusals);
  // Webhooks come from the host's few addresses at its pace: only refusals are limited there.
  app.use('/hooks/*', signInRefusals);
  const apiRefusals = refusalLimit({
    ...perAddress,
    limit: limits.apiRefusalsPerMinute,
    what: 'refused tokens from this address',
  });
  app.use('/v1/*', apiRefusals);

  const rules: BodyLimitRule[] = [
    { path: /^\/(auth|zendesk|hooks)\//, maxBytes: limits.smallBodyBytes },
    { path: /^\/v1\/grants\/[^/]+\/events$/, maxBytes: limits.eventsBodyBytes },
  ];
  app.use('*', bodyLimits({ rules, defaultMaxBytes: limits.defaultBodyBytes }));
  app.use('*', refuseNul());

  const apiCompress = compress({ threshold: 1024 });
  const largeReads: MiddlewareHandler = (c, next) =>
    c.req.method !== 'GET' || NOT_COMPRESSED.test(c.req.path) ? next() : apiCompress(c, next);
  app.use('/v1/*', largeReads);
  app.use('/openapi.json', apiCompress);
  return limits;
}
