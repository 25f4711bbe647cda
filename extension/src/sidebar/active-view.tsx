import type { Session } from '../../../shared/grants.js';
import { formatTime, scoped } from '../i18n.js';
import { Countdown, Heading, Muted, Row, Stack } from '../ui/layout.js';
import { StatusTag } from '../ui/status.js';
import { LoggedEvents } from './logged-events.js';
import { OutcomeForm, type EndResult } from './outcome-form.js';
import { clock } from './use-now.js';

const ts = scoped('ticket_sidebar.active');

/** The running session: time left, what has been logged, and End with the outcome. */
export function ActiveView({ grant, now, onEnded }: { grant: Session; now: Date; onEnded(result: EndResult): void }) {
  const left = grant.expiresAt ? (Date.parse(grant.expiresAt) - now.getTime()) / 1000 : 0;
  return (
    <Stack data-testid="state-active">
      <Row>
        <Heading>{ts('heading')}</Heading>
        <StatusTag status="active" />
      </Row>
      <div>
        <Muted>{ts('remaining')}</Muted>
        <Countdown data-testid="countdown" role="timer" aria-live="off">
          {clock(left)}
        </Countdown>
        <Muted>{ts('expires_at', { time: formatTime(grant.expiresAt, now) })}</Muted>
      </div>
      <LoggedEvents events={grant.viewed} />
      <OutcomeForm grant={grant} expired={false} onEnded={onEnded} />
    </Stack>
  );
}
