import type { AccessEvent } from '../../../shared/grants.js';
import { formatTime, scoped } from '../i18n.js';
import { Heading, Muted } from '../ui/layout.js';

const ts = scoped('ticket_sidebar.active');

/** "Logged so far": what the data tools reported for this session, newest last. */
export function LoggedEvents({ events }: { events: AccessEvent[] }) {
  return (
    <div data-testid="logged-events">
      <Heading as="h3">{ts('logged')}</Heading>
      {events.length === 0 ? (
        <Muted>{ts('nothing_logged')}</Muted>
      ) : (
        <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
          {events.map((e) => (
            <li key={e.id}>
              <strong>{e.kind}</strong> {e.target}
              {e.fields.length > 0 && ` (${e.fields.join(', ')})`}
              {e.recordCount !== null && ` · ${e.recordCount} records`} · {formatTime(e.occurredAt)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
