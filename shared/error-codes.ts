// No zod here: the sidebar and the Forge panel bundle this module (zod would cost bytes and an eval
// probe the pages' Content-Security-Policy refuses).

/*
 * The error catalogue: every code the API answers, defined once with its one HTTP status, by domain.
 * The server builds its errors from it (server/errors.ts derives the status from the code), and the
 * sidebar, the console and the Forge app can rely on the codes. A code never changes its status.
 */

/** Shape and transport: input, sign-in in general, permissions, limits. */
export const COMMON_ERRORS = {
  invalid_input: 400,
  reason_too_vague: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  body_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  too_many_refused_reports: 429,
  http_error: 400,
  internal: 500,
} as const;

/** Refused sign-ins (401 with the check that failed) and credentials used where they do not belong. */
export const AUTH_ERRORS = {
  unknown_user: 401,
  no_role: 401,
  tenant_not_registered: 401,
  token_malformed: 401,
  token_invalid_claims: 401,
  token_wrong_issuer: 401,
  token_wrong_audience: 401,
  token_not_yet_valid: 401,
  token_expired: 401,
  token_bad_signature: 401,
  token_algorithm_refused: 401,
  token_unknown_key: 401,
  token_keys_unavailable: 401,
  token_replayed: 401,
  cross_site_refused: 401,
  grant_token_not_allowed: 401,
  forge_not_configured: 401,
  jira_user_unavailable: 401,
  zendesk_api_not_configured: 401,
  zendesk_user_unavailable: 401,
  oidc_not_configured: 401,
  oidc_unavailable: 401,
  oidc_refused: 401,
  oidc_code_refused: 401,
  oidc_state_mismatch: 401,
  oidc_nonce_mismatch: 401,
  webhook_not_configured: 401,
  webhook_bad_signature: 401,
  webhook_stale: 401,
  integration_credential_invalid: 401,
  integration_credential_revoked: 401,
  integration_credential_not_allowed: 403,
  forge_trigger_not_allowed: 403,
  integration_scope_missing: 403,
} as const;

/** The grant lifecycle: a state change not allowed now is 409, whoever asks and wherever. */
export const GRANT_ERRORS = {
  grant_already_open: 409,
  grant_changed: 409,
  grant_not_active: 409,
  grant_open: 409,
  grant_pending: 409,
  grant_approved: 409,
  grant_active: 409,
  grant_ended: 409,
  grant_expired: 409,
  grant_revoked: 409,
  grant_denied: 409,
  grant_cancelled: 409,
  grant_lapsed: 409,
  close_report_not_from_host: 403,
  // Extensions of an active grant: one waits for an approver at a time.
  extension_pending: 409,
  no_extension_pending: 409,
} as const;

/** The data gateway's saved-query runs. */
export const GATEWAY_ERRORS = {
  scope_violation: 403,
  system_not_in_grant: 403,
  query_read_only: 422,
  query_failed: 422,
  query_out_of_scope: 422,
  gateway_unavailable: 503,
  query_timeout: 504,
} as const;

/** What the connector (server/connector) answers an internal tool's users. */
export const CONNECTOR_ERRORS = {
  grant_token_missing: 401,
  grant_token_invalid: 401,
  outside_grant_scope: 403,
  grant_unverifiable: 503,
} as const;

/** Reviews and integration credentials. */
export const REVIEW_ERRORS = { not_flagged: 409 } as const;
export const INTEGRATION_ERRORS = { integration_revoked: 409 } as const;
/** Notifications: deliveries, the second of two approvals, Slack interactions. */
export const NOTIFICATION_ERRORS = {
  delivery_not_dead: 409,
  approval_already_given: 409,
  slack_bad_signature: 401,
  slack_stale: 401,
} as const;

export const ERROR_CODES = {
  ...COMMON_ERRORS,
  ...AUTH_ERRORS,
  ...GRANT_ERRORS,
  ...GATEWAY_ERRORS,
  ...CONNECTOR_ERRORS,
  ...REVIEW_ERRORS,
  ...INTEGRATION_ERRORS,
  ...NOTIFICATION_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorStatus = (typeof ERROR_CODES)[ErrorCode];
/** Codes whose status is 401: a refused sign-in. */
export type AuthErrorCode = { [C in ErrorCode]: (typeof ERROR_CODES)[C] extends 401 ? C : never }[ErrorCode];
export type ConflictCode = { [C in ErrorCode]: (typeof ERROR_CODES)[C] extends 409 ? C : never }[ErrorCode];

/** Whether a string from an answer is a code of this API (the UI's and the Forge app's check). */
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);
