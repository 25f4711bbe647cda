import { effectiveStatus, isOpen } from '../../../shared/grant-rules.js';
import type { Grant } from '../../../shared/grants.js';
import { formatTime, t } from '../i18n.js';

type OpenGrant = Pick<Grant, 'id' | 'status' | 'requester' | 'expiresAt' | 'startBy'>;

/** The grants that keep the ticket from being solved as of `now` (expiry and lapse applied). */
export function openNow<G extends OpenGrant>(grants: readonly G[], now: Date): G[] {
  const at = now.toISOString();
  return grants.filter((g) => isOpen(effectiveStatus(g, at)));
}

/**
 * One open grant in words, by the person and the state, with what ends it: the banner's line and
 * the save guard's message say the same.
 *
 * @example openAccessLine(grant, now) // "Ann Agent's access is active until 20:18 — end it to solve the ticket"
 */
export function openAccessLine(grant: OpenGrant, now: Date, viewerId?: string): string {
  const name = grant.requester.id === viewerId ? t('ticket_sidebar.banner.you') : grant.requester.name;
  const status = effectiveStatus(grant, now.toISOString());
  const time = formatTime(status === 'active' ? grant.expiresAt : grant.startBy, now);
  const line = t(`ticket_sidebar.banner.${status}`, { name, time });
  // "Your's" reads wrong: the viewer's own grant is "Your access …".
  return grant.requester.id === viewerId ? line.replace(`${name}'s`, name) : line;
}
