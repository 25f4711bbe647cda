import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import type { Session } from '../../../shared/grants.js';
import type { Settings } from '../../../shared/settings.js';
import { approversAt } from '../../../shared/grant-rules.js';
import { isBusinessHours } from '../../../shared/time.js';
import { useApi } from '../api/api-provider.js';
import { useAction } from '../use-submit.js';
import { formatTime, scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Heading, Muted, Row, Stack } from '../ui/layout.js';
import { StatusTag } from '../ui/status.js';
import { usePeople } from './use-people.js';

const ts = scoped('ticket_sidebar');

/** Waiting for approval: who can approve now, including the after-hours rota outside business hours. */
export function PendingView({
  grant,
  settings,
  now,
  onChange,
}: {
  grant: Session;
  settings: Settings;
  now: Date;
  onChange(): void;
}) {
  const api = useApi();
  const { busy, error, run } = useAction(onChange);
  const afterHours = !isBusinessHours(now, settings.businessHours);
  const approvers = approversAt(settings, now);
  const nameOf = usePeople(approvers);
  return (
    <Stack data-testid="state-pending">
      <Row>
        <Heading>{ts('pending.heading')}</Heading>
        <StatusTag status="pending" />
      </Row>
      <Muted>
        {ts('pending.body', {
          when: formatTime(grant.requestedAt, now),
          duration: t('common.minutes', { count: grant.durationMinutes }),
        })}
      </Muted>
      <Alert type="info">
        <Alert.Title>{afterHours ? ts('pending.after_hours') : ts('pending.approvers')}</Alert.Title>
        <Alert.Paragraph data-testid="approvers">
          {approvers.map(nameOf).join(', ') || t('common.none')}
        </Alert.Paragraph>
      </Alert>
      <Muted>{ts('pending.next')}</Muted>
      <ErrorAlert error={error} />
      <Button size="small" isBasic isDanger disabled={busy} onClick={() => run(() => api.cancel(grant.id))}>
        {ts('pending.cancel')}
      </Button>
    </Stack>
  );
}

/** Approved: start the clock within the start window. */
export function ApprovedView({ grant, now, onChange }: { grant: Session; now: Date; onChange(): void }) {
  const api = useApi();
  const { busy, error, run } = useAction(onChange);
  const approver = grant.decision?.by.name ?? grant.decision?.by.id ?? t('common.none');
  return (
    <Stack data-testid="state-approved">
      <Row>
        <Heading>{ts('approved.heading')}</Heading>
        <StatusTag status="approved" />
      </Row>
      <Muted>
        {ts('approved.body', {
          approver,
          time: formatTime(grant.decision?.at, now),
          duration: t('common.minutes', { count: grant.durationMinutes }),
        })}
      </Muted>
      {grant.decision?.note && <Muted>“{grant.decision.note}”</Muted>}
      {grant.startBy && <Muted>{ts('approved.start_by', { time: formatTime(grant.startBy, now) })}</Muted>}
      <ErrorAlert error={error} />
      <Button isPrimary isStretched disabled={busy} onClick={() => run(() => api.start(grant.id))}>
        {ts('approved.start')}
      </Button>
      <Button size="small" isBasic isDanger disabled={busy} onClick={() => run(() => api.cancel(grant.id))}>
        {ts('approved.cancel')}
      </Button>
    </Stack>
  );
}
