import { lazy, Suspense } from 'react';
import type { Session } from '../../../shared/grants.js';
import { formatTime, scoped, t } from '../i18n.js';
import { Countdown, Heading, Muted, Row, Stack } from '../ui/layout.js';
import { StatusTag } from '../ui/status.js';
import { GrantTokenPanel } from './grant-token.js';
import { LoggedEvents } from './logged-events.js';
import { OutcomeForm, type EndResult } from './outcome-form.js';
import { clock } from './use-now.js';

const ts = scoped('ticket_sidebar.active');

// Only active sessions run queries, so the query UI (and Garden's table) stays out of the first load.
const SavedQueries = lazy(() => import('./saved-queries.js').then((m) => ({ default: m.SavedQueries })));

/**
 * The running session: time left, what has been logged, saved queries, a token for internal
 * tools, and End with the outcome. `onChange` reloads the sessions (and so "Logged so far").
 */
export function ActiveView({
  grant,
  now,
  onEnded,
  onChange,
}: {
  grant: Session;
  now: Date;
  onEnded(result: EndResult): void;
  onChange(): void;
}) {
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
      <Suspense fallback={<Muted>{t('common.loading')}</Muted>}>
        <SavedQueries grant={grant} onRun={onChange} />
      </Suspense>
      <GrantTokenPanel grantId={grant.id} />
      <OutcomeForm grant={grant} expired={false} onEnded={onEnded} />
    </Stack>
  );
}
