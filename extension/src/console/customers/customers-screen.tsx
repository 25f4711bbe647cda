import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Input } from '@zendeskgarden/react-forms';
import type { Session } from '../../../../shared/grants.js';
import type { SignedTransparencyReport } from '../../../../shared/transparency.js';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';
import { ErrorAlert } from '../../ui/error-alert.js';
import { FieldGrid, Heading, Muted, Row, Stack } from '../../ui/layout.js';
import { useAsync } from '../../use-async.js';
import { CustomerSessions } from './customer-sessions.js';
import { TransparencyReportView } from './transparency-report-view.js';

const tc = scoped('nav_bar.customers');

/** `YYYY-MM-DD` from a date input → the start of that day (UTC), or the start of the next for "to". */
const dayIso = (day: string, next = false) =>
  day ? new Date(Date.parse(`${day}T00:00:00Z`) + (next ? 86_400_000 : 0)).toISOString() : undefined;

interface Search {
  customerId: string;
  from: string;
  to: string;
}
const range = (q: Search) => ({ from: dayIso(q.from), to: dayIso(q.to, true) });

export interface CustomersScreenProps {
  customerId?: string;
  onOpenSession?(id: string): void;
}

/**
 * "Who opened customer 1842's data?": every session on the customer (paged), what was viewed,
 * totals, and the signed transparency report to hand to the customer, printable.
 */
export function CustomersScreen({ customerId: initial, onOpenSession }: CustomersScreenProps) {
  const api = useApi();
  const me = useAsync(() => api.me(), [api]);
  const [form, setForm] = useState<Search>({ customerId: initial ?? '', from: '', to: '' });
  const [query, setQuery] = useState<Search | null>(initial ? form : null);
  const [sessions, setSessions] = useState<Session[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [report, setReport] = useState<SignedTransparencyReport | null>(null);
  const [include, setInclude] = useState({ staff: false, notes: false });
  const [showReport, setShowReport] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isAdmin = me.data?.role === 'admin';

  const loadReport = (q: Search, inc = include) =>
    api.transparencyReport(q.customerId, { ...range(q), includeStaff: inc.staff, includeNotes: inc.notes });

  useEffect(() => {
    if (!query) return;
    let live = true;
    setError(null);
    setSessions([]);
    setReport(null);
    setShowReport(false);
    Promise.all([
      api.customerAccessPage(query.customerId, range(query)),
      api.transparencyReport(query.customerId, range(query)),
    ])
      .then(([page, signed]) => {
        if (!live) return;
        setSessions(page.sessions);
        setCursor(page.nextCursor);
        setReport(signed);
      })
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [api, query]);

  async function more() {
    if (!query || !cursor) return;
    try {
      const page = await api.customerAccessPage(query.customerId, { ...range(query), cursor });
      setSessions((s) => [...s, ...page.sessions]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  }
  async function makeReport() {
    if (!query) return;
    try {
      setReport(await loadReport(query));
      setShowReport(true);
    } catch (err) {
      setError(err);
    }
  }
  function download() {
    if (!report) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `transparency-report-${report.report.customer.id}.json`;
    a.click();
    URL.revokeObjectURL(url);
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.customerId.trim()) setQuery({ ...form, customerId: form.customerId.trim() });
  };

  return (
    <Stack data-testid="customers-screen">
      <div data-print-hide>
        <Heading as="h2">{tc('title')}</Heading>
        <Muted>{tc('intro')}</Muted>
        <form onSubmit={submit} aria-label={tc('title')}>
          <Stack>
            <FieldGrid>
              {(['customerId', 'from', 'to'] as const).map((key) => (
                <Field key={key}>
                  <Field.Label>{tc(key === 'customerId' ? 'customer' : key)}</Field.Label>
                  <Input
                    isCompact
                    name={key}
                    type={key === 'customerId' ? 'text' : 'date'}
                    value={form[key]}
                    onChange={(e) => setForm({ ...form, [key]: e.target.value })}
                  />
                </Field>
              ))}
            </FieldGrid>
            <Row>
              <Button type="submit" isPrimary>
                {tc('show')}
              </Button>
            </Row>
          </Stack>
        </form>
      </div>
      <ErrorAlert error={error} />
      {query && report && !showReport && (
        <CustomerSessions
          customerId={query.customerId}
          sessions={sessions}
          totals={report.report.totals}
          hasMore={Boolean(cursor)}
          onMore={more}
          onOpenSession={onOpenSession}
        />
      )}
      {query && report && (
        <Fieldset data-print-hide>
          <Fieldset.Legend>{tc('report')}</Fieldset.Legend>
          <Muted>{tc('report_intro')}</Muted>
          {isAdmin && (
            <Row>
              {(['staff', 'notes'] as const).map((k) => (
                <Field key={k}>
                  <Checkbox checked={include[k]} onChange={(e) => setInclude({ ...include, [k]: e.target.checked })}>
                    <Field.Label>{tc(`include_${k}`)}</Field.Label>
                  </Checkbox>
                </Field>
              ))}
            </Row>
          )}
          <Row>
            <Button onClick={makeReport}>{tc('make_report')}</Button>
            {showReport && (
              <>
                <Button onClick={() => window.print()}>{tc('print')}</Button>
                <Button onClick={download}>{tc('download')}</Button>
                <Button isBasic onClick={() => setShowReport(false)}>
                  {tc('back')}
                </Button>
              </>
            )}
          </Row>
        </Fieldset>
      )}
      {showReport && report && <TransparencyReportView signed={report} />}
    </Stack>
  );
}
