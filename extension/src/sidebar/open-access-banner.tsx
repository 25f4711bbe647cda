import { Alert } from '@zendeskgarden/react-notifications';
import type { Session } from '../../../shared/grants.js';
import { scoped } from '../i18n.js';
import { openAccessLine, openNow } from './open-access.js';

const ts = scoped('ticket_sidebar.banner');

/** At the top while the ticket has open grants: who holds each, in which state, and what ends it. */
export function OpenAccessBanner({ sessions, now, viewerId }: { sessions: Session[]; now: Date; viewerId: string }) {
  const open = openNow(sessions, now);
  if (open.length === 0) return null;
  return (
    <Alert type="warning" data-testid="open-access-banner" role="status">
      <Alert.Title>{ts('heading')}</Alert.Title>
      <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
        {open.map((g) => (
          <li key={g.id}>{openAccessLine(g, now, viewerId)}</li>
        ))}
      </ul>
    </Alert>
  );
}
