import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { ERROR_CODES, type AuthErrorCode, type ConflictCode, type ErrorCode } from '../shared/errors.js';

export interface ErrorIssue {
  path: string;
  message: string;
}

/**
 * The one error type services throw. `code` is stable for clients and comes from the catalogue in
 * shared/errors.ts, which also fixes its HTTP status; `internal` errors are logged and answered
 * with a generic 500 so no detail leaks.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    /** For 429 and 503: sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }
}

/**
 * A factory for one catalogued code (papra's createErrorFactory): domain `*.errors.ts` files name
 * their errors with it, and the status always comes from the catalogue.
 *
 * @example export const grantChanged = createErrorFactory('grant_changed'); throw grantChanged('…');
 */
export function createErrorFactory(code: ErrorCode) {
  return (message: string, issues?: ErrorIssue[]) => new AppError(code, message, issues);
}

export const errors = {
  invalidInput: (message: string, issues?: ErrorIssue[]) => new AppError('invalid_input', message, issues),
  reasonTooVague: (message: string) => new AppError('reason_too_vague', message, [{ path: 'reason', message }]),
  unauthenticated: (code: AuthErrorCode, message: string) => new AppError(code, message),
  forbidden: (message: string) => new AppError('forbidden', message),
  notFound: (what: string) => new AppError('not_found', `${what} was not found`),
  conflict: (code: ConflictCode, message: string) => new AppError(code, message),
  bodyTooLarge: (message: string) => new AppError('body_too_large', message),
  unsupportedMediaType: (sent: string, accepted = 'application/json') => {
    const message = `content-type ${sent.slice(0, 100) || '(none)'} is not accepted here; send ${accepted}`;
    return new AppError('unsupported_media_type', message);
  },
  tooManyRequests: (code: 'rate_limited' | 'too_many_refused_reports', message: string, retryAfterSeconds: number) =>
    new AppError(code, message, undefined, retryAfterSeconds),
};

/** zod issues → `{ path, message }` with dotted paths, e.g. `outcome.changes`. */
export function issuesFromZod(error: ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

export function invalidInputFromZod(error: ZodError): AppError {
  const issues = issuesFromZod(error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return errors.invalidInput(`Invalid request: ${summary}`, issues);
}

export type Logger = Pick<Console, 'error' | 'warn' | 'info'>;

/** `app.onError`: known errors keep their code and message; anything else is a bare 500. */
export function renderError(logger: Logger) {
  return (caught: Error, c: Context) => {
    // The zod-openapi validator refuses a body in a media type the route does not declare (JSON, for ours).
    const wrongType = caught instanceof HTTPException && caught.status === 415;
    const err = wrongType ? errors.unsupportedMediaType(c.req.header('content-type') ?? '') : caught;
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds));
      return c.json(
        { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } },
        err.status,
      );
    }
    // A deliberate response, e.g. a redirect to sign in.
    if (err instanceof HTTPException && err.res) return err.getResponse();
    if (err instanceof HTTPException && err.status < 500) {
      const code = err.status === 400 ? 'invalid_input' : err.status === 401 ? 'unauthenticated' : 'http_error';
      return c.json({ error: { code, message: err.message || 'Request refused' } }, err.status);
    }
    logger.error(`[error] ${c.req.method} ${c.req.path}`, err);
    return c.json(
      { error: { code: 'internal', message: 'Something went wrong on our side; nothing was changed. Try again.' } },
      500,
    );
  };
}
