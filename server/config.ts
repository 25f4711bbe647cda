import { z } from 'zod';
import { ROLES, type Role } from '../shared/roles.js';

/** `group=role` pairs, the roles from the one list: `ta-admins=admin,ta-leads=lead`. */
const ROLE = `(?:${ROLES.join('|')})`;
const ROLE_MAP = new RegExp(`^([^=,]+=${ROLE})(,[^=,]+=${ROLE})*$`);

const zLogLevel = z.enum(['debug', 'info', 'warn', 'error', 'silent']);

const zEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .refine((v) => /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v) || !v.includes('://'), {
        message: 'must be postgres://…, sqlite:<path>, or a file path',
      })
      .default('sqlite:./data/ticketed-access.db'),
    AUTH_MODE: z.enum(['dev', 'hosts']).optional(),
    PUBLIC_URL: z.url().optional(),
    SEED_DEMO: z.enum(['true', 'false']).optional(),
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
    LOG_LEVEL: zLogLevel.default('info'),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    SESSION_TTL_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    FORGE_APP_ARI: z
      .string()
      .regex(
        /^ari:cloud:ecosystem::app\/[0-9a-f-]{36}$/,
        'must be the app ARI, ari:cloud:ecosystem::app/<uuid> (the `app.id` in manifest.yml)',
      )
      .optional(),
    FORGE_JWKS_URL: z.url().default('https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json'),
    // The Forge modules whose invocation tokens speak for Jira itself (close reports only).
    FORGE_TRIGGER_MODULE_KEYS: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, 'must be module keys from manifest.yml, comma-separated')
      .default('ticketed-access-issue-updated'),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_TENANT: z.string().min(1).optional(),
    OIDC_ROLES_CLAIM: z.string().min(1).default('groups'),
    OIDC_ROLE_MAP: z
      .string()
      .regex(ROLE_MAP, 'must look like "ta-admins=admin,ta-leads=lead,support=agent"')
      .optional(),
    OIDC_SCOPES: z.string().default('openid email profile'),
    GATEWAY_DATABASE_URL: z
      .string()
      .refine((v) => /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v), {
        message: 'must be postgres://… or sqlite:<path>',
      })
      .optional(),
    CHECKPOINT_DIR: z.string().min(1).optional(),
    CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
    CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
    CHECKPOINT_KEY: z.string().min(1).optional(),
    CHECKPOINT_PUBLIC_KEYS_DIR: z.string().min(1).optional(),
    RETENTION_INTERVAL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(3600),
    RETENTION_PURGE: z.enum(['on', 'off']).default('on'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be smtp://user:pass@host:587 or smtps://user:pass@host:465')
      .optional(),
    MAIL_FROM: z.string().min(3).max(200).default('Ticketed Access <no-reply@localhost>'),
    SLACK_SIGNING_SECRET: z.string().min(8).optional(),
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xox[bp]-/, 'must be a Slack bot token, xoxb-…')
      .optional(),
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    NOTIFY_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
    DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  })
  .transform((env, ctx) => {
    const authMode = env.AUTH_MODE ?? (env.NODE_ENV === 'production' ? 'hosts' : 'dev');
    if (authMode === 'dev' && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: 'AUTH_MODE=dev trusts the x-dev-user header and is refused when NODE_ENV=production',
      });
      return z.NEVER;
    }
    const oidcParts = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET, env.OIDC_TENANT, env.OIDC_ROLE_MAP];
    if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message:
          'OIDC sign-in needs all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_TENANT and OIDC_ROLE_MAP',
      });
      return z.NEVER;
    }
    if (env.CHECKPOINT_KEY && env.CHECKPOINT_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['CHECKPOINT_KEY'],
        message: 'set CHECKPOINT_KEY or CHECKPOINT_KEY_FILE, not both',
      });
      return z.NEVER;
    }
    const production = env.NODE_ENV === 'production';
    const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
    return {
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      databaseUrl: env.DATABASE_URL,
      authMode,
      publicUrl,
      seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : authMode === 'dev',
      sweepIntervalMs: env.SWEEP_INTERVAL_SECONDS * 1000,
      logLevel: env.LOG_LEVEL,
      // How many load balancers in front append to X-Forwarded-For (per-address rate limits).
      trustProxyHops: env.TRUST_PROXY_HOPS,
      sessionTtlMinutes: env.SESSION_TTL_MINUTES,
      forge: env.FORGE_APP_ARI
        ? {
            appAri: env.FORGE_APP_ARI,
            jwksUrl: env.FORGE_JWKS_URL,
            triggerModuleKeys: env.FORGE_TRIGGER_MODULE_KEYS.split(','),
          }
        : null,
      oidc:
        env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET && env.OIDC_TENANT && env.OIDC_ROLE_MAP
          ? {
              issuer: env.OIDC_ISSUER,
              clientId: env.OIDC_CLIENT_ID,
              clientSecret: env.OIDC_CLIENT_SECRET,
              tenant: env.OIDC_TENANT,
              rolesClaim: env.OIDC_ROLES_CLAIM,
              roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
              scopes: env.OIDC_SCOPES,
              redirectUrl: new URL('/auth/oidc/callback', publicUrl).toString(),
            }
          : null,
      secureCookies: env.NODE_ENV === 'production' || publicUrl.startsWith('https://'),
      // Audit checkpoints and their key live outside the database. Production must name both
      // (start-up refuses otherwise, naming the variable); development keeps them under ./data.
      checkpoint: {
        dir: env.CHECKPOINT_DIR ?? (production ? null : './data/checkpoints'),
        intervalMs: env.CHECKPOINT_INTERVAL_SECONDS * 1000,
        key: env.CHECKPOINT_KEY ?? null,
        keyFile:
          env.CHECKPOINT_KEY_FILE ?? (production || env.CHECKPOINT_KEY ? null : './data/keys/checkpoint-key.jwk'),
        generateKey: !production && !env.CHECKPOINT_KEY && !env.CHECKPOINT_KEY_FILE,
        publicKeysDir: env.CHECKPOINT_PUBLIC_KEYS_DIR ?? null,
      },
      // Sealed archives go to the checkpoint store; rows past retentionDays are purged once archived.
      retention: { intervalMs: env.RETENTION_INTERVAL_SECONDS * 1000, purge: env.RETENTION_PURGE === 'on' },
      notify: {
        smtpUrl: env.SMTP_URL ?? null,
        mailFrom: env.MAIL_FROM,
        intervalMs: env.NOTIFY_INTERVAL_SECONDS * 1000,
        maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      },
      slack: {
        signingSecret: env.SLACK_SIGNING_SECRET ?? null,
        botToken: env.SLACK_BOT_TOKEN ?? null,
        apiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`,
      },
      // Unset: the demo production database, seeded, when the demo is seeded; otherwise no gateway.
      gateway: env.GATEWAY_DATABASE_URL
        ? { url: env.GATEWAY_DATABASE_URL, seedDemoData: false }
        : (env.SEED_DEMO ? env.SEED_DEMO === 'true' : authMode === 'dev')
          ? { url: 'sqlite:./data/demo-production.db', seedDemoData: true }
          : null,
    };
  });

function parseRoleMap(value: string): Record<string, Role> {
  // ROLE_MAP has checked every pair, so each right-hand side is one of ROLES.
  return Object.fromEntries(value.split(',').map((pair) => pair.split('=') as [string, Role]));
}

export type Config = Readonly<z.infer<typeof zEnv>>;
export type OidcConfig = NonNullable<Config['oidc']>;
export type ForgeConfig = NonNullable<Config['forge']>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the environment once; nothing else reads `process.env`.
 *
 * @example
 *   const config = loadConfig({ PORT: '9000', DATABASE_URL: 'postgres://localhost/ta' });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(zEnv.in.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = zEnv.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
