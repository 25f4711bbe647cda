import { z } from 'zod';

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
    return {
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      databaseUrl: env.DATABASE_URL,
      authMode,
      publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : authMode === 'dev',
      sweepIntervalMs: env.SWEEP_INTERVAL_SECONDS * 1000,
      logLevel: env.LOG_LEVEL,
    };
  });

export type Config = Readonly<z.infer<typeof zEnv>>;

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
