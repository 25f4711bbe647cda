import { useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Select, Textarea } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import { extensionChoices, planExtension } from '../../../shared/extension-rules.js';
import type { Session } from '../../../shared/grants.js';
import type { Settings } from '../../../shared/settings.js';
import { useApi } from '../api/api-provider.js';
import { formatTime, scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Muted, Row, Stack } from '../ui/layout.js';
import { useAction } from '../use-submit.js';

const ts = scoped('ticket_sidebar.active');

/** The latest decided extension, as the agent should hear of it (applied by whom, or denied and why). */
function LastExtension({ grant, now }: { grant: Session; now: Date }) {
  const last = grant.extensions[grant.extensions.length - 1];
  if (!last) return null;
  const name = last.by.name ?? last.by.id;
  if (last.outcome === 'denied') {
    const vars = { name, minutes: last.minutes, time: formatTime(last.decidedAt, now), note: last.note ?? '' };
    return (
      <Alert type="error" data-testid="extension-denied">
        <Alert.Paragraph>{ts('extension_denied', vars)}</Alert.Paragraph>
      </Alert>
    );
  }
  const by = last.outcome === 'self' ? ts('extension_self_by') : ts('extension_approved_by', { name });
  return (
    <Muted data-testid="extension-applied">
      {ts('extension_applied', {
        minutes: last.minutes,
        time: formatTime(last.decidedAt, now),
        by,
        expires: formatTime(last.expiresAt, now),
      })}
    </Muted>
  );
}

/**
 * More time on the running session: the choices that fit within the admin's maximum total, and
 * whether the extension applies at once or waits for an approver — said before it is sent.
 */
export function ExtendPanel({
  grant,
  settings,
  now,
  open,
  onOpen,
  onChange,
}: {
  grant: Session;
  settings: Settings;
  now: Date;
  open: boolean;
  onOpen(open: boolean): void;
  onChange(): void;
}) {
  const api = useApi();
  const total = grant.durationMinutes + grant.extendedMinutes;
  const choices = extensionChoices(settings, total);
  const [minutes, setMinutes] = useState<number>(choices[Math.min(2, choices.length - 1)] ?? 0);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction(() => {
    onOpen(false);
    setReason('');
    onChange();
  });
  const pending = grant.pendingExtension;
  const chosen = choices.includes(minutes) ? minutes : (choices[0] ?? 0);
  const plan = chosen > 0 ? planExtension(settings, total, chosen) : null;

  let body = null;
  if (pending) {
    body = (
      <Muted data-testid="extension-pending">
        {ts('extension_pending', { minutes: pending.minutes, time: formatTime(pending.requestedAt, now) })}
      </Muted>
    );
  } else if (choices.length === 0) {
    body = <Muted data-testid="extension-max">{ts('extend_max', { max: settings.maxDurationMinutes })}</Muted>;
  } else if (!open) {
    body = (
      <Button size="small" onClick={() => onOpen(true)}>
        {ts('extend')}
      </Button>
    );
  } else {
    const submit = (e: FormEvent) => {
      e.preventDefault();
      void run(() => api.extend(grant.id, chosen, reason.trim()));
    };
    body = (
      <form onSubmit={submit} aria-label={ts('extend_heading')} data-testid="extend-form">
        <Stack>
          <Field>
            <Field.Label>{ts('extend_minutes')}</Field.Label>
            <Select name="minutes" isCompact value={chosen} onChange={(e) => setMinutes(Number(e.target.value))}>
              {choices.map((m) => (
                <option key={m} value={m}>
                  {t('common.minutes_more', { count: m })}
                </option>
              ))}
            </Select>
          </Field>
          <Field>
            <Field.Label>{ts('extend_reason')}</Field.Label>
            <Textarea name="extendReason" minRows={1} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <Muted data-testid="extend-plan">
            {plan?.kind === 'self' ? ts('extend_self', { max: settings.selfExtendMaxMinutes }) : ts('extend_approval')}
          </Muted>
          <ErrorAlert error={error} />
          <Row>
            <Button type="submit" size="small" isPrimary disabled={busy || !reason.trim()}>
              {plan?.kind === 'self' ? ts('extend_submit_self') : ts('extend_submit')}
            </Button>
            <Button size="small" isBasic onClick={() => onOpen(false)}>
              {ts('extend_cancel')}
            </Button>
          </Row>
        </Stack>
      </form>
    );
  }
  return (
    <div data-testid="extend-panel">
      <LastExtension grant={grant} now={now} />
      {body}
    </div>
  );
}
