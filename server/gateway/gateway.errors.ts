import { AppError } from '../errors.js';

/**
 * The gateway's own error codes (rendered by the one `onError` like every AppError). The generic
 * ones — invalid_input, forbidden, not_found — come from `errors`.
 */
export const gatewayErrors = {
  /** 403: the grant is not active now (pending, approved, ended, expired, …). */
  grantNotActive: (grantId: string, status: string) =>
    new AppError(
      'grant_not_active',
      `Grant ${grantId} is ${status}, not active: saved queries run only during an active session on the ticket (the attempt was recorded)`,
    ),
  /** 403: the request tried to choose the customer, which the grant fixes. */
  scopeViolation: (message: string) => new AppError('scope_violation', `${message} (the attempt was recorded)`),
  /** 403: the query reads a system the grant does not cover. */
  systemNotGranted: (name: string, system: string, granted: string[]) =>
    new AppError(
      'system_not_in_grant',
      `Saved query ${name} reads ${system}, which this grant does not cover (it covers ${granted.join(', ')}); request access to ${system} on the ticket (the attempt was recorded)`,
    ),
  /** 504: the production database cancelled the query at its statement timeout. */
  queryTimeout: (message: string) => new AppError('query_timeout', message),
  /** 422: the saved query tried to write; the read-only connection refused it. */
  queryReadOnly: (message: string) => new AppError('query_read_only', message),
  /** 422: the saved query failed on the production database (syntax, types, …); an admin must fix it. */
  queryFailed: (message: string) => new AppError('query_failed', message),
  /** 422: the query returned rows of another customer; nothing was shown. */
  queryOutOfScope: (name: string) =>
    new AppError(
      'query_out_of_scope',
      `Saved query ${name} returned rows of another customer, so nothing was shown; an admin must fix its customer filter (the attempt was recorded)`,
    ),
  /** 503: no production connection is configured, or it cannot be reached. */
  unavailable: (message: string) => new AppError('gateway_unavailable', message),
};
