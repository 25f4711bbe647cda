import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import type { Session } from '../../../shared/grants.js';
import { formatDuration } from '../../../shared/time.js';
import { formatTime, scoped } from '../i18n.js';
import { Heading, Row, Stack } from '../ui/layout.js';
import { StatusTag } from '../ui/status.js';
import { effectiveStatus } from '../../../shared/grant-rules.js';
import { ActiveView } from './active-view.js';
import { OutcomeForm, type EndResult } from './outcome-form.js';
import { RequestForm } from './request-form.js';
import type { SidebarData } from './use-sidebar-data.js';
import { ClosedNotice, DeniedNotice, LapsedNotice, WithdrawnNotice } from './state-notices.js';
import { ApprovedView, PendingView } from './waiting-views.js';

const ts = scoped('ticket_sidebar');

/**
 * The agent's own access on this ticket, as one state machine: request → pending → approved →
 * active → ended. Expiry is decided here from `expiresAt` and the ticking clock, so the sidebar
 * switches the moment the countdown reaches zero instead of waiting for the next poll.
 * `collapsed` folds the request form behind a button (an approver with requests to decide).
 */
export function MyAccess({
  setup,
  sessions,
  now,
  reload,
  collapsed = false,
}: {
  setup: SidebarData;
  sessions: Session[];
  now: Date;
  reload(): void;
  collapsed?: boolean;
}) {
  const [ended, setEnded] = useState<EndResult | null>(null);
  const [showForm, setShowForm] = useState(false);
  const mine = sessions.filter((s) => s.requester.id === setup.viewer.id);
  const latest = mine[0];
  // The status as of this tick: an active grant whose countdown reached zero is expired, an
  // approved one whose start window passed has lapsed, before the next poll says so.
  const status = latest ? effectiveStatus(latest, now.toISOString()) : null;
  const expiredNow = latest?.status === 'active' && status === 'expired';
  const onEnded = (result: EndResult) => {
    setEnded(result);
    reload();
  };

  if (latest && (expiredNow || ((latest.status === 'expired' || latest.status === 'revoked') && !latest.outcome))) {
    const revoked = latest.status === 'revoked';
    return (
      <Stack data-testid={revoked ? 'state-revoked' : 'state-expired'}>
        <Row>
          <Heading>{revoked ? ts('expired.revoked_heading') : ts('expired.heading')}</Heading>
          <StatusTag status={revoked ? 'revoked' : 'expired'} />
        </Row>
        <ClosedNotice grant={latest} now={now} revoked={revoked} />
        <OutcomeForm grant={latest} expired onEnded={onEnded} />
      </Stack>
    );
  }
  if (latest && status === 'pending')
    return <PendingView grant={latest} settings={setup.settings} now={now} onChange={reload} />;
  if (latest && status === 'approved') return <ApprovedView grant={latest} now={now} onChange={reload} />;
  if (latest && status === 'active')
    return <ActiveView grant={latest} settings={setup.settings} now={now} onEnded={onEnded} onChange={reload} />;

  return (
    <Stack>
      {ended && (
        <Alert type="success" data-testid="state-ended">
          <Alert.Title>{ts('done.heading')}</Alert.Title>
          <Alert.Paragraph>
            {ts('done.body', {
              when: formatTime(ended.grant.endedAt, now),
              duration: formatDuration(ended.grant.durationSeconds ?? 0),
            })}
          </Alert.Paragraph>
          <Alert.Paragraph>
            {ended.commentError
              ? ts('outcome.comment_failed', { message: ended.commentError })
              : ts('outcome.comment_posted')}
          </Alert.Paragraph>
        </Alert>
      )}
      {latest && status === 'lapsed' && !ended && <LapsedNotice grant={latest} now={now} />}
      {latest?.status === 'denied' && !ended && <DeniedNotice grant={latest} now={now} />}
      {latest?.status === 'cancelled' && !ended && <WithdrawnNotice grant={latest} now={now} />}
      {collapsed && !showForm ? (
        <Button size="small" onClick={() => setShowForm(true)}>
          {ts('request.heading')}
        </Button>
      ) : (
        <RequestForm ticket={setup.ticket} settings={setup.settings} onDone={reload} />
      )}
    </Stack>
  );
}
