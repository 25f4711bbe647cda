import { useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input } from '@zendeskgarden/react-forms';
import type { Session } from '../../../shared/grants.js';
import { useApi } from '../api/api-provider.js';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Muted, Row, Stack } from '../ui/layout.js';
import { SessionTable } from './session-table.js';

const ts = scoped('nav_bar.search');

/** A date input's `YYYY-MM-DD` as the start (or the end) of that UTC day. */
const dayBound = (day: string, end: boolean) =>
  day ? new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z`).toISOString() : undefined;

/** "Who opened my data last Tuesday?": search by ticket, customer, agent and date range. */
export function HistorySearch() {
  const api = useApi();
  const [q, setQ] = useState({ ticketId: '', customerId: '', requesterId: '', from: '', to: '' });
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof q) => (e: { target: { value: string } }) => setQ({ ...q, [k]: e.target.value });

  async function search(e?: FormEvent) {
    e?.preventDefault();
    setError(null);
    try {
      setSessions(
        await api.searchSessions({
          ticketId: q.ticketId.trim() || undefined,
          customerId: q.customerId.trim() || undefined,
          requesterId: q.requesterId.trim() || undefined,
          from: dayBound(q.from, false),
          to: dayBound(q.to, true),
        }),
      );
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Stack>
      <form onSubmit={search} aria-label="search">
        <Row style={{ alignItems: 'flex-end' }}>
          {(['ticketId', 'customerId', 'requesterId'] as const).map((k, i) => (
            <Field key={k}>
              <Field.Label>{ts(['ticket', 'customer', 'agent'][i] ?? k)}</Field.Label>
              <Input name={k} isCompact value={q[k]} onChange={set(k)} />
            </Field>
          ))}
          <Field>
            <Field.Label>{ts('from')}</Field.Label>
            <Input name="from" type="date" isCompact value={q.from} onChange={set('from')} />
          </Field>
          <Field>
            <Field.Label>{ts('to')}</Field.Label>
            <Input name="to" type="date" isCompact value={q.to} onChange={set('to')} />
          </Field>
          <Button type="submit" size="small" isPrimary>
            {ts('submit')}
          </Button>
        </Row>
      </form>
      <ErrorAlert error={error} />
      {sessions && <Muted>{sessions.length === 0 ? ts('empty') : ts('results', { count: sessions.length })}</Muted>}
      {sessions && sessions.length > 0 && <SessionTable sessions={sessions} />}
    </Stack>
  );
}
