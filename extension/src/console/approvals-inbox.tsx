import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Textarea } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { approversAt, canApprove } from '../../../shared/grant-rules.js';
import type { Session } from '../../../shared/grants.js';
import { useApi } from '../api/api-provider.js';
import { formatTime, scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Dl, Muted, Row, Stack } from '../ui/layout.js';
import { FlagTags } from '../ui/status.js';
import { useAsync } from '../use-async.js';
import { useSubmit } from '../use-submit.js';
import { consoleApi } from './console-api.js';
import { Link, screenUrl } from './router.js';
import { Card, ScreenTitle } from './screen-parts.js';
import { TicketLink } from './ticket-link.js';
import { useConsoleViewer } from './viewer-context.js';

const ts = scoped('nav_bar.approvals');
export const APPROVALS_POLL_MS = 10_000;

function Request({ s, onDone }: { s: Session; onDone(message: string): void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const { busy, error, run } = useSubmit();
  const decide = (verb: 'approve' | 'deny') =>
    run(async () => {
      if (verb === 'approve') await api.approve(s.id, note.trim() || undefined);
      else await api.deny(s.id, note.trim());
      onDone(ts(verb === 'approve' ? 'approved' : 'denied', { id: s.id, who: s.requester.name }));
    });
  return (
    <Card data-testid={`request-${s.id}`} aria-label={ts('request_of', { who: s.requester.name })}>
      <Stack>
        <Row>
          <strong>{s.requester.name}</strong>
          <Muted as="span" style={{ margin: 0 }}>
            {ts('asked', { at: formatTime(s.requestedAt) })}
          </Muted>
          {s.access === 'write' && <Tag hue="red">{ts('write')}</Tag>}
          <FlagTags flags={s.flags} />
        </Row>
        <Dl>
          <dt>{ts('reason')}</dt>
          <dd>{s.reason}</dd>
          {s.writeNeed && (
            <>
              <dt>{ts('write_need')}</dt>
              <dd>{s.writeNeed}</dd>
            </>
          )}
          <dt>{ts('customer')}</dt>
          <dd>{s.customerId}</dd>
          <dt>{ts('systems')}</dt>
          <dd>{s.systems.join(', ')}</dd>
          <dt>{ts('access')}</dt>
          <dd>{s.access === 'write' ? ts('access_write') : ts('access_read')}</dd>
          <dt>{ts('duration')}</dt>
          <dd>{t('common.minutes', { count: s.durationMinutes })}</dd>
          <dt>{ts('ticket')}</dt>
          <dd>
            <TicketLink ticket={s.ticket} />
          </dd>
          <dt>{ts('masked')}</dt>
          <dd>{s.maskedDataChecked === null ? t('common.none') : s.maskedDataChecked ? ts('yes') : ts('no')}</dd>
        </Dl>
        <Field>
          <Field.Label>{ts('note')}</Field.Label>
          <Field.Hint>{ts('note_hint')}</Field.Hint>
          <Textarea name="note" minRows={1} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <ErrorAlert error={error} />
        <Row>
          <Button size="small" isPrimary disabled={busy} onClick={() => void decide('approve')}>
            {ts('approve')}
          </Button>
          <Button size="small" isDanger disabled={busy || !note.trim()} onClick={() => void decide('deny')}>
            {ts('deny')}
          </Button>
          <Link to={screenUrl('session', { id: s.id })}>{ts('details')}</Link>
        </Row>
      </Stack>
    </Card>
  );
}

/**
 * Every pending request the signed-in user may approve now (business hours: the approvers; outside:
 * the rota too — the shared rule decides), decided in place; refreshes by itself.
 */
export function ApprovalsScreen() {
  const api = useApi();
  const viewer = useConsoleViewer();
  const [done, setDone] = useState<string | null>(null);
  const pending = useAsync(() => consoleApi(api).pending(), [api], APPROVALS_POLL_MS);
  const now = new Date();
  const mayNow = canApprove(viewer.settings, viewer.id, now);
  const mine = (pending.data ?? []).filter((s) => s.requester.id !== viewer.id);
  return (
    <Stack data-testid="screen-approvals">
      <ScreenTitle>{ts('title')}</ScreenTitle>
      {done && (
        <Alert type="success" role="status">
          <Alert.Paragraph>{done}</Alert.Paragraph>
        </Alert>
      )}
      <ErrorAlert error={pending.error} />
      {!mayNow ? (
        <Alert type="info" role="status" data-testid="not-now">
          <Alert.Paragraph>{ts('not_now', { who: approversAt(viewer.settings, now).join(', ') })}</Alert.Paragraph>
        </Alert>
      ) : (
        pending.data && (
          <>
            <Muted data-testid="inbox-count">
              {mine.length === 0 ? ts('empty') : ts('count', { count: mine.length })}
            </Muted>
            {mine.map((s) => (
              <Request
                key={s.id}
                s={s}
                onDone={(message) => {
                  setDone(message);
                  void pending.reload();
                }}
              />
            ))}
          </>
        )
      )}
    </Stack>
  );
}
