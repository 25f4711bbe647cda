import type { CloseCheck } from '../../../shared/grants.js';
import { BackendUnreachableError } from '../api/api-error.js';
import type { ApiClient } from '../api/api-client.js';
import { t } from '../i18n.js';
import { openAccessLine } from '../sidebar/open-access.js';
import type { TicketSave } from './host-adapter.js';

export const CLOSING_STATUSES = ['solved', 'closed'];
/** Zendesk waits on save hooks; a few seconds is long enough for a healthy backend. */
export const CLOSE_CHECK_TIMEOUT_MS = 4_000;

/**
 * The `ticket.save` guard: a save to solved or closed is refused (by throwing) while the ticket has
 * open access, naming each grant and how to end it, and refused too when the backend does not
 * answer — failing closed, because an unverifiable close is how access outlives its ticket.
 *
 * @example host.onTicketSave(createCloseGuard(api, '48271'));
 */
export function createCloseGuard(
  api: Pick<ApiClient, 'closeCheck'>,
  ticketId: string,
  timeoutMs = CLOSE_CHECK_TIMEOUT_MS,
) {
  return async (save: TicketSave): Promise<void> => {
    if (!save.status || !CLOSING_STATUSES.includes(save.status)) return;
    let check: CloseCheck;
    try {
      check = await api.closeCheck(ticketId, timeoutMs);
    } catch (err) {
      if (err instanceof BackendUnreachableError)
        throw new Error(t('ticket_sidebar.close_backend_down', { seconds: timeoutMs / 1000 }));
      throw new Error(
        `${t('ticket_sidebar.close_backend_down', { seconds: timeoutMs / 1000 })} (${(err as Error).message})`,
      );
    }
    if (check.canClose) return;
    // The banner's words, by person and state in the agent's own time, never a bare grant id.
    const now = new Date();
    const lines = check.openGrants.map((g) => `${openAccessLine(g, now)}.`);
    throw new Error(lines.length > 0 ? `${t('ticket_sidebar.close_blocked')} ${lines.join(' ')}` : check.message);
  };
}
