import { styled } from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';
import type { GrantDetail } from '../../../shared/grants.js';
import { formatDuration } from '../../../shared/time.js';
import { useApi } from '../api/api-provider.js';
import { scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Muted, Row, Stack } from '../ui/layout.js';
import { FlagTags, StatusTag } from '../ui/status.js';
import { useAsync } from '../use-async.js';
import { useRouter } from './router.js';
import { Card, Grid, ScreenTitle, SubTitle } from './screen-parts.js';
import { ExportButtons, OpenReviewNotice, ReviewForm, RevokeButton } from './session-actions.js';
import { viewedLine } from './session-facts.js';
import { Timeline, timelineOf } from './session-timeline.js';
import { TicketLink } from './ticket-link.js';
import { useConsoleViewer } from './viewer-context.js';

const ts = scoped('nav_bar.session');

const Answer = styled(Card)`
  h2 {
    margin: 0 0 ${(p) => p.theme.space.xxs};
    font-size: ${(p) => p.theme.fontSizes.sm};
    font-weight: ${(p) => p.theme.fontWeights.regular};
    color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })}; }
  p { margin: 0; overflow-wrap: anywhere; }
`;

const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : t('common.none');
/** The end time, without the date again when it is the same day as the start. */
const until = (start: string | null, end: string) =>
  start && new Date(start).toDateString() === new Date(end).toDateString()
    ? new Date(end).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
    : when(end);

function FiveAnswers({ g }: { g: GrantDetail }) {
  const endWord = g.endKind ? ts(`end.${g.endKind}`) : g.open ? ts('still_open') : t(`common.status.${g.status}`);
  return (
    <Grid $min="180px" data-testid="five-answers">
      <Answer>
        <h2>{ts('q_who')}</h2>
        <p>
          <strong>{g.requester.name}</strong>
        </p>
        <Muted>
          {g.requester.id} · {g.requester.email}
        </Muted>
      </Answer>
      <Answer>
        <h2>{ts('q_approver')}</h2>
        <p>
          {g.emergency ? (
            <strong>{ts('no_prior_approval')}</strong>
          ) : g.decision ? (
            <>
              <strong>{g.decision.by.name ?? g.decision.by.id}</strong> ({t(`common.status.${g.decision.outcome}`)})
            </>
          ) : (
            t('common.none')
          )}
        </p>
        <Muted>
          {g.emergency
            ? g.emergency.justification
            : g.decision
              ? `${when(g.decision.at)}${g.decision.note ? ` · “${g.decision.note}”` : ''}`
              : ts('not_decided')}
        </Muted>
      </Answer>
      <Answer>
        <h2>{ts('q_ticket')}</h2>
        <p>
          <TicketLink ticket={g.ticket} />
        </p>
        <Muted>{g.reason}</Muted>
      </Answer>
      <Answer>
        <h2>{ts('q_what')}</h2>
        <p data-testid="viewed-line">{viewedLine(g.accessEvents)}</p>
        <Muted>{ts('scope', { customer: g.customerId, systems: g.systems.join(', '), access: g.access })}</Muted>
      </Answer>
      <Answer>
        <h2>{ts('q_when')}</h2>
        <p>
          {when(g.startedAt)} → {g.endedAt ? until(g.startedAt, g.endedAt) : endWord}
        </p>
        <Muted>
          {g.durationSeconds !== null ? formatDuration(g.durationSeconds) : ts('not_started')}
          {g.endKind ? ` · ${endWord}${g.endedBy ? ` ${ts('by', { who: g.endedBy })}` : ''}` : ''}
          {g.endNote ? ` · “${g.endNote}”` : ''}
        </Muted>
      </Answer>
    </Grid>
  );
}

/** One session, shareable by URL: the five answers, then the whole story from the trail. */
export function SessionScreen() {
  const api = useApi();
  const { match } = useRouter();
  const viewer = useConsoleViewer();
  const id = match?.params.id ?? '';
  const detail = useAsync(() => api.grant(id), [api, id], 15_000);
  const g = detail.data;
  const isLead = viewer.role === 'lead' || viewer.role === 'admin';
  const reload = () => void detail.reload();
  return (
    <Stack data-testid="screen-session">
      <ScreenTitle>{ts('title', { id })}</ScreenTitle>
      <ErrorAlert error={detail.error} />
      {g && (
        <>
          <Row>
            <StatusTag status={g.status} />
            <FlagTags flags={g.flags} />
            <Muted as="span" style={{ margin: 0 }}>
              {ts('requested', { at: when(g.requestedAt) })}
            </Muted>
          </Row>
          <FiveAnswers g={g} />
          <Row>
            {g.open && isLead && <RevokeButton grant={g} onDone={reload} />}
            <ExportButtons grant={g} />
          </Row>
          {g.outcome && (
            <Card data-testid="outcome">
              <SubTitle>{ts('outcome')}</SubTitle>
              <p>{g.outcome.summary}</p>
              <Muted>
                {g.outcome.changedData ? ts('changed', { what: g.outcome.changes ?? '' }) : ts('nothing_changed')}
                {g.outcome.exposedBeyondScope ? ` · ${ts('exposed', { what: g.outcome.exposureDetails ?? '' })}` : ''}
              </Muted>
            </Card>
          )}
          {g.flags.length > 0 && isLead && g.requester.id !== viewer.id && (
            <Card>
              <SubTitle>{ts('review')}</SubTitle>
              {g.open ? (
                <OpenReviewNotice grant={g} canRevoke={false} onDone={reload} />
              ) : (
                <ReviewForm grant={g} onDone={reload} />
              )}
            </Card>
          )}
          <SubTitle>{ts('timeline')}</SubTitle>
          <Timeline items={timelineOf(g)} />
        </>
      )}
    </Stack>
  );
}
