import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import { Body, Cell, Head, HeaderCell, HeaderRow, Row as TableRow, Table } from '@zendeskgarden/react-tables';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';
import { ErrorAlert } from '../../ui/error-alert.js';
import { Heading, Muted, Row, Stack } from '../../ui/layout.js';
import { useAsync } from '../../use-async.js';
import { SavedQueryEditor } from './saved-query-editor.js';
import { useLeaveGuard } from './unsaved-changes.js';

const tq = scoped('nav_bar.saved_queries');

/** Admins list, create, edit, test-run and delete the data gateway's saved queries. */
export function SavedQueriesScreen() {
  const api = useApi();
  const list = useAsync(() => api.savedQueries(), [api]);
  const settings = useAsync(() => api.settings(), [api]);
  // null: the list; '' : a new query; a name: that query.
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const guard = useLeaveGuard();
  const open = (name: string) => {
    setNotice(null);
    setEditing(name);
  };

  if (list.error) return <ErrorAlert error={list.error} />;
  if (editing !== null && settings.data) {
    return (
      <SavedQueryEditor
        name={editing || null}
        systems={settings.data.systems}
        onBack={() => guard(() => setEditing(null))}
        onDone={(message) => {
          setNotice(message);
          setEditing(null);
          void list.reload();
        }}
      />
    );
  }
  const queries = list.data?.queries ?? [];
  return (
    <Stack data-testid="saved-queries-admin">
      <Heading as="h2">{tq('title')}</Heading>
      <Muted>{tq('intro')}</Muted>
      {notice && (
        <Alert type="success" role="status">
          <Alert.Paragraph>{notice}</Alert.Paragraph>
        </Alert>
      )}
      <Row>
        <Button isPrimary onClick={() => open('')} disabled={!settings.data}>
          {tq('new')}
        </Button>
      </Row>
      {list.data && queries.length === 0 && <Muted>{tq('empty')}</Muted>}
      {queries.length > 0 && (
        <Table aria-label={tq('title')}>
          <Head>
            <HeaderRow>
              <HeaderCell>{tq('name')}</HeaderCell>
              <HeaderCell>{tq('query_title')}</HeaderCell>
              <HeaderCell>{tq('system')}</HeaderCell>
              <HeaderCell>{tq('params')}</HeaderCell>
              <HeaderCell>{tq('row_limit')}</HeaderCell>
              <HeaderCell hidden>{tq('edit')}</HeaderCell>
            </HeaderRow>
          </Head>
          <Body>
            {queries.map((q) => (
              <TableRow key={q.name} data-testid={`query-${q.name}`}>
                <Cell>
                  <code>{q.name}</code>
                </Cell>
                <Cell>{q.title}</Cell>
                <Cell>{q.system}</Cell>
                <Cell>{q.params.map((p) => p.name).join(', ') || tq('none')}</Cell>
                <Cell>{q.rowLimit}</Cell>
                <Cell>
                  <Button size="small" onClick={() => open(q.name)} aria-label={`${tq('edit')} ${q.name}`}>
                    {tq('edit')}
                  </Button>
                </Cell>
              </TableRow>
            ))}
          </Body>
        </Table>
      )}
    </Stack>
  );
}
