import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Tab, TabList, TabPanel, Tabs } from '@zendeskgarden/react-tabs';
import type { ReviewItem, ReviewSummary } from '../../../shared/reviews.js';
import { useApi } from '../api/api-provider.js';
import { formatTime, scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Dl, Muted, Row, Stack } from '../ui/layout.js';
import { StatusTag } from '../ui/status.js';
import { useAsync } from '../use-async.js';
import { useSubmit } from '../use-submit.js';
import { consoleApi, saveFile } from './console-api.js';
import { Pager } from './pager.js';
import { Link, screenUrl, useRouter } from './router.js';
import { Card, Grid, ScreenTitle, SubTitle } from './screen-parts.js';
import { OpenReviewNotice, ReviewForm } from './session-actions.js';
import { ageText, hoursSince, viewedLine } from './session-facts.js';
import { useCursorPages } from './use-cursor-pages.js';
import { useConsoleViewer } from './viewer-context.js';

const ts = scoped('nav_bar.reviews');

function Summary({ s }: { s: ReviewSummary }) {
  const api = useApi();
  const csv = useSubmit();
  return (
    <Card data-testid="review-summary">
      <Row>
        <SubTitle style={{ margin: 0 }}>{ts('summary', { from: formatTime(s.from), to: formatTime(s.to) })}</SubTitle>
        <Button
          size="small"
          onClick={() =>
            void csv.run(async () =>
              saveFile('review-summary.csv', await consoleApi(api).reviewSummaryCsv(), 'text/csv'),
            )
          }
        >
          {ts('summary_csv')}
        </Button>
      </Row>
      <Grid $min="150px">
        <div>
          <Muted>{ts('flagged_sessions')}</Muted>
          <strong>{s.flaggedSessions}</strong>
        </div>
        <div>
          <Muted>{ts('reviewed_ok')}</Muted>
          <strong>{s.reviewed.ok}</strong>
        </div>
        <div>
          <Muted>{ts('reviewed_concern')}</Muted>
          <strong>{s.reviewed.concern}</strong>
        </div>
        <div>
          <Muted>{ts('unreviewed')}</Muted>
          <strong>{s.unreviewed}</strong>
        </div>
        <div>
          <Muted>{ts('oldest_waiting')}</Muted>
          <strong>{s.oldestWaiting ? ageText(s.oldestWaiting.waitingHours) : t('common.none')}</strong>
        </div>
      </Grid>
      <Muted>
        {Object.entries(s.perFlag)
          .map(([code, n]) => `${t(`common.flags.${code}`)} ${n}`)
          .join(' · ')}
      </Muted>
      <ErrorAlert error={csv.error} />
    </Card>
  );
}

function Item({ item, onDone }: { item: ReviewItem; onDone(): void }) {
  const viewer = useConsoleViewer();
  // The form opens on demand, so a page of 25 stays short enough to scan.
  const [writing, setWriting] = useState(false);
  // biome-ignore lint/complexity/useMathMinMax: ISO-8601 text, compared as strings
  const first = item.flags.reduce((min, f) => (f.at < min ? f.at : min), item.flags[0]?.at ?? item.requestedAt);
  return (
    <Card data-testid={`review-${item.id}`}>
      <Stack>
        <Row>
          <Link to={screenUrl('session', { id: item.id })}>
            <strong>{item.requester.name}</strong> · #{item.ticket.id} · {item.customerId}
          </Link>
          <StatusTag status={item.status} />
          {!item.review && (
            <Muted as="span" style={{ margin: 0 }}>
              {ts('waiting', { age: ageText(hoursSince(first, new Date())) })}
            </Muted>
          )}
        </Row>
        <Dl>
          {item.flags.map((f) => (
            <FlagLine key={f.code} code={f.code} reason={f.reason} />
          ))}
          <dt>{ts('viewed')}</dt>
          <dd>{viewedLine(item.viewed)}</dd>
          {item.review && (
            <>
              <dt>{ts('verdict')}</dt>
              <dd data-testid="verdict">
                {ts(`verdict_${item.review.verdict}`)} · {item.review.reviewer.name} ·{' '}
                {formatTime(item.review.reviewedAt)} · “{item.review.note}”
              </dd>
            </>
          )}
        </Dl>
        {item.requester.id === viewer.id ? (
          <Muted>{ts('own')}</Muted>
        ) : item.open ? (
          <OpenReviewNotice grant={item} canRevoke onDone={onDone} />
        ) : writing ? (
          <ReviewForm grant={item} onDone={onDone} />
        ) : (
          <Row>
            <Button size="small" onClick={() => setWriting(true)}>
              {item.review ? ts('review_again') : ts('write_verdict')}
            </Button>
          </Row>
        )}
      </Stack>
    </Card>
  );
}

const FlagLine = ({ code, reason }: { code: string; reason: string }) => (
  <>
    <dt>{t(`common.flags.${code}`)}</dt>
    <dd>{reason}</dd>
  </>
);

function Queue({ state }: { state: 'flagged' | 'reviewed' }) {
  const api = useApi();
  const pages = useCursorPages((cursor) => consoleApi(api).reviews(state, cursor), state, 20_000);
  return (
    <Stack data-testid={`queue-${state}`}>
      <ErrorAlert error={pages.error} />
      {pages.rows?.length === 0 && <Muted>{ts(state === 'flagged' ? 'empty' : 'none_reviewed')}</Muted>}
      {pages.rows?.map((item) => (
        <Item key={item.id} item={item} onDone={() => void pages.reload()} />
      ))}
      <Pager {...pages} />
    </Stack>
  );
}

/** Flagged sessions waiting for a verdict and the reviewed ones (findable after it), with the weekly summary. */
export function ReviewsScreen() {
  const api = useApi();
  const router = useRouter();
  const tab = router.query.get('tab') === 'reviewed' ? 'reviewed' : 'flagged';
  const [shown, setShown] = useState(tab);
  const summary = useAsync(() => consoleApi(api).reviewSummary(), [api], 30_000);
  return (
    <Stack data-testid="screen-reviews">
      <ScreenTitle>{ts('title')}</ScreenTitle>
      <ErrorAlert error={summary.error} />
      {summary.data && <Summary s={summary.data} />}
      <Tabs
        selectedItem={shown}
        onChange={(item) => {
          setShown(String(item) as typeof tab);
          router.navigate(screenUrl('reviews', {}, { tab: String(item) === 'reviewed' ? 'reviewed' : '' }), {
            replace: true,
          });
        }}
      >
        <TabList>
          <Tab item="flagged">{ts('tab_flagged')}</Tab>
          <Tab item="reviewed">{ts('tab_reviewed')}</Tab>
        </TabList>
        <TabPanel item="flagged">{shown === 'flagged' && <Queue state="flagged" />}</TabPanel>
        <TabPanel item="reviewed">{shown === 'reviewed' && <Queue state="reviewed" />}</TabPanel>
      </Tabs>
    </Stack>
  );
}
