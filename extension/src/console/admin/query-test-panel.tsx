import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Fieldset, Input } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import { Body, Cell, Head, HeaderCell, HeaderRow, Row as TableRow, Table } from '@zendeskgarden/react-tables';
import { styled } from 'styled-components';
import type { QueryTestResult } from '../../../../shared/gateway.js';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';
import { ErrorAlert } from '../../ui/error-alert.js';
import { FieldGrid, Muted, Row, Stack } from '../../ui/layout.js';
import { fromQueryDraft, paramValue, type QueryDraft } from './query-draft.js';

const tq = scoped('nav_bar.saved_queries');

const Scroll = styled.div`
  overflow-x: auto;
  max-width: 100%;
`;

/** Sample columns size to their content (Garden tables split the width evenly), scrolling when wide. */
const SampleTable = styled(Table)`
  table-layout: auto;
  width: max-content;
  min-width: 100%;
  td, th { white-space: nowrap; }
`;

/**
 * Test-runs the query in the editor (saved or not) for a sample customer, without a grant
 * (`POST /v1/gateway/queries/{name}/test`): masked, at most 20 rows, audited.
 */
export function QueryTestPanel({ name, draft }: { name: string; draft: QueryDraft }) {
  const api = useApi();
  const [customerId, setCustomerId] = useState('1842');
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<QueryTestResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const params = draft.params.filter((p) => p.name);

  async function run() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const sent = Object.fromEntries(
        params.filter((p) => (values[p.name] ?? '') !== '').map((p) => [p.name, paramValue(p.type, values[p.name]!)]),
      );
      setResult(await api.testQuery(name, { customerId, params: sent, definition: fromQueryDraft(draft) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Fieldset data-testid="query-test">
      <Fieldset.Legend>{tq('test')}</Fieldset.Legend>
      <Stack>
        <Muted>{tq('test_intro')}</Muted>
        <FieldGrid>
          <Field>
            <Field.Label>{tq('test_customer')}</Field.Label>
            <Input isCompact name="test-customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
          </Field>
          {params.map((p) => (
            <Field key={p.name}>
              <Field.Label>
                {p.name} ({p.type})
              </Field.Label>
              <Input
                isCompact
                name={`test-${p.name}`}
                placeholder={p.default}
                value={values[p.name] ?? ''}
                onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
              />
            </Field>
          ))}
        </FieldGrid>
        <Row>
          <Button onClick={run} disabled={busy || !name || !customerId.trim()}>
            {tq('test_run')}
          </Button>
        </Row>
        <ErrorAlert error={error} />
        {result && (
          <>
            <Alert type="info" role="status">
              <Alert.Paragraph>
                {tq('test_result', {
                  count: result.rowCount,
                  masked: result.masked.join(', ') || tq('none'),
                  seq: result.auditEventSeq,
                })}
              </Alert.Paragraph>
            </Alert>
            <Scroll>
              <SampleTable size="small" aria-label={tq('test')} data-testid="query-test-result">
                <Head>
                  <HeaderRow>
                    {result.columns.map((c) => (
                      <HeaderCell key={c}>
                        {c}
                        {result.masked.includes(c) ? ` ${tq('masked_marker')}` : ''}
                      </HeaderCell>
                    ))}
                  </HeaderRow>
                </Head>
                <Body>
                  {result.rows.map((row, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: sample rows have no key of their own
                    <TableRow key={i}>
                      {result.columns.map((c) => (
                        <Cell key={c}>{row[c] === null || row[c] === undefined ? '' : String(row[c])}</Cell>
                      ))}
                    </TableRow>
                  ))}
                </Body>
              </SampleTable>
            </Scroll>
          </>
        )}
      </Stack>
    </Fieldset>
  );
}
