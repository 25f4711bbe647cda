import { errors as jose } from 'jose';
import type { AuthErrorCode } from '../../shared/errors.js';
import { AppError } from '../errors.js';

/** A refused sign-in: always 401, with a code that says which check failed. */
export class AuthError extends AppError {
  constructor(code: AuthErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * jose's verification errors → our 401 codes, so each failed check has its own name.
 *
 * @example try { await jwtVerify(t, key) } catch (e) { throw authErrorFrom(e, 'Zendesk token') }
 */
export function authErrorFrom(err: unknown, what: string): AuthError {
  if (err instanceof AuthError) return err;
  if (err instanceof jose.JWTExpired) return new AuthError('token_expired', `${what} has expired`);
  if (err instanceof jose.JWTClaimValidationFailed) {
    const byClaim: Record<string, [AuthErrorCode, string]> = {
      nbf: ['token_not_yet_valid', 'is not valid yet'],
      iat: ['token_not_yet_valid', 'was issued in the future'],
      aud: ['token_wrong_audience', 'was issued for another audience'],
      iss: ['token_wrong_issuer', 'comes from an unexpected issuer'],
    };
    const [code, text] = byClaim[err.claim] ?? ['token_invalid_claims', `has an invalid "${err.claim}" claim`];
    return new AuthError(code, `${what} ${text}`);
  }
  if (err instanceof jose.JOSEAlgNotAllowed || err instanceof jose.JOSENotSupported) {
    return new AuthError('token_algorithm_refused', `${what} uses a signing algorithm this server refuses`);
  }
  if (err instanceof jose.JWKSNoMatchingKey)
    return new AuthError('token_unknown_key', `${what} is signed with an unknown key`);
  if (err instanceof jose.JWSSignatureVerificationFailed)
    return new AuthError('token_bad_signature', `${what} has an invalid signature`);
  if (err instanceof jose.JWKSTimeout || err instanceof jose.JOSEError) {
    if (err instanceof jose.JWKSTimeout)
      return new AuthError('token_keys_unavailable', `${what} could not be checked: the key set did not answer`);
    return new AuthError('token_malformed', `${what} is malformed`);
  }
  return new AuthError('token_malformed', `${what} could not be read`);
}
