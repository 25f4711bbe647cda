import { Table } from '@zendeskgarden/react-tables';
import type { Session } from '../../../shared/grants.js';
import { formatDuration } from '../../../shared/time.js';
import { formatTime, scoped, t } from '../i18n.js';
import { FlagTags, StatusTag } from '../ui/status.js';
import { Link, screenUrl } from './router.js';
import { OneLine } from './screen-parts.js';
import { viewedLine } from './session-facts.js';

const ts = scoped('nav_bar.table');

export const approverOf = (s: Session) =>
  s.emergency ? t('common.flags.emergency') : (s.decision?.by.name ?? s.decision?.by.id ?? t('common.none'));

/** Sessions in compact rows (one line each); the whole story is one click away on the session page. */
export function SessionTable({ sessions, caption }: { sessions: Session[]; caption: string }) {
  return (
    <Table size="small" data-testid="session-table" aria-label={caption}>
      <Table.Head>
        <Table.HeaderRow>
          <Table.HeaderCell width="11%">{ts('when')}</Table.HeaderCell>
          <Table.HeaderCell width="8%">{ts('ticket')}</Table.HeaderCell>
          <Table.HeaderCell width="11%">{ts('agent')}</Table.HeaderCell>
          <Table.HeaderCell width="8%">{ts('customer')}</Table.HeaderCell>
          <Table.HeaderCell width="9%">{ts('status')}</Table.HeaderCell>
          <Table.HeaderCell width="10%">{ts('approver')}</Table.HeaderCell>
          <Table.HeaderCell width="8%">{ts('duration')}</Table.HeaderCell>
          {/* Fixed columns; what was viewed takes what is left, on one line. */}
          <Table.HeaderCell>{ts('viewed')}</Table.HeaderCell>
          <Table.HeaderCell width="14%">{ts('flags')}</Table.HeaderCell>
        </Table.HeaderRow>
      </Table.Head>
      <Table.Body>
        {sessions.map((s) => (
          <Table.Row key={s.id} data-testid={`row-${s.id}`}>
            <Table.Cell style={{ whiteSpace: 'nowrap' }}>
              <Link to={screenUrl('session', { id: s.id })} title={ts('open', { id: s.id })}>
                {formatTime(s.startedAt ?? s.requestedAt)}
              </Link>
            </Table.Cell>
            <Table.Cell>#{s.ticket.id}</Table.Cell>
            <Table.Cell>{s.requester.name}</Table.Cell>
            <Table.Cell>{s.customerId}</Table.Cell>
            <Table.Cell>
              <StatusTag status={s.status} />
            </Table.Cell>
            <Table.Cell>{approverOf(s)}</Table.Cell>
            <Table.Cell style={{ whiteSpace: 'nowrap' }}>
              {s.durationSeconds !== null ? formatDuration(s.durationSeconds) : t('common.none')}
            </Table.Cell>
            <Table.Cell>
              <OneLine style={{ maxWidth: 'none' }} title={viewedLine(s.viewed)} data-testid="viewed">
                {viewedLine(s.viewed)}
              </OneLine>
            </Table.Cell>
            <Table.Cell>
              <FlagTags flags={s.flags} />
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
