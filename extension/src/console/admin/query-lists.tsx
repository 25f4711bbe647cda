import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input, Select } from '@zendeskgarden/react-forms';
import { Body, Cell, Head, HeaderCell, HeaderRow, Row as TableRow, Table } from '@zendeskgarden/react-tables';
import { PARAM_TYPES, SENSITIVITY_KINDS } from '../../../../shared/gateway-kinds.js';
import { scoped } from '../../i18n.js';
import { Muted, Row } from '../../ui/layout.js';
import type { QueryDraft } from './query-draft.js';

const tq = scoped('nav_bar.saved_queries');
type Params = QueryDraft['params'];
type Fields = QueryDraft['fields'];

const cellInput = (label: string, name: string, value: string, onChange: (v: string) => void) => (
  <Field>
    <Field.Label hidden>{label}</Field.Label>
    <Input isCompact name={name} value={value} onChange={(e) => onChange(e.target.value)} />
  </Field>
);

/** The parameters an agent fills in: name, type, description and an optional default. */
export function ParamsTable({ params, onChange }: { params: Params; onChange(p: Params): void }) {
  const set = (i: number, patch: Partial<Params[number]>) =>
    onChange(params.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <div data-testid="query-params">
      {params.length === 0 ? (
        <Muted>{tq('none')}</Muted>
      ) : (
        <Table size="small" aria-label={tq('params')}>
          <Head>
            <HeaderRow>
              <HeaderCell>{tq('param_name')}</HeaderCell>
              <HeaderCell>{tq('param_type')}</HeaderCell>
              <HeaderCell>{tq('param_description')}</HeaderCell>
              <HeaderCell>{tq('param_default')}</HeaderCell>
              <HeaderCell hidden>{tq('remove_param', { name: '' })}</HeaderCell>
            </HeaderRow>
          </Head>
          <Body>
            {params.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the name itself is being typed
              <TableRow key={i}>
                <Cell>
                  {cellInput(`${tq('param_name')} ${i + 1}`, `param-${i}-name`, p.name, (name) => set(i, { name }))}
                </Cell>
                <Cell>
                  <Field>
                    <Field.Label hidden>{`${tq('param_type')} ${i + 1}`}</Field.Label>
                    <Select
                      isCompact
                      name={`param-${i}-type`}
                      value={p.type}
                      onChange={(e) => set(i, { type: e.target.value as Params[number]['type'] })}
                    >
                      {PARAM_TYPES.map((type) => (
                        <option key={type}>{type}</option>
                      ))}
                    </Select>
                  </Field>
                </Cell>
                <Cell>
                  {cellInput(`${tq('param_description')} ${i + 1}`, `param-${i}-description`, p.description, (d) =>
                    set(i, { description: d }),
                  )}
                </Cell>
                <Cell>
                  {cellInput(`${tq('param_default')} ${i + 1}`, `param-${i}-default`, p.default, (d) =>
                    set(i, { default: d }),
                  )}
                </Cell>
                <Cell>
                  <Button size="small" isDanger onClick={() => onChange(params.filter((_, j) => j !== i))}>
                    {tq('remove_param', { name: p.name })}
                  </Button>
                </Cell>
              </TableRow>
            ))}
          </Body>
        </Table>
      )}
      <Row>
        <Button
          size="small"
          onClick={() => onChange([...params, { name: '', type: 'string', description: '', default: '' }])}
        >
          {tq('add_param')}
        </Button>
      </Row>
    </div>
  );
}

/** Per-column masking where the name-based classifier is wrong: a column and how to treat it. */
export function MaskingTable({ fields, onChange }: { fields: Fields; onChange(f: Fields): void }) {
  const set = (i: number, patch: Partial<Fields[number]>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div data-testid="query-masking">
      {fields.length > 0 && (
        <Table size="small" aria-label={tq('masking')}>
          <Head>
            <HeaderRow>
              <HeaderCell>{tq('column')}</HeaderCell>
              <HeaderCell>{tq('sensitivity')}</HeaderCell>
              <HeaderCell hidden>{tq('remove_column', { name: '' })}</HeaderCell>
            </HeaderRow>
          </Head>
          <Body>
            {fields.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the column name is being typed
              <TableRow key={i}>
                <Cell>
                  {cellInput(`${tq('column')} ${i + 1}`, `field-${i}-column`, f.column, (column) => set(i, { column }))}
                </Cell>
                <Cell>
                  <Field>
                    <Field.Label hidden>{`${tq('sensitivity')} ${i + 1}`}</Field.Label>
                    <Select
                      isCompact
                      name={`field-${i}-sensitivity`}
                      value={f.sensitivity}
                      onChange={(e) => set(i, { sensitivity: e.target.value })}
                    >
                      {[...SENSITIVITY_KINDS, 'none'].map((kind) => (
                        <option key={kind}>{kind}</option>
                      ))}
                    </Select>
                  </Field>
                </Cell>
                <Cell>
                  <Button size="small" isDanger onClick={() => onChange(fields.filter((_, j) => j !== i))}>
                    {tq('remove_column', { name: f.column })}
                  </Button>
                </Cell>
              </TableRow>
            ))}
          </Body>
        </Table>
      )}
      <Row>
        <Button size="small" onClick={() => onChange([...fields, { column: '', sensitivity: 'free_text' }])}>
          {tq('add_column')}
        </Button>
      </Row>
    </div>
  );
}
