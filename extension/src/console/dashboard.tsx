import { styled } from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';
import type { Dashboard } from '../../../shared/dashboard.js';
import { useApi } from '../api/api-provider.js';
import { formatTime, scoped, t } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Muted, Stack } from '../ui/layout.js';
import { useAsync } from '../use-async.js';
import { BarList, ColumnChart, type Bar } from './charts.js';
import { consoleApi } from './console-api.js';
import { takePreloadedDashboard } from './console-preload.js';
import { Link, screenUrl } from './router.js';
import { Card, Grid, ScreenTitle, SubTitle } from './screen-parts.js';
import { ageText } from './session-facts.js';

const ts = scoped('nav_bar.dashboard');
/** How often the figures refresh by themselves. */
export const DASHBOARD_POLL_MS = 15_000;

const Figure = styled(Link)`
  display: block;
  font-size: ${(p) => p.theme.fontSizes.xxl};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  line-height: ${(p) => p.theme.lineHeights.xxl};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.primary' })};
  text-decoration: none;
  &:hover, &:focus-visible { text-decoration: underline; }
`;

function Tile({ label, value, to, note, id }: { label: string; value: number; to: string; note?: string; id: string }) {
  return (
    <Card data-testid={`tile-${id}`}>
      <Muted>{label}</Muted>
      <Figure to={to} aria-label={`${label}: ${value}`}>
        {value}
      </Figure>
      {note && <Muted>{note}</Muted>}
    </Card>
  );
}

function Charts({ d }: { d: Dashboard }) {
  const from = d.from.slice(0, 10);
  const perDay: Bar[] = d.sessionsPerDay.map(({ day, sessions }) => ({
    label: day.slice(5),
    value: sessions,
    to: screenUrl('history', {}, { from: day, to: day }),
    title: ts('day_title', { day, count: sessions }),
  }));
  const perFlag: Bar[] = Object.entries(d.flagsPerKind)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([code, n]) => ({
      label: t(`common.flags.${code}`),
      value: n ?? 0,
      to: screenUrl('history', {}, { flag: code, from }),
      title: ts('flag_title', { flag: t(`common.flags.${code}`), count: n ?? 0 }),
    }));
  return (
    <Grid $min="420px">
      <Card>
        <SubTitle>{ts('per_day')}</SubTitle>
        <ColumnChart bars={perDay} caption={ts('per_day_caption')} testId="chart-per-day" />
      </Card>
      <Card>
        <SubTitle>{ts('per_flag')}</SubTitle>
        {perFlag.length === 0 ? (
          <Muted>{ts('no_flags')}</Muted>
        ) : (
          <BarList bars={perFlag} caption={ts('per_flag_caption')} testId="chart-per-flag" />
        )}
      </Card>
    </Grid>
  );
}

/** The landing page for leads and admins: every figure opens the list it counts; refreshes live. */
export function DashboardScreen() {
  const api = useApi();
  const data = useAsync(() => takePreloadedDashboard() ?? consoleApi(api).dashboard(), [api], DASHBOARD_POLL_MS);
  const d = data.data;
  const from = d?.from.slice(0, 10) ?? '';
  return (
    <Stack data-testid="screen-dashboard">
      <ScreenTitle>{ts('title')}</ScreenTitle>
      <ErrorAlert error={data.error} />
      {d && (
        <>
          <Muted data-testid="dashboard-at">{ts('as_of', { at: formatTime(d.at) })}</Muted>
          <Grid>
            <Tile
              id="active"
              label={ts('active')}
              value={d.open.active}
              to={screenUrl('history', {}, { status: 'active' })}
            />
            <Tile
              id="approved"
              label={ts('approved')}
              value={d.open.approved}
              to={screenUrl('history', {}, { status: 'approved' })}
            />
            <Tile
              id="pending"
              label={ts('pending')}
              value={d.open.pending}
              to={screenUrl('history', {}, { status: 'pending' })}
            />
            <Tile id="for-me" label={ts('for_me')} value={d.waitingForMe} to={screenUrl('approvals')} />
            <Tile
              id="reviews"
              label={ts('reviews_waiting')}
              value={d.reviews.waiting}
              to={screenUrl('reviews')}
              note={
                d.reviews.oldest ? ts('oldest', { age: ageText(d.reviews.oldest.waitingHours) }) : ts('none_waiting')
              }
            />
            <Tile
              id="after-hours"
              label={ts('after_hours')}
              value={d.afterHours}
              to={screenUrl('history', {}, { flag: 'after_hours', from })}
              note={ts('last_30')}
            />
            <Tile
              id="emergency"
              label={ts('emergency')}
              value={d.emergency}
              to={screenUrl('history', {}, { flag: 'emergency', from })}
              note={ts('last_30')}
            />
          </Grid>
          {d.reviews.oldest && (
            <Muted>
              <Link to={screenUrl('session', { id: d.reviews.oldest.grantId })}>{ts('open_oldest')}</Link>
            </Muted>
          )}
          <Charts d={d} />
        </>
      )}
    </Stack>
  );
}
