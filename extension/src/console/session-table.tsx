import { Table } from '@zendeskgarden/react-tables';
import type { Session } from '../../../shared/grants.js';
import { formatDuration } from '../../../shared/time.js';
import { formatTime, scoped, t } from '../i18n.js';
import { viewedSummary } from '../sidebar/history-list.js';
import { FlagTags, StatusTag } from '../ui/status.js';

const th = scoped('ticket_sidebar.history');

/** Sessions as a table answering who, approver, which ticket, what and when. */
export function SessionTable({ sessions }: { sessions: Session[] }) {
  return (
    <Table size="small" data-testid="session-table">
      <Table.Head>
        <Table.HeaderRow>
          <Table.HeaderCell>{t('nav_bar.search.ticket')}</Table.HeaderCell>
          <Table.HeaderCell>{th('who')}</Table.HeaderCell>
          <Table.HeaderCell>{t('nav_bar.search.customer')}</Table.HeaderCell>
          <Table.HeaderCell>{th('approver')}</Table.HeaderCell>
          <Table.HeaderCell width="25%">{th('reason')}</Table.HeaderCell>
          <Table.HeaderCell>{th('viewed')}</Table.HeaderCell>
          <Table.HeaderCell>{th('start')}</Table.HeaderCell>
          <Table.HeaderCell>{th('duration')}</Table.HeaderCell>
          <Table.HeaderCell>{th('flags')}</Table.HeaderCell>
        </Table.HeaderRow>
      </Table.Head>
      <Table.Body>
        {sessions.map((s) => (
          <Table.Row key={s.id}>
            <Table.Cell>#{s.ticket.id}</Table.Cell>
            <Table.Cell>
              {s.requester.name} <StatusTag status={s.status} />
            </Table.Cell>
            <Table.Cell>{s.customerId}</Table.Cell>
            <Table.Cell>
              {s.emergency ? t('common.flags.emergency') : (s.decision?.by.name ?? t('common.none'))}
            </Table.Cell>
            <Table.Cell isTruncated={false}>{s.reason}</Table.Cell>
            <Table.Cell>{viewedSummary(s)}</Table.Cell>
            <Table.Cell>{formatTime(s.startedAt ?? s.requestedAt)}</Table.Cell>
            <Table.Cell>{s.durationSeconds !== null ? formatDuration(s.durationSeconds) : t('common.none')}</Table.Cell>
            <Table.Cell>
              <FlagTags flags={s.flags} />
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
