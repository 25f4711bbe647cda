import { describe, expect, it } from 'vitest';
import {
  AUTH_ERRORS,
  COMMON_ERRORS,
  CONNECTOR_ERRORS,
  ERROR_CODES,
  GATEWAY_ERRORS,
  GRANT_ERRORS,
  INTEGRATION_ERRORS,
  NOTIFICATION_ERRORS,
  REVIEW_ERRORS,
  isErrorCode,
} from './error-codes.js';

describe('the error catalogue', () => {
  const domains = [
    COMMON_ERRORS,
    AUTH_ERRORS,
    GRANT_ERRORS,
    GATEWAY_ERRORS,
    CONNECTOR_ERRORS,
    REVIEW_ERRORS,
    INTEGRATION_ERRORS,
    NOTIFICATION_ERRORS,
  ];

  it("defines each code once: no domain repeats another's code with its own status", () => {
    const all = domains.flatMap((d) => Object.keys(d));
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(ERROR_CODES)).toHaveLength(all.length);
  });

  it('gives every code a client or server error status', () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(status >= 400 && status < 600, code).toBe(true);
    }
  });

  it('answers a grant that is not active with 409 wherever it is asked (events, tokens, gateway, connector)', () => {
    expect(ERROR_CODES.grant_not_active).toBe(409);
    expect(ERROR_CODES.grant_expired).toBe(409);
  });

  it('refuses a sign-in with 401 and a misplaced host credential with 403', () => {
    expect(
      Object.entries(AUTH_ERRORS)
        .filter(([, s]) => s !== 401)
        .map(([c]) => c)
        .sort(),
    ).toEqual(['forge_trigger_not_allowed', 'integration_credential_not_allowed', 'integration_scope_missing']);
  });

  it('tells a catalogued code from any other string', () => {
    expect(isErrorCode('reason_too_vague')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('made_up')).toBe(false);
  });
});
