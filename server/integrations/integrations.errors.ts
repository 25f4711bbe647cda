import type { AuthInfo } from '../app-env.js';
import { AppError } from '../errors.js';
import { AuthError } from '../auth/token-errors.js';

/**
 * Error codes of host reports and integration credentials (rendered by the one `onError`). The
 * generic ones — invalid_input, forbidden, not_found — come from `errors`.
 */
export const integrationErrors = {
  /** 403: a ticket-closed report from a person's sign-in, not from the helpdesk host. */
  closeReportNotFromHost: (auth: AuthInfo) =>
    new AppError(
      'close_report_not_from_host',
      'A ticket is reported closed by the helpdesk itself — the Zendesk webhook, the Forge trigger or an integration ' +
        `credential an admin issued — not by a ${auth.via === 'forge' ? 'Forge panel' : 'signed-in'} caller; ` +
        'nothing was changed (the attempt was recorded)',
    ),
  /** 403: a host credential (integration, Forge trigger) used for anything but a close report. */
  hostCredentialNotAllowed: (auth: AuthInfo) =>
    new AppError(
      auth.via === 'integration' ? 'integration_credential_not_allowed' : 'forge_trigger_not_allowed',
      `${auth.via === 'integration' ? 'An integration credential' : "The Forge trigger's token"} only reports ` +
        'tickets closed (POST /v1/tickets/{ticketId}/closed); sign in as a person for anything else',
    ),
  /** 403: the credential lacks the scope the route needs. */
  missingScope: (id: string, scope: string) =>
    new AppError('integration_scope_missing', `Integration credential ${id} lacks the ${scope} scope`),
  /** 401: not a credential this server issued (unknown id or wrong secret). */
  unknownCredential: () =>
    new AuthError('integration_credential_invalid', 'Integration credential is not one this server issued'),
  /** 401: the admin revoked it. */
  revokedCredential: (id: string, at: string) =>
    new AuthError(
      'integration_credential_revoked',
      `Integration credential ${id} was revoked at ${at}; ask an admin for a new one`,
    ),
  /** 409: revoking twice. */
  alreadyRevoked: (id: string, at: string) =>
    new AppError('integration_revoked', `Integration credential ${id} was already revoked at ${at}`),
};
