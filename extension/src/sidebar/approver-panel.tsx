import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Textarea } from '@zendeskgarden/react-forms';
import { Alert, Well } from '@zendeskgarden/react-notifications';
import type { Grant, Session } from '../../../shared/grants.js';
import type { Settings } from '../../../shared/settings.js';
import { useApi } from '../api/api-provider.js';
import { formatTime, scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Heading, Muted, Row, Section, Stack, StackedDl as Dl } from '../ui/layout.js';
import { FlagTags } from '../ui/status.js';
import { useAction } from '../use-submit.js';

const ts = scoped('ticket_sidebar.approver');

/** What the approver just did, said back to them (the request itself leaves the panel). */
export interface Decided {
  text: string;
  tone: 'success' | 'info';
}

function NoteAndButtons({
  approveLabel,
  denyLabel,
  approve,
  deny,
  onChange,
}: {
  approveLabel: string;
  denyLabel: string;
  approve(note: string | undefined): Promise<Grant>;
  deny(note: string): Promise<Grant>;
  onChange(): void;
}) {
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction(onChange);
  return (
    <>
      <Field>
        <Field.Label>{ts('note')}</Field.Label>
        <Field.Hint>{ts('note_hint')}</Field.Hint>
        <Textarea name="note" minRows={1} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <ErrorAlert error={error} />
      <Row>
        <Button size="small" isPrimary disabled={busy} onClick={() => run(() => approve(note.trim() || undefined))}>
          {approveLabel}
        </Button>
        <Button size="small" isDanger disabled={busy || !note.trim()} onClick={() => run(() => deny(note.trim()))}>
          {denyLabel}
        </Button>
      </Row>
    </>
  );
}

/** A customer_mismatch flag as a warning the approver cannot miss, not only a tag. */
function MismatchWarning({ grant }: { grant: Session }) {
  const flag = grant.flags.find((f) => f.code === 'customer_mismatch');
  if (!flag) return null;
  return (
    <Alert type="warning" data-testid="approver-mismatch">
      <Alert.Paragraph>{ts('mismatch', { reason: flag.reason })}</Alert.Paragraph>
    </Alert>
  );
}

function PendingRequest(props: {
  grant: Session;
  own: boolean;
  settings: Settings;
  onDecided(d: Decided): void;
  onChange(): void;
}) {
  const { grant, own, settings, onDecided } = props;
  const api = useApi();
  const name = grant.requester.name;
  const at = () => formatTime(new Date().toISOString());
  return (
    <Well isRecessed data-testid={`approval-${grant.id}`}>
      <Stack>
        <strong>
          {ts('by', {
            name,
            access: grant.access,
            systems: grant.systems.join(', '),
            customerId: grant.customerId,
            duration: t('common.minutes', { count: grant.durationMinutes }),
          })}
        </strong>
        <MismatchWarning grant={grant} />
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
          <NoteAndButtons
            approveLabel={ts('approve')}
            denyLabel={ts('deny')}
            approve={async (note) => {
              const g = await api.approve(grant.id, note);
              onDecided({
                tone: 'success',
                text: ts('approved', { name, time: at(), window: settings.startWindowMinutes }),
              });
              return g;
            }}
            deny={async (note) => {
              const g = await api.deny(grant.id, note);
              onDecided({ tone: 'info', text: ts('denied', { name, time: at() }) });
              return g;
            }}
            onChange={props.onChange}
          />
        )}
      </Stack>
    </Well>
  );
}

function PendingExtension(props: { grant: Session; own: boolean; onDecided(d: Decided): void; onChange(): void }) {
  const { grant, own, onDecided } = props;
  const api = useApi();
  const ext = grant.pendingExtension;
  if (!ext) return null;
  const name = grant.requester.name;
  const at = () => formatTime(new Date().toISOString());
  return (
    <Well isRecessed data-testid={`extension-${grant.id}`}>
      <Stack>
        <strong>{ts('extension_by', { name, minutes: ext.minutes, until: formatTime(grant.expiresAt) })}</strong>
        <Dl>
          <dt>{t('ticket_sidebar.history.reason')}</dt>
          <dd>{ext.reason}</dd>
        </Dl>
        {own ? (
          <Muted>{ts('own')}</Muted>
        ) : (
          <NoteAndButtons
            approveLabel={ts('extension_approve')}
            denyLabel={ts('extension_deny')}
            approve={async (note) => {
              const g = await api.approveExtension(grant.id, note);
              onDecided({
                tone: 'success',
                text: ts('extension_approved', { name, minutes: ext.minutes, time: at() }),
              });
              return g;
            }}
            deny={async (note) => {
              const g = await api.denyExtension(grant.id, note);
              onDecided({ tone: 'info', text: ts('extension_denied', { name, time: at() }) });
              return g;
            }}
            onChange={props.onChange}
          />
        )}
      </Stack>
    </Well>
  );
}

/**
 * For approvers: every pending request and pending extension on this ticket (their own shown but
 * not decidable), a warning on emergency sessions running without approval, and a confirmation of
 * what they just decided.
 */
export function ApproverPanel({
  sessions,
  viewerId,
  settings,
  now,
  onChange,
}: {
  sessions: Session[];
  viewerId: string;
  settings: Settings;
  now: Date;
  onChange(): void;
}) {
  const [decided, setDecided] = useState<Decided | null>(null);
  const pending = sessions.filter((s) => s.status === 'pending');
  const extensions = sessions.filter((s) => s.status === 'active' && s.pendingExtension);
  const emergencies = sessions.filter((s) => s.status === 'active' && s.emergency && s.requester.id !== viewerId);
  const onDecided = (d: Decided) => {
    setDecided(d);
    onChange();
  };
  if (pending.length + extensions.length + emergencies.length === 0 && !decided) return null;
  return (
    <Section data-testid="approver-panel">
      <Heading>{ts('heading')}</Heading>
      <Stack>
        {decided && (
          <Alert type={decided.tone} data-testid="approver-confirmation" role="status">
            <Alert.Paragraph>{decided.text}</Alert.Paragraph>
          </Alert>
        )}
        {emergencies.map((g) => (
          <Alert type="error" key={g.id} data-testid={`emergency-${g.id}`}>
            <Alert.Paragraph>
              {ts('emergency_running', {
                name: g.requester.name,
                until: formatTime(g.expiresAt, now),
                justification: g.emergency?.justification ?? '',
              })}
            </Alert.Paragraph>
          </Alert>
        ))}
        {pending.map((g) => (
          <PendingRequest
            key={g.id}
            grant={g}
            own={g.requester.id === viewerId}
            settings={settings}
            onDecided={onDecided}
            onChange={onChange}
          />
        ))}
        {extensions.map((g) => (
          <PendingExtension
            key={g.id}
            grant={g}
            own={g.requester.id === viewerId}
            onDecided={onDecided}
            onChange={onChange}
          />
        ))}
      </Stack>
    </Section>
  );
}
