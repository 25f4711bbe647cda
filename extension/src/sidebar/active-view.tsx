import { lazy, Suspense, useState } from 'react';
import { Alert } from '@zendeskgarden/react-notifications';
import { getColor } from '@zendeskgarden/react-theming';
import { styled } from 'styled-components';
import type { Session } from '../../../shared/grants.js';
import type { Settings } from '../../../shared/settings.js';
import { formatTime, scoped, t } from '../i18n.js';
import { Countdown, Heading, Muted, Row, Stack } from '../ui/layout.js';
import { FlagTags, StatusTag } from '../ui/status.js';
import { ExtendPanel } from './extend-panel.js';
import { GrantTokenPanel } from './grant-token.js';
import { LoggedEvents } from './logged-events.js';
import { OutcomeForm, type EndResult } from './outcome-form.js';
import { clock } from './use-now.js';

const ts = scoped('ticket_sidebar.active');

/** Seconds left at which the countdown turns to a warning and offers to extend. */
export const ENDS_SOON_SECONDS = 5 * 60;

// Only active sessions run queries, so the query UI (and Garden's table) stays out of the first load.
const SavedQueries = lazy(() => import('./saved-queries.js').then((m) => ({ default: m.SavedQueries })));

const Clock = styled(Countdown)<{ $soon: boolean }>`
  color: ${(p) => getColor({ theme: p.theme, variable: p.$soon ? 'foreground.danger' : 'foreground.default' })};
`;

/**
 * The running session: time left (a warning and "Extend" in the last five minutes), an emergency
 * session marked as one, what has been logged, saved queries, a token for internal tools, and End
 * with the outcome. `onChange` reloads the sessions (and so "Logged so far").
 */
export function ActiveView({
  grant,
  settings,
  now,
  onEnded,
  onChange,
}: {
  grant: Session;
  settings: Settings;
  now: Date;
  onEnded(result: EndResult): void;
  onChange(): void;
}) {
  const [extending, setExtending] = useState(false);
  const left = grant.expiresAt ? (Date.parse(grant.expiresAt) - now.getTime()) / 1000 : 0;
  const soon = left <= ENDS_SOON_SECONDS;
  return (
    <Stack data-testid="state-active" data-ends-soon={soon ? 'true' : undefined}>
      <Row>
        <Heading>{ts('heading')}</Heading>
        <StatusTag status="active" />
        {grant.emergency && <FlagTags flags={grant.flags.filter((f) => f.code === 'emergency')} />}
      </Row>
      {grant.emergency && (
        <Alert type="error" data-testid="emergency-running">
          <Alert.Title>{ts('emergency_title')}</Alert.Title>
          <Alert.Paragraph>
            {ts('emergency_body', {
              time: formatTime(grant.startedAt, now),
              justification: grant.emergency.justification,
            })}
          </Alert.Paragraph>
        </Alert>
      )}
      <div>
        <Muted>{ts('remaining')}</Muted>
        <Clock $soon={soon} data-testid="countdown" role="timer" aria-live="off">
          {clock(left)}
        </Clock>
        <Muted>{ts('expires_at', { time: formatTime(grant.expiresAt, now) })}</Muted>
      </div>
      {soon && (
        <Alert type="warning" data-testid="ends-soon" role="status">
          <Alert.Paragraph>{ts('ends_soon')}</Alert.Paragraph>
        </Alert>
      )}
      <ExtendPanel
        grant={grant}
        settings={settings}
        now={now}
        open={extending}
        onOpen={setExtending}
        onChange={onChange}
      />
      <LoggedEvents events={grant.viewed} />
      <Suspense fallback={<Muted>{t('common.loading')}</Muted>}>
        <SavedQueries grant={grant} onRun={onChange} />
      </Suspense>
      <GrantTokenPanel grantId={grant.id} />
      <OutcomeForm grant={grant} expired={false} onEnded={onEnded} />
    </Stack>
  );
}
