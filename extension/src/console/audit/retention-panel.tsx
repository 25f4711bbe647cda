import { Table } from '@zendeskgarden/react-tables';
import { Well } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { styled } from 'styled-components';
import type { AuditArchive, AuditRetention } from '../../../../shared/audit.js';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';
import { ErrorAlert } from '../../ui/error-alert.js';
import { Heading, Muted, Section, Stack } from '../../ui/layout.js';
import { useAsync } from '../../use-async.js';

const tr = scoped('nav_bar.retention');

const Spaced = styled(Stack)`
  gap: ${(p) => p.theme.space.md};
`;

/** "March 2025": archives are calendar months (UTC). */
const month = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Archives newest first; those whose rows left the database (seq ≤ the last purge) are tagged. */
function ArchiveTable({ archives, purgedTo }: { archives: AuditArchive[]; purgedTo: number }) {
  return (
    <Table size="small" aria-label={tr('archives')} data-testid="archive-table">
      <Table.Head>
        <Table.HeaderRow>
          <Table.HeaderCell>{tr('month')}</Table.HeaderCell>
          <Table.HeaderCell>{tr('seqs')}</Table.HeaderCell>
          <Table.HeaderCell>{tr('rows')}</Table.HeaderCell>
          <Table.HeaderCell>{tr('sealed')}</Table.HeaderCell>
          <Table.HeaderCell>{tr('in_database')}</Table.HeaderCell>
        </Table.HeaderRow>
      </Table.Head>
      <Table.Body>
        {[...archives].reverse().map((a) => (
          <Table.Row key={a.id}>
            <Table.Cell>{month(a.periodStart)}</Table.Cell>
            <Table.Cell>
              {a.fromSeq}–{a.toSeq}
            </Table.Cell>
            <Table.Cell>{a.rowCount}</Table.Cell>
            <Table.Cell>{when(a.createdAt)}</Table.Cell>
            <Table.Cell>
              {a.toSeq <= purgedTo ? (
                <Tag hue="grey" size="small">
                  {tr('purged_tag')}
                </Tag>
              ) : (
                <Tag hue="green" size="small">
                  {tr('kept')}
                </Tag>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

function RetentionView({ retention }: { retention: AuditRetention }) {
  const last = retention.lastArchive;
  return (
    <Spaced>
      <Muted data-testid="retention-period">
        {tr('period', { days: retention.retentionDays, cutoff: day(retention.cutoff) })}
      </Muted>
      <Well data-testid="retention-last-archive">
        <Heading as="h3">{tr('last_archive')}</Heading>
        {last ? (
          <>
            <Muted>
              {tr('archive_line', {
                period: month(last.periodStart),
                from: last.fromSeq,
                to: last.toSeq,
                rows: last.rowCount,
                sealed: when(last.createdAt),
              })}
            </Muted>
            <Muted>{tr('stored_at', { location: last.location })}</Muted>
          </>
        ) : (
          <Muted>{tr('no_archive')}</Muted>
        )}
      </Well>
      {retention.archives.length > 0 && (
        <ArchiveTable archives={retention.archives} purgedTo={retention.purges.at(-1)?.toSeq ?? 0} />
      )}
      <div data-testid="retention-purges">
        <Heading as="h3">{tr('purges')}</Heading>
        {retention.purges.length === 0 ? (
          <Muted>{tr('no_purge')}</Muted>
        ) : (
          [...retention.purges].reverse().map((p) => (
            <Muted key={p.toSeq}>
              {tr('purge_line', {
                at: when(p.purgedAt),
                by: p.purgedBy,
                from: p.fromSeq,
                to: p.toSeq,
                rows: p.rows,
                grants: p.grants,
                events: p.accessEvents,
                archives: p.archives.map((id) => month(`${id.slice(0, 7)}-01T00:00:00.000Z`)).join(', '),
              })}
            </Muted>
          ))
        )}
        {retention.purges.length > 0 && <Muted>{tr('how_to_read')}</Muted>}
      </div>
    </Spaced>
  );
}

/**
 * The audit trail's retention for the console's audit screen: the period, the last sealed archive,
 * every archive, and what was purged when and by whom (`GET /v1/audit/retention`).
 */
export function RetentionPanel() {
  const api = useApi();
  const { data, error, loading } = useAsync(() => api.auditRetention(), [api]);
  return (
    <Section aria-labelledby="retention-title" data-testid="retention-panel">
      <Heading id="retention-title">{tr('title')}</Heading>
      <ErrorAlert error={error} />
      {data ? <RetentionView retention={data} /> : loading && <Muted>{tr('loading')}</Muted>}
    </Section>
  );
}
