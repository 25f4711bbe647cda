import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { zMeSchema } from '../shared/identity.js';
import type { AppEnv, Deps } from './app-env.js';
import { auditRoutes } from './audit/audit.routes.js';
import type { AuditCheckpoints } from './audit/checkpoint-compare.js';
import { CHECKPOINT_KID_PREFIX, ephemeralCheckpointKeys } from './audit/checkpoint-keys.js';
import { authRoutes, logoutDoc, zendeskSessionDoc } from './auth/auth.routes.js';
import { authenticate } from './auth/authenticate.js';
import { forgeVerifier, type JiraUserLookup } from './auth/forge.js';
import { oidcClient } from './auth/oidc.js';
import { sessionIssuer } from './auth/session-tokens.js';
import { uiBoot } from './auth/ui-boot.js';
import type { ZendeskUserLookup } from './auth/zendesk.js';
import { zendeskSessionExchange } from './auth/zendesk-session.js';
import type { ForgeConfig, OidcConfig } from './config.js';
import type { GatewayDatabaseHandle } from './db/gateway-connection.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { renderError } from './errors.js';
import { gatewayRoutes } from './gateway/gateway.routes.js';
import { grantsRoutes } from './grants/grants.routes.js';
import { customersRoutes } from './customers/customers.routes.js';
import { historyRoutes } from './history/history.routes.js';
import { peopleRoutes } from './people/people.routes.js';
import { ticketsRoutes } from './tickets/tickets.routes.js';
import { zendeskWebhookDoc, zendeskWebhookRoutes } from './hooks/zendesk-webhook.js';
import { applyEdge, type EdgeOptions } from './http/edge.js';
import { notFoundOrMethodNotAllowed } from './http/method-not-allowed.js';
import { refusedReportsLimiter } from './http/refused-reports.js';
import { integrationsRoutes } from './integrations/integrations.routes.js';
import { deliveriesRoutes } from './notifications/deliveries.routes.js';
import {
  slackInteractionsDoc,
  slackInteractionsRoutes,
  type SlackOptions,
} from './notifications/slack-interactions.js';
import { signingKeyCache } from './keys/signing-keys.js';
import { errorResponses, jsonResponse, methodNotAllowedResponse } from './openapi.js';
import { reviewsRoutes } from './reviews/reviews.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { uiRoutes } from './ui/ui.routes.js';
import { usersRoutes } from './users/users.routes.js';

/** How people and tools sign in (server/auth/); tests replace the host API look-ups with local stand-ins. */
export interface IdentityOptions {
  authMode: 'dev' | 'hosts';
  sessionTtlMinutes?: number;
  forge?: ForgeConfig | null;
  oidc?: OidcConfig | null;
  secureCookies?: boolean;
  publicUrl?: string;
  zendeskUserLookup?: ZendeskUserLookup;
  jiraUserLookup?: JiraUserLookup;
  forgeJwksCooldownMs?: number;
}

export interface AppOptions extends IdentityOptions {
  /** The tenant console users signing in with OIDC belong to. */
  oidcTenant?: string | null;
  /** The data gateway's read-only production connection; without it saved-query runs answer 503. */
  gateway?: GatewayDatabaseHandle | null;
  /** Security headers, body and rate limits at the edge (server/http/edge.ts). */
  edge?: EdgeOptions;
  /** Who may frame the Zendesk location pages; default `https://*.zendesk.com`. */
  zendeskFrameAncestors?: readonly string[];
  /**
   * The checkpoint key and store, both outside the database (main.ts loads them from config).
   * Without: a key that lives in memory only and no store — for tests and benches.
   */
  checkpoints?: AuditCheckpoints;
  /** Delivery status (dead letter after `maxAttempts`) and Slack's interactive buttons. */
  notifications?: { maxAttempts?: number; slack?: SlackOptions };
}

/**
 * The whole HTTP API. `deps` carries the database and the clock, so tests build the same app
 * against SQLite or PostgreSQL and move time by hand.
 *
 * @example const app = createApp(deps, { authMode: 'dev' }); await app.request('/healthz');
 */
export function createApp(deps: Deps, options: AppOptions) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(renderError(deps.logger));
  app.notFound(notFoundOrMethodNotAllowed(() => app.routes));

  applyEdge(app, deps, options.edge);
  app.get('/healthz', (c) => c.json({ ok: true, db: deps.dialect }));
  const keys = signingKeyCache(deps.db);
  const sessions = sessionIssuer(keys, { ttlMinutes: options.sessionTtlMinutes, now: deps.now });
  const forge = options.forge
    ? forgeVerifier(deps, options.forge, options.jiraUserLookup, options.forgeJwksCooldownMs)
    : null;
  const zendeskSession = zendeskSessionExchange(deps, sessions, options.zendeskUserLookup);
  const checkpoints = options.checkpoints ?? ephemeralCheckpointKeys().then((keys) => ({ keys, store: null }));
  app.use('/v1/*', authenticate({ deps, sessions, authMode: options.authMode, publicUrl: options.publicUrl, forge }));
  app.route(
    '/',
    authRoutes(deps, {
      keys,
      sessions,
      zendeskSession,
      oidc: options.oidc ? oidcClient(options.oidc) : null,
      oidcTenant: options.oidcTenant ?? options.oidc?.tenant ?? null,
      secureCookies: Boolean(options.secureCookies),
    }),
  );
  const me = createRoute({
    method: 'get',
    path: '/v1/me',
    summary: 'Who is signed in',
    tags: ['auth'],
    responses: { 200: jsonResponse(zMeSchema, 'The signed-in user'), ...errorResponses },
  });
  app.openapi(me, (c) => c.json({ user: c.var.actor }, 200));
  app.route('/', zendeskWebhookRoutes(deps));
  app.route('/', slackInteractionsRoutes(deps, options.notifications?.slack ?? null));
  // Public keys for grant tokens and audit checkpoints (the current key and every retired one, so
  // old checkpoints and exports still verify), for internal tools and auditors to verify offline.
  app.get('/.well-known/jwks.json', async (c) => {
    c.header('cache-control', 'public, max-age=300');
    // A database-held key never appears under a checkpoint kid, whatever the database says.
    const grant = (await keys('grant')).publicJwk;
    const grantKeys = grant.kid?.startsWith(CHECKPOINT_KID_PREFIX) ? [] : [grant];
    return c.json({ keys: [...grantKeys, ...(await checkpoints).keys.publicJwks] });
  });

  // Refused reports (events, close reports) each leave an audit row for good: bounded per user.
  const refusals = refusedReportsLimiter();
  const v1 = new OpenAPIHono<AppEnv>()
    .route('/grants', grantsRoutes(deps, keys, options.publicUrl ?? 'http://localhost:8787', refusals))
    .route('/settings', settingsRoutes(deps))
    .route('/audit', auditRoutes(deps, checkpoints))
    .route('/gateway', gatewayRoutes(deps, options.gateway ?? null))
    .route('/reviews', reviewsRoutes(deps))
    .route('/dashboard', dashboardRoutes(deps))
    .route('/integrations', integrationsRoutes(deps))
    .route('/deliveries', deliveriesRoutes(deps, { maxAttempts: options.notifications?.maxAttempts ?? 8 }))
    .route('/tickets', ticketsRoutes(deps, refusals))
    .route('/people', peopleRoutes(deps))
    .route('/users', usersRoutes(deps))
    .route('/', historyRoutes(deps))
    .route('/', customersRoutes(deps, checkpoints, options.publicUrl ?? 'http://localhost:8787'));
  app.route('/v1', v1);
  const resolveBoot = uiBoot({ zendeskSession, authMode: options.authMode });
  const ui = { resolveBoot, zendeskFrameAncestors: options.zendeskFrameAncestors };
  app.route('/', uiRoutes(ui));

  app.openAPIRegistry.registerComponent('securitySchemes', 'devUser', {
    type: 'apiKey',
    in: 'header',
    name: 'x-dev-user',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'integrationCredential', {
    type: 'http',
    scheme: 'bearer',
    description: 'tai_<id>_<secret>, issued by an admin (POST /v1/integrations); reports tickets closed, nothing else',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'forgeTrigger', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "Forge invocation token whose app.module.key is the app's trigger (FORGE_TRIGGER_MODULE_KEYS)",
  });
  // Plain-Hono routes that are part of the contract (they read raw bodies or forms themselves).
  app.openAPIRegistry.registerPath(zendeskSessionDoc);
  app.openAPIRegistry.registerPath(logoutDoc);
  app.openAPIRegistry.registerPath(zendeskWebhookDoc);
  app.openAPIRegistry.registerPath(slackInteractionsDoc);
  app.openAPIRegistry.registerComponent('responses', 'MethodNotAllowed', methodNotAllowedResponse);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Ticketed Access API',
      version: '1.0.0',
      description:
        'Ticket-bound, time-boxed, fully recorded access to production customer data. Any documented path answers a ' +
        'method it does not list with 405 (`#/components/responses/MethodNotAllowed`) and an `Allow` header. ' +
        'A refused request (4xx) writes nothing but the record of a refused sign-in and what the operation names ' +
        'in `x-refusals-recorded`.',
    },
    security: [{ devUser: [] }],
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
