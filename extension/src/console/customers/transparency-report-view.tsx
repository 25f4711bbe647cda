import { Body, Cell, Head, HeaderCell, HeaderRow, Row as TableRow, Table } from '@zendeskgarden/react-tables';
import { getColor } from '@zendeskgarden/react-theming';
import { createGlobalStyle, styled } from 'styled-components';
import type { SignedTransparencyReport } from '../../../../shared/transparency.js';
import { scoped } from '../../i18n.js';
import { Heading, Muted } from '../../ui/layout.js';

const tr = scoped('nav_bar.report');

/** While a report is on screen, printing shows the report alone. */
const PrintOnlyReport = createGlobalStyle`
  @media print {
    body * { visibility: hidden; }
    [data-print-root], [data-print-root] * { visibility: visible; }
    [data-print-root] { position: absolute; inset: 0 auto auto 0; width: 100%; }
    [data-print-hide] { display: none !important; }
  }
`;

const Document = styled.article`
  max-width: 1100px;
  padding: ${(p) => p.theme.space.md};
  border: ${(p) => p.theme.borders.sm} ${(p) => getColor({ theme: p.theme, variable: 'border.default' })};
  background: ${(p) => getColor({ theme: p.theme, variable: 'background.default' })};
  @media print { border: none; padding: 0; }
`;

const Title = styled.h1`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.xl};
`;

const Verify = styled.p`
  margin-top: ${(p) => p.theme.space.md};
  font-size: ${(p) => p.theme.fontSizes.sm};
  overflow-wrap: anywhere;
  code { font-family: ${(p) => p.theme.fonts.mono}; }
`;

/** Dates as the customer reads them, in UTC so every reader sees the same time. */
export const reportDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });

/** The customer transparency report as a printable document. */
export function TransparencyReportView({ signed }: { signed: SignedTransparencyReport }) {
  const r = signed.report;
  const withStaff = r.includes.staff;
  const withNotes = r.includes.notes;
  return (
    <Document data-print-root data-testid="transparency-report">
      <PrintOnlyReport />
      <Title>{tr('title')}</Title>
      <Heading as="h2">{tr('for', { customer: r.customer.name ?? r.customer.id, customerId: r.customer.id })}</Heading>
      <Muted>{tr('issued', { issuer: r.issuer.name, at: reportDate(r.issuedAt) })}</Muted>
      <Muted>
        {tr('period', {
          from: r.period.from ? reportDate(r.period.from) : tr('beginning'),
          to: reportDate(r.period.to),
        })}
      </Muted>
      <p data-testid="report-summary">
        {r.accesses.length === 0
          ? tr('empty', { issuer: r.issuer.name })
          : tr('summary', {
              accesses: r.totals.accesses,
              minutes: r.totals.minutes,
              changed: r.totals.changedData,
              emergency: r.totals.emergency,
            })}
      </p>
      {r.accesses.length > 0 && (
        <Table size="small" aria-label={tr('title')}>
          <Head>
            <HeaderRow>
              <HeaderCell width="150px">{tr('date')}</HeaderCell>
              <HeaderCell width="80px">{tr('duration')}</HeaderCell>
              <HeaderCell width="80px">{tr('ticket')}</HeaderCell>
              <HeaderCell>{tr('reason')}</HeaderCell>
              <HeaderCell>{tr('categories')}</HeaderCell>
              <HeaderCell width="80px">{tr('changed')}</HeaderCell>
              <HeaderCell>{tr('approved_by')}</HeaderCell>
              {withStaff && <HeaderCell>{tr('staff')}</HeaderCell>}
              {withNotes && <HeaderCell>{tr('notes')}</HeaderCell>}
            </HeaderRow>
          </Head>
          <Body>
            {r.accesses.map((a) => (
              <TableRow key={`${a.startedAt}-${a.ticket}`}>
                <Cell>{reportDate(a.startedAt)}</Cell>
                <Cell>
                  {a.durationMinutes === null
                    ? tr('ongoing')
                    : a.durationMinutes === 0
                      ? tr('under_minute')
                      : tr('minutes', { count: a.durationMinutes })}
                </Cell>
                <Cell>#{a.ticket}</Cell>
                <Cell>{a.reason}</Cell>
                <Cell>{a.categories.join(', ') || tr('nothing')}</Cell>
                <Cell>{a.changedData ? tr('yes') : tr('no')}</Cell>
                <Cell>
                  {a.approval === 'emergency'
                    ? tr('emergency')
                    : a.approverRole
                      ? tr('role', { role: a.approverRole })
                      : tr('nothing')}
                </Cell>
                {withStaff && (
                  <Cell>
                    {a.staff?.agent.name} {a.staff?.agent.email ? `<${a.staff.agent.email}>` : ''}
                    {a.staff?.approver ? ` / ${a.staff.approver.name ?? a.staff.approver.id}` : ''}
                  </Cell>
                )}
                {withNotes && (
                  <Cell>{[a.notes?.approval, a.notes?.outcome, a.notes?.end].filter(Boolean).join(' · ')}</Cell>
                )}
              </TableRow>
            ))}
          </Body>
        </Table>
      )}
      {r.totals.testRuns > 0 && <p>{tr('test_runs', { count: r.totals.testRuns })}</p>}
      <Verify>{tr('verify', { kid: signed.signature.kid, jwksUrl: signed.signature.jwksUrl })}</Verify>
    </Document>
  );
}
