import type { ErrorCode } from '../../../shared/error-codes.js';

/**
 * An API refusal with the server's stable code (from the catalogue in shared/errors.ts; `'unknown'`
 * when an answer carried none), its message and, for 400s, the wrong fields.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'unknown',
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }

  /** The message for one field (`reason`, `businessHours.end`), if the server named it. */
  issueFor(path: string): string | undefined {
    return this.issues.find((i) => i.path === path)?.message;
  }
}

/** The backend did not answer in time or could not be reached at all. */
export class BackendUnreachableError extends Error {
  override name = 'BackendUnreachableError';
}
