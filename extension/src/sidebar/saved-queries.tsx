import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input, Select } from '@zendeskgarden/react-forms';
import { Table } from '@zendeskgarden/react-tables';
import { Tag } from '@zendeskgarden/react-tags';
import { getColor } from '@zendeskgarden/react-theming';
import { styled } from 'styled-components';
import type { ParamValue, QueryResult, SavedQuerySummary } from '../../../shared/gateway.js';
import type { Session } from '../../../shared/grants.js';
import { useApi } from '../api/api-provider.js';
import { scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Dl, Heading, Muted, Stack } from '../ui/layout.js';
import { useAsync } from '../use-async.js';
import { useSubmit } from '../use-submit.js';
import { columnLabel, formatCell, rowCountText } from './result-format.js';

// Loaded lazily by the active view: Garden's table is not part of the sidebar's first load.

const ts = scoped('ticket_sidebar.queries');
type Param = SavedQuerySummary['params'][number];

const INPUT_TYPE: Record<Exclude<Param['type'], 'boolean'>, string> = {
  string: 'text',
  integer: 'number',
  number: 'number',
  date: 'date',
};

/** The agent's parameters: the customer parameter is never one (the server binds it from the grant). */
const agentParams = (q: SavedQuerySummary) => q.params.filter((p) => p.name !== q.customerParam);

/** Form values as the run sends them: empty ones left out (the server applies defaults), numbers as numbers. */
function paramValues(params: Param[], values: Record<string, string>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of params) {
    const v = values[p.name]?.trim() ?? '';
    if (v === '') continue;
    const n = Number(v);
    // An unparsable number goes as typed, so the server's validation message names it.
    out[p.name] =
      p.type === 'boolean' ? v === 'true' : (p.type === 'integer' || p.type === 'number') && Number.isFinite(n) ? n : v;
  }
  return out;
}

function Cell({ column, row }: { column: string; row: Record<string, unknown> }) {
  const { text, code } = formatCell(column, row[column], row);
  return code ? <code>{text}</code> : text;
}

function ParamField({ param: p, value, onChange }: { param: Param; value: string; onChange(value: string): void }) {
  return (
    <Field>
      <Field.Label>
        {p.label ?? columnLabel(p.name)} {!p.required && <Muted as="span">{ts('optional')}</Muted>}
      </Field.Label>
      {p.description && <Field.Hint>{p.description}</Field.Hint>}
      {p.type === 'boolean' ? (
        <Select name={p.name} isCompact value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('common.none')}</option>
          <option value="true">{ts('yes')}</option>
          <option value="false">{ts('no')}</option>
        </Select>
      ) : (
        <Input
          name={p.name}
          isCompact
          type={INPUT_TYPE[p.type]}
          step={p.type === 'number' ? 'any' : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

function MaskTag({ result, column }: { result: QueryResult; column: string }) {
  if (result.masked.includes(column))
    return (
      <Tag size="small" hue="grey">
        {ts('masked')}
      </Tag>
    );
  if (result.unmasked.includes(column))
    return (
      <Tag size="small" hue="yellow">
        {ts('unmasked')}
      </Tag>
    );
  return null;
}

// Wider results scroll in their own box, the first column staying in view as the key of each row.
const ScrollBox = styled.div`
  overflow: auto;
  max-height: 320px;
  border: ${(p) => p.theme.borders.sm} ${(p) => getColor({ theme: p.theme, variable: 'border.subtle' })};
  th:first-child, td:first-child {
    position: sticky;
    left: 0;
    z-index: 1;
    background: ${(p) => getColor({ theme: p.theme, variable: 'background.default' })};
  }
`;

/** One row: a field/value card, readable at sidebar width. */
function ResultCard({ result }: { result: QueryResult }) {
  const row = result.rows[0] as Record<string, unknown>;
  return (
    <Dl data-testid="result-card" aria-label={ts('card_hint')}>
      {result.columns.map((c) => (
        <Fragment key={c}>
          <dt data-column={c}>
            {columnLabel(c)} <MaskTag result={result} column={c} />
          </dt>
          <dd>
            <Cell column={c} row={row} />
          </dd>
        </Fragment>
      ))}
    </Dl>
  );
}

function ResultTable({ result }: { result: QueryResult }) {
  return (
    <div data-testid="query-result">
      <Muted data-testid="row-count">{rowCountText(result.rowCount, result.truncated)}</Muted>
      {result.rows.length === 0 ? null : result.rows.length === 1 ? (
        <ResultCard result={result} />
      ) : (
        <ScrollBox data-testid="result-scroll" tabIndex={0} role="region" aria-label={ts('heading')}>
          <Table size="small" style={{ tableLayout: 'auto', width: 'max-content', minWidth: '100%' }}>
            <Table.Head>
              <Table.HeaderRow>
                {result.columns.map((c) => (
                  <Table.HeaderCell key={c} data-column={c}>
                    {columnLabel(c)} <MaskTag result={result} column={c} />
                  </Table.HeaderCell>
                ))}
              </Table.HeaderRow>
            </Table.Head>
            <Table.Body>
              {result.rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no id of their own and never reorder
                <Table.Row key={i}>
                  {result.columns.map((c) => (
                    <Table.Cell key={c}>
                      <Cell column={c} row={row} />
                    </Table.Cell>
                  ))}
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </ScrollBox>
      )}
    </div>
  );
}

/**
 * The data gateway's saved queries for the systems in this grant, run in the grant's scope: the
 * customer is fixed to the grant's, sensitive columns come back masked, and every run is recorded
 * as a `query` access event (so `onRun` refreshes "Logged so far").
 */
export function SavedQueries({ grant, onRun }: { grant: Session; onRun(): void }) {
  const api = useApi();
  const list = useAsync(() => api.savedQueries().then((r) => r.queries), [api]);
  const queries = (list.data ?? []).filter((q) => grant.systems.includes(q.system));
  const [name, setName] = useState<string>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<QueryResult | null>(null);
  const { busy, error, setError, run: submit } = useSubmit();
  const query = queries.find((q) => q.name === name) ?? queries[0];
  const params = query ? agentParams(query) : [];
  const ready = params.every((p) => !p.required || values[p.name]?.trim());

  function choose(next: string) {
    setName(next);
    setValues({});
    setResult(null);
    setError(null);
  }

  async function run(e: FormEvent) {
    e.preventDefault();
    if (!query) return;
    setResult(null);
    const answer = await submit(() => api.runQuery(grant.id, query.name, paramValues(params, values)));
    if (answer) setResult(answer);
    onRun();
  }

  let body: ReactNode;
  if (list.error) body = <ErrorAlert error={list.error} />;
  else if (!list.data) body = <Muted>{t('common.loading')}</Muted>;
  else if (!query) body = <Muted>{ts('none', { systems: grant.systems.join(', ') })}</Muted>;
  else
    body = (
      <form onSubmit={run} aria-label={ts('heading')}>
        <Stack>
          <Field>
            <Field.Label>{ts('query')}</Field.Label>
            {query.description && <Field.Hint>{query.description}</Field.Hint>}
            <Select name="query" isCompact value={query.name} onChange={(e) => choose(e.target.value)}>
              {queries.map((q) => (
                <option key={q.name} value={q.name}>
                  {q.title} ({q.system})
                </option>
              ))}
            </Select>
          </Field>
          <Muted data-testid="query-customer">{ts('customer_fixed', { customerId: grant.customerId })}</Muted>
          {params.map((p) => (
            <ParamField
              key={`${query.name}.${p.name}`}
              param={p}
              value={values[p.name] ?? ''}
              onChange={(v) => setValues((vs) => ({ ...vs, [p.name]: v }))}
            />
          ))}
          <Button type="submit" size="small" disabled={!ready || busy}>
            {busy ? ts('running') : ts('run')}
          </Button>
          <ErrorAlert error={error} />
          {result?.query === query.name && <ResultTable result={result} />}
        </Stack>
      </form>
    );

  return (
    <div data-testid="saved-queries">
      <Heading as="h3">{ts('heading')}</Heading>
      {body}
    </div>
  );
}
