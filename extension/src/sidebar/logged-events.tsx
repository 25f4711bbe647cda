import type { AccessEvent } from '../../../shared/grants.js';
import { formatTime, scoped } from '../i18n.js';
import { Heading, Muted } from '../ui/layout.js';

const ts = scoped('ticket_sidebar.active');

/** A run's parameters as typed, e.g. `refund_id = 9912` (the customer bound by the grant included). */
const paramsText = (parameters: Record<string, unknown> | null) =>
  Object.entries(parameters ?? {})
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');

const rowsText = (n: number | null) =>
  n === null ? '' : n === 0 ? ts('rows_none') : n === 1 ? ts('rows_one') : ts('rows_many', { count: n });

/**
 * One logged event in a line: a saved-query run with its parameters and rows (its columns are on
 * the grant's record; listed here they would bury the answer), or what a tool viewed.
 */
export function eventLine(e: AccessEvent): string {
  const fields = e.fields.length > 0 ? ` (${e.fields.join(', ')})` : '';
  if (e.kind === 'query' && e.queryName) {
    const params = paramsText(e.parameters);
    return [ts('ran', { query: e.queryName }), params && ts('with', { params }), `— ${rowsText(e.recordCount)}`]
      .filter(Boolean)
      .join(' ');
  }
  const records = e.recordCount !== null ? ` · ${e.recordCount} records` : '';
  return `${e.kind} ${e.target}${fields}${records}`;
}

/** "Logged so far": what the data tools and saved queries reported for this session, newest last. */
export function LoggedEvents({ events }: { events: AccessEvent[] }) {
  return (
    <div data-testid="logged-events">
      <Heading as="h3">{ts('logged')}</Heading>
      {events.length === 0 ? (
        <Muted>{ts('nothing_logged')}</Muted>
      ) : (
        <ul style={{ margin: 0, paddingLeft: '1.2em', overflowWrap: 'anywhere' }}>
          {events.map((e) => (
            <li key={e.id}>
              {eventLine(e)} · {formatTime(e.occurredAt)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
