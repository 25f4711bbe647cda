import { useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Input, Radio, Select, Textarea } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import type { CreateGrantInput } from '../../../shared/grants.js';
import type { Settings } from '../../../shared/settings.js';
import { ApiError } from '../api/api-error.js';
import { useApi } from '../api/api-provider.js';
import { useAsync } from '../use-async.js';
import { useAction } from '../use-submit.js';
import type { HostTicket } from '../host/host-adapter.js';
import { scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Heading, Muted, Stack } from '../ui/layout.js';
import { reasonFeedback, ReasonField } from './reason-field.js';

const ts = scoped('ticket_sidebar.request');

/** Ask for access: the ticket is fixed, everything else defaults from the ticket and the admin's rules. */
export function RequestForm({ ticket, settings, onDone }: { ticket: HostTicket; settings: Settings; onDone(): void }) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [customerId, setCustomerId] = useState(ticket.customerId ?? '');
  const [systems, setSystems] = useState<string[]>(settings.systems.slice(0, 1));
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const [writeNeed, setWriteNeed] = useState('');
  const [masked, setMasked] = useState(false);
  const [duration, setDuration] = useState(settings.defaultDurationMinutes);
  const [emergency, setEmergency] = useState(false);
  const [justification, setJustification] = useState('');
  const [unmask, setUnmask] = useState<string[]>([]);
  // A 409 (the same request from another tab) reloads too, so the view shows the request that exists.
  const { busy, error, run } = useAction(onDone);
  const queries = useAsync(() => api.savedQueries().then((r) => r.queries), [api]);
  // What may be unmasked: the sensitive columns of the saved queries on the chosen systems.
  const unmaskable = [
    ...new Set((queries.data ?? []).filter((q) => systems.includes(q.system)).flatMap((q) => q.sensitiveColumns)),
  ].sort();
  const ticketCustomer = ticket.customerId;
  const mismatch = Boolean(ticketCustomer && customerId.trim() && customerId.trim() !== ticketCustomer);

  const reasonContext = {
    customerId: customerId.trim() || null,
    systems,
    ticketId: ticket.id,
    ticketSubject: ticket.subject,
  };
  const reasonOk = reasonFeedback(reason, reasonContext).verdict.ok;
  const ready =
    reasonOk &&
    customerId.trim() &&
    systems.length > 0 &&
    (access === 'read' || writeNeed.trim()) &&
    (!emergency || justification.trim());
  const issue = (path: string) => (error instanceof ApiError ? error.issueFor(path) : undefined);
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const toggleSystem = (s: string) => setSystems((cur) => toggle(cur, s));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input: CreateGrantInput = {
      ticketId: ticket.id,
      reason,
      customerId: customerId.trim(),
      systems,
      access,
      durationMinutes: duration,
      maskedDataChecked: masked,
      ...(ticket.subject ? { ticketSubject: ticket.subject.slice(0, 300) } : {}),
      ...(ticketCustomer ? { ticketCustomerId: ticketCustomer } : {}),
      ...(unmask.some((f) => unmaskable.includes(f))
        ? { unmaskFields: unmask.filter((f) => unmaskable.includes(f)) }
        : {}),
      ...(access === 'write' ? { writeNeed } : {}),
      ...(emergency ? { emergency: { justification } } : {}),
    };
    await run(() => api.createGrant(input));
  }

  return (
    <form onSubmit={submit} aria-label={ts('heading')}>
      <Stack>
        <Heading>{ts('heading')}</Heading>
        <Field>
          <Field.Label>{ts('ticket')}</Field.Label>
          <Input name="ticketId" value={ticket.id} readOnly disabled isCompact />
        </Field>
        <ReasonField value={reason} onChange={setReason} context={reasonContext} serverError={issue('reason')} />
        <Field>
          <Field.Label>{ts('customer')}</Field.Label>
          <Field.Hint>{ts('customer_hint')}</Field.Hint>
          <Input
            name="customerId"
            isCompact
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
            validation={issue('customerId') ? 'error' : mismatch ? 'warning' : undefined}
          />
          {issue('customerId') && <Field.Message validation="error">{issue('customerId')}</Field.Message>}
          {mismatch && (
            <Field.Message validation="warning" data-testid="customer-mismatch">
              {ts('customer_mismatch', { ticketCustomer: ticketCustomer ?? '' })}
            </Field.Message>
          )}
        </Field>
        <Fieldset>
          <Fieldset.Legend>{ts('systems')}</Fieldset.Legend>
          {settings.systems.map((s) => (
            <Field key={s}>
              <Checkbox name="systems" value={s} checked={systems.includes(s)} onChange={() => toggleSystem(s)}>
                <Field.Label isRegular>{s}</Field.Label>
              </Checkbox>
            </Field>
          ))}
          {systems.length === 0 && <Field.Message validation="error">{ts('pick_system')}</Field.Message>}
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{ts('access')}</Fieldset.Legend>
          {(['read', 'write'] as const).map((a) => (
            <Field key={a}>
              <Radio name="access" value={a} checked={access === a} onChange={() => setAccess(a)}>
                <Field.Label isRegular>{ts(`access_${a}`)}</Field.Label>
              </Radio>
            </Field>
          ))}
        </Fieldset>
        {access === 'write' && (
          <Field>
            <Field.Label>{ts('write_need')}</Field.Label>
            <Textarea name="writeNeed" minRows={2} value={writeNeed} onChange={(e) => setWriteNeed(e.target.value)} />
            <Field.Message validation="warning">{ts('write_warning')}</Field.Message>
          </Field>
        )}
        {unmaskable.length > 0 && (
          <Fieldset data-testid="unmask-fields">
            <Fieldset.Legend>{ts('unmask')}</Fieldset.Legend>
            <Muted>{ts('unmask_hint')}</Muted>
            {unmaskable.map((f) => (
              <Field key={f}>
                <Checkbox
                  name="unmaskFields"
                  value={f}
                  checked={unmask.includes(f)}
                  onChange={() => setUnmask((cur) => toggle(cur, f))}
                >
                  <Field.Label isRegular>{f}</Field.Label>
                </Checkbox>
              </Field>
            ))}
          </Fieldset>
        )}
        <Field>
          <Checkbox name="maskedDataChecked" checked={masked} onChange={(e) => setMasked(e.target.checked)}>
            <Field.Label isRegular>{ts('masked')}</Field.Label>
          </Checkbox>
        </Field>
        <Field>
          <Field.Label>{ts('duration')}</Field.Label>
          <Select
            name="durationMinutes"
            isCompact
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
          >
            {settings.allowedDurationsMinutes.map((m) => (
              <option key={m} value={m}>
                {t('common.minutes', { count: m })}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          <Checkbox name="emergency" checked={emergency} onChange={(e) => setEmergency(e.target.checked)}>
            <Field.Label isRegular>{ts('emergency_toggle')}</Field.Label>
          </Checkbox>
        </Field>
        {emergency && (
          <>
            <Alert type="warning">
              <Alert.Paragraph>{ts('emergency_warning')}</Alert.Paragraph>
            </Alert>
            <Field>
              <Field.Label>{ts('emergency_justification')}</Field.Label>
              <Textarea
                name="justification"
                minRows={2}
                value={justification}
                onChange={(e) => setJustification(e.target.value)}
              />
            </Field>
          </>
        )}
        <ErrorAlert error={error} />
        <Button type="submit" isPrimary={!emergency} isDanger={emergency} isStretched disabled={!ready || busy}>
          {emergency ? ts('emergency_submit') : ts('submit')}
        </Button>
      </Stack>
    </form>
  );
}
