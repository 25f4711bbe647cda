import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { DatePicker } from '@zendeskgarden/react-datepickers';
import { Combobox, Field as DropdownField, Label, Option } from '@zendeskgarden/react-dropdowns';
import { Field, Input } from '@zendeskgarden/react-forms';
import { GRANT_STATUSES } from '../../../shared/grant-rules.js';
import { useApi } from '../api/api-provider.js';
import { scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { FieldGrid, Muted, Row, Stack } from '../ui/layout.js';
import { useSubmit } from '../use-submit.js';
import { consoleApi } from './console-api.js';
import { apiFilter, dateOfDay, dayOf, FILTER_KEYS, filterFromQuery, type FilterForm } from './history-filters.js';
import { Pager } from './pager.js';
import { screenUrl, useRouter } from './router.js';
import { ScreenTitle } from './screen-parts.js';
import { sessionsCsv } from './session-facts.js';
import { SessionTable } from './session-table.js';
import { useCursorPages } from './use-cursor-pages.js';
import { saveFile } from './console-api.js';

const ts = scoped('nav_bar.search');
const FLAGS = [
  'any',
  'after_hours',
  'emergency',
  'write_access',
  'long_session',
  'broad_access',
  'vague_reason',
  'shadow_access',
  'ticket_closed_while_open',
];
/** Sessions a CSV export reads at most (pages of 1000). */
const EXPORT_MAX = 10_000;

function Choice(p: {
  label: string;
  name: string;
  value: string;
  options: Array<[string, string]>;
  onChange(v: string): void;
}) {
  return (
    <DropdownField>
      <Label>{p.label}</Label>
      <Combobox
        isEditable={false}
        isCompact
        inputProps={{ name: p.name }}
        selectionValue={p.value}
        onChange={({ selectionValue, type }) => {
          if (type !== 'input:change' && typeof selectionValue === 'string') p.onChange(selectionValue);
        }}
      >
        {p.options.map(([value, label]) => (
          <Option key={value || 'any'} value={value} label={label} isSelected={value === p.value} />
        ))}
      </Combobox>
    </DropdownField>
  );
}

function Day(p: { label: string; name: string; value: string; onChange(v: string): void }) {
  return (
    <Field>
      <Field.Label>{p.label}</Field.Label>
      <DatePicker
        value={dateOfDay(p.value)}
        onChange={(d) => p.onChange(dayOf(d))}
        formatDate={dayOf}
        customParseDate={(text) => dateOfDay(text.trim()) ?? new Date(Number.NaN)}
        isCompact
      >
        <Input name={p.name} isCompact placeholder="YYYY-MM-DD" />
      </DatePicker>
    </Field>
  );
}

/** "Who opened my data last Tuesday?": search by ticket, customer, agent, days, status and flag. */
export function HistoryScreen() {
  const api = useApi();
  const router = useRouter();
  const applied = filterFromQuery(router.query);
  const key = FILTER_KEYS.map((k) => applied[k]).join('\n');
  const [form, setForm] = useState<FilterForm>(applied);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL (key) is the search
  useEffect(() => setForm(applied), [key]);
  const pages = useCursorPages((cursor) => consoleApi(api).sessions(apiFilter(applied), cursor), key);
  const exporting = useSubmit();
  const set = (k: keyof FilterForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const search = (e: FormEvent) => {
    e.preventDefault();
    router.navigate(screenUrl('history', {}, form));
  };
  const exportCsv = () =>
    exporting.run(async () => {
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await consoleApi(api).sessions(apiFilter(applied), cursor, 1000);
        all.push(...page.rows);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < EXPORT_MAX);
      saveFile('sessions.csv', sessionsCsv(all), 'text/csv');
    });

  return (
    <Stack data-testid="screen-history">
      <ScreenTitle>{ts('title')}</ScreenTitle>
      <form onSubmit={search} aria-label={ts('form')}>
        <Stack>
          <FieldGrid>
            {(['ticketId', 'customerId', 'agent'] as const).map((k) => (
              <Field key={k}>
                <Field.Label>{ts(k)}</Field.Label>
                <Input name={k} isCompact value={form[k]} onChange={(e) => set(k)(e.target.value)} />
              </Field>
            ))}
            <Day label={ts('from')} name="from" value={form.from} onChange={set('from')} />
            <Day label={ts('to')} name="to" value={form.to} onChange={set('to')} />
          </FieldGrid>
          <Row style={{ alignItems: 'flex-end' }}>
            <Choice
              label={ts('status')}
              name="status"
              value={form.status}
              onChange={set('status')}
              options={[
                ['', ts('any_status')],
                ...GRANT_STATUSES.map((s): [string, string] => [s, t(`common.status.${s}`)]),
              ]}
            />
            <Choice
              label={ts('flag')}
              name="flag"
              value={form.flag}
              onChange={set('flag')}
              options={[
                ['', ts('any_or_none')],
                ...FLAGS.map((f): [string, string] => [f, f === 'any' ? ts('any_flag') : t(`common.flags.${f}`)]),
              ]}
            />
            <Button type="submit" size="small" isPrimary>
              {ts('submit')}
            </Button>
            <Button size="small" onClick={() => router.navigate(screenUrl('history'))}>
              {ts('clear')}
            </Button>
            <Button size="small" onClick={() => void exportCsv()} disabled={exporting.busy || !pages.rows?.length}>
              {exporting.busy ? ts('exporting') : ts('export_csv')}
            </Button>
          </Row>
        </Stack>
      </form>
      <ErrorAlert error={pages.error ?? exporting.error} />
      {pages.rows && (
        <Muted data-testid="results-count">
          {pages.rows.length === 0 ? ts('empty') : ts('page_of', { count: pages.rows.length, page: pages.pageNumber })}
        </Muted>
      )}
      {pages.rows && pages.rows.length > 0 && <SessionTable sessions={pages.rows} caption={ts('title')} />}
      <Pager {...pages} />
    </Stack>
  );
}
