import type { Session } from '../../../shared/grants.js';
import { formatDuration } from '../../../shared/time.js';
import { formatTime, scoped, t } from '../i18n.js';
import { Dl, Heading, Muted, Row, Section, Stack } from '../ui/layout.js';
import { FlagTags, StatusTag } from '../ui/status.js';
import { eventLine } from './logged-events.js';

const ts = scoped('ticket_sidebar.history');

/** What was viewed, in one line: `view refund 9912 (refund_status)`, or a run with its parameters and rows. */
export const viewedSummary = (s: Session) =>
  s.viewed.length === 0 ? ts('nothing_viewed') : s.viewed.map(eventLine).join('; ');

/** The extensions of a session: `+15 min (by Lee Lead), +10 min (denied by Lee Lead)`. */
const extensionsSummary = (s: Session) =>
  s.extensions
    .map((e) => {
      const name = e.by.name ?? e.by.id;
      const how =
        e.outcome === 'self'
          ? ts('how_self')
          : e.outcome === 'approved'
            ? ts('how_approved', { name })
            : ts('how_denied', { name });
      return ts('extension_line', { minutes: e.minutes, how });
    })
    .join(', ');

/** One session answering the five questions: who, approver, reason, what, when. */
export function SessionCard({ session: s }: { session: Session }) {
  return (
    <div data-testid={`session-${s.id}`}>
      <Row>
        <StatusTag status={s.status} />
        <strong>{s.requester.name}</strong>
        <Muted as="span" style={{ margin: 0 }}>
          {formatTime(s.requestedAt)}
        </Muted>
      </Row>
      <Dl>
        <dt>{ts('approver')}</dt>
        <dd>
          {s.emergency ? t('common.flags.emergency') : (s.decision?.by.name ?? s.decision?.by.id ?? t('common.none'))}
        </dd>
        <dt>{ts('reason')}</dt>
        <dd>{s.reason}</dd>
        <dt>{ts('viewed')}</dt>
        <dd>{viewedSummary(s)}</dd>
        <dt>{ts('start')}</dt>
        <dd>{formatTime(s.startedAt)}</dd>
        <dt>{ts('end')}</dt>
        <dd>{formatTime(s.endedAt)}</dd>
        <dt>{ts('duration')}</dt>
        <dd>{s.durationSeconds !== null ? formatDuration(s.durationSeconds) : t('common.none')}</dd>
        {s.extensions.length > 0 && (
          <>
            <dt>{ts('extended')}</dt>
            <dd data-testid="history-extensions">{extensionsSummary(s)}</dd>
          </>
        )}
        {s.endedByName && s.endedBy !== s.requester.id && (
          <>
            <dt>{ts('ended_by')}</dt>
            <dd>
              {s.endedByName}
              {s.endNote ? `: “${s.endNote}”` : ''}
            </dd>
          </>
        )}
      </Dl>
      <FlagTags flags={s.flags} />
    </div>
  );
}

export function HistoryList({ sessions }: { sessions: Session[] }) {
  return (
    <Section data-testid="history">
      <Heading>{ts('heading')}</Heading>
      {sessions.length === 0 ? (
        <Muted>{ts('empty')}</Muted>
      ) : (
        <Stack>
          {sessions.map((s) => (
            <SessionCard key={s.id} session={s} />
          ))}
        </Stack>
      )}
    </Section>
  );
}
