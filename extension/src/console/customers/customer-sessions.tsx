import { Button } from '@zendeskgarden/react-buttons';
import { Body, Cell, Head, HeaderCell, HeaderRow, Row as TableRow, Table } from '@zendeskgarden/react-tables';
import { styled } from 'styled-components';
import { categoriesOf } from '../../../../shared/data-categories.js';
import type { Session } from '../../../../shared/grants.js';
import type { TransparencyReport } from '../../../../shared/transparency.js';
import { formatDuration } from '../../../../shared/time.js';
import { formatTime, scoped } from '../../i18n.js';
import { Muted, Row } from '../../ui/layout.js';
import { StatusTag } from '../../ui/status.js';

const tc = scoped('nav_bar.customers');

const Reason = styled.span`
  display: -webkit-box;
  -webkit-line-clamp: 2;
  -webkit-box-orient: vertical;
  overflow: hidden;
`;

/** What a session viewed, in one line: counts, then the kinds of data. */
function viewedSummary(s: Session): string {
  const fields = new Set(s.viewed.flatMap((e) => e.fields));
  const records = s.viewed.reduce((n, e) => n + (e.recordCount ?? 0), 0);
  const counts = tc('viewed_summary', { events: s.viewed.length, fields: fields.size, records });
  const kinds = categoriesOf(
    fields,
    s.viewed.flatMap((e) => (e.queryName ? [e.queryName] : [])),
  );
  return kinds.length ? `${counts} — ${kinds.join(', ')}` : counts;
}

/** The customer's sessions, newest first, with the totals over the whole period. */
export function CustomerSessions(props: {
  customerId: string;
  sessions: Session[];
  totals: TransparencyReport['totals'];
  hasMore: boolean;
  onMore(): void;
  onOpenSession?(id: string): void;
}) {
  const { sessions, totals } = props;
  if (sessions.length === 0) return <Muted>{tc('empty', { customerId: props.customerId })}</Muted>;
  return (
    <div data-testid="customer-sessions">
      <p data-testid="customer-totals">
        {tc('totals', {
          sessions: sessions.length + (props.hasMore ? '+' : ''),
          opened: totals.accesses,
          minutes: totals.minutes,
          changed: totals.changedData,
        })}
      </p>
      <Table size="small" aria-label={tc('title')}>
        <Head>
          <HeaderRow>
            <HeaderCell width="110px">{tc('when')}</HeaderCell>
            <HeaderCell width="120px">{tc('agent')}</HeaderCell>
            <HeaderCell width="80px">{tc('ticket')}</HeaderCell>
            <HeaderCell>{tc('reason')}</HeaderCell>
            <HeaderCell>{tc('viewed')}</HeaderCell>
            <HeaderCell width="90px">{tc('duration')}</HeaderCell>
            <HeaderCell width="110px">{tc('status')}</HeaderCell>
            {props.onOpenSession && (
              <HeaderCell width="80px" hidden>
                {tc('open')}
              </HeaderCell>
            )}
          </HeaderRow>
        </Head>
        <Body>
          {sessions.map((s) => (
            <TableRow key={s.id} data-testid={`customer-session-${s.id}`}>
              <Cell>{formatTime(s.requestedAt)}</Cell>
              <Cell>{s.requester.name}</Cell>
              <Cell>{s.ticket.url ? <a href={s.ticket.url}>#{s.ticket.id}</a> : `#${s.ticket.id}`}</Cell>
              <Cell>
                <Reason title={s.reason}>{s.reason}</Reason>
              </Cell>
              <Cell>{viewedSummary(s)}</Cell>
              <Cell>{s.durationSeconds === null ? '—' : formatDuration(s.durationSeconds)}</Cell>
              <Cell>
                <StatusTag status={s.status} />
              </Cell>
              {props.onOpenSession && (
                <Cell>
                  <Button size="small" onClick={() => props.onOpenSession?.(s.id)} aria-label={`${tc('open')} ${s.id}`}>
                    {tc('open')}
                  </Button>
                </Cell>
              )}
            </TableRow>
          ))}
        </Body>
      </Table>
      {props.hasMore && (
        <Row>
          <Button onClick={props.onMore}>{tc('more')}</Button>
        </Row>
      )}
    </div>
  );
}
