import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Textarea } from '@zendeskgarden/react-forms';
import { Well } from '@zendeskgarden/react-notifications';
import type { Session } from '../../../shared/grants.js';
import { useApi } from '../api/api-provider.js';
import { formatTime, scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Dl, Heading, Muted, Row, Section, Stack } from '../ui/layout.js';
import { FlagTags } from '../ui/status.js';
import { useAction } from '../use-submit.js';

const ts = scoped('ticket_sidebar.approver');

function PendingRequest({ grant, own, onChange }: { grant: Session; own: boolean; onChange(): void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction(onChange);
  return (
    <Well isRecessed data-testid={`approval-${grant.id}`}>
      <Stack>
        <strong>
          {ts('by', {
            name: grant.requester.name,
            access: grant.access,
            systems: grant.systems.join(', '),
            customerId: grant.customerId,
            duration: t('common.minutes', { count: grant.durationMinutes }),
          })}
        </strong>
        <Dl>
          <dt>{t('ticket_sidebar.history.reason')}</dt>
          <dd>{grant.reason}</dd>
          {grant.writeNeed && (
            <>
              <dt>{t('ticket_sidebar.request.write_need')}</dt>
              <dd>{grant.writeNeed}</dd>
            </>
          )}
          <dt>{t('ticket_sidebar.history.start')}</dt>
          <dd>{formatTime(grant.requestedAt)}</dd>
        </Dl>
        <Muted>{grant.maskedDataChecked ? ts('masked_yes') : ts('masked_no')}</Muted>
        <FlagTags flags={grant.flags} />
        {own ? (
          <Muted data-testid="own-request">{ts('own')}</Muted>
        ) : (
          <>
            <Field>
              <Field.Label>{ts('note')}</Field.Label>
              <Field.Hint>{ts('note_hint')}</Field.Hint>
              <Textarea name="note" minRows={1} value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            <ErrorAlert error={error} />
            <Row>
              <Button
                size="small"
                isPrimary
                disabled={busy}
                onClick={() => run(() => api.approve(grant.id, note.trim() || undefined))}
              >
                {ts('approve')}
              </Button>
              <Button
                size="small"
                isDanger
                disabled={busy || !note.trim()}
                onClick={() => run(() => api.deny(grant.id, note.trim()))}
              >
                {ts('deny')}
              </Button>
            </Row>
          </>
        )}
      </Stack>
    </Well>
  );
}

/** For approvers: every pending request on this ticket; their own are shown but cannot be approved. */
export function ApproverPanel({
  sessions,
  viewerId,
  onChange,
}: {
  sessions: Session[];
  viewerId: string;
  onChange(): void;
}) {
  const pending = sessions.filter((s) => s.status === 'pending');
  if (pending.length === 0) return null;
  return (
    <Section data-testid="approver-panel">
      <Heading>{ts('heading')}</Heading>
      <Stack>
        {pending.map((g) => (
          <PendingRequest key={g.id} grant={g} own={g.requester.id === viewerId} onChange={onChange} />
        ))}
      </Stack>
    </Section>
  );
}
