import { Alert } from '@zendeskgarden/react-notifications';
import type { Session } from '../../../shared/grants.js';
import { formatTime, scoped } from '../i18n.js';
import { StatusTag } from '../ui/status.js';

// How a request that is over (or never started) explains itself: what happened, who, when, and
// what to do next. Each notice sits above the request form, which is the next step.

const ts = scoped('ticket_sidebar');

const who = (name: string | null | undefined, id: string | null | undefined) => name ?? id ?? '—';

/** A request an approver denied: who, when, their note, and how to try again. */
export function DeniedNotice({ grant, now }: { grant: Session; now: Date }) {
  const name = who(grant.decision?.by.name, grant.decision?.by.id);
  return (
    <Alert type="error" data-testid="state-denied">
      <Alert.Title>
        {ts('denied.heading')} <StatusTag status="denied" />
      </Alert.Title>
      <Alert.Paragraph>{ts('denied.body', { name, time: formatTime(grant.decision?.at, now) })}</Alert.Paragraph>
      {grant.decision?.note && <Alert.Paragraph>{ts('denied.note', { note: grant.decision.note })}</Alert.Paragraph>}
      <Alert.Paragraph>{ts('denied.next', { name })}</Alert.Paragraph>
    </Alert>
  );
}

/** An approval that was never started in time: not a silent empty form. */
export function LapsedNotice({ grant, now }: { grant: Session; now: Date }) {
  return (
    <Alert type="warning" data-testid="state-lapsed">
      <Alert.Title>
        {ts('lapsed.heading')} <StatusTag status="lapsed" />
      </Alert.Title>
      <Alert.Paragraph>
        {ts('lapsed.body', {
          approver: who(grant.decision?.by.name, grant.decision?.by.id),
          approvedAt: formatTime(grant.decision?.at, now),
          time: formatTime(grant.startBy, now),
        })}
      </Alert.Paragraph>
    </Alert>
  );
}

/** The confirmation of a withdrawal, kept while it is the latest request. */
export function WithdrawnNotice({ grant, now }: { grant: Session; now: Date }) {
  return (
    <Alert type="info" data-testid="state-cancelled">
      <Alert.Paragraph>{ts('pending.withdrawn', { time: formatTime(grant.cancelledAt, now) })}</Alert.Paragraph>
    </Alert>
  );
}

/**
 * A session the clock or a lead closed before its outcome was recorded: revoked says by whom and
 * why; expired says when. Both ask for the outcome next.
 */
export function ClosedNotice({ grant, now, revoked }: { grant: Session; now: Date; revoked: boolean }) {
  const time = formatTime(grant.endedAt ?? grant.expiresAt, now);
  if (!revoked) {
    return (
      <Alert type="warning">
        <Alert.Paragraph>{ts('expired.body', { time })}</Alert.Paragraph>
      </Alert>
    );
  }
  const name = who(grant.endedByName, grant.endedBy);
  return (
    <Alert type="error" data-testid="revoked-notice">
      <Alert.Paragraph>{ts('expired.revoked_body', { name, time })}</Alert.Paragraph>
      {grant.endNote && <Alert.Paragraph>{ts('expired.revoked_note', { note: grant.endNote })}</Alert.Paragraph>}
      <Alert.Paragraph>{ts('expired.revoked_next', { name })}</Alert.Paragraph>
    </Alert>
  );
}
