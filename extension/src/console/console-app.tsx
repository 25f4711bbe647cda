import { lazy, Suspense, type ComponentType } from 'react';
import { styled } from 'styled-components';
import { Body, Chrome, Content, Header, Main, Nav, SkipNav } from '@zendeskgarden/react-chrome';
import { Dots } from '@zendeskgarden/react-loaders';
import { getColor } from '@zendeskgarden/react-theming';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { ApprovalsScreen } from './approvals-inbox.js';
import { AuditScreen } from './audit-screen.js';
import { DashboardScreen } from './dashboard.js';
import { MySessionsScreen } from './my-sessions.js';
import { ReviewsScreen } from './reviews-screen.js';
import { SessionScreen } from './session-page.js';
import { NavIcon } from './nav-icons.js';
import { RouterProvider, screenUrl, useRouter } from './router.js';
import { allowedFor, homeFor, navFor, pathOf, type ScreenKey } from './routes.js';
import { NotFound, NotForYou } from './screen-parts.js';
import { useViewer, type ConsoleViewer } from './use-viewer.js';
import { ViewerContext } from './viewer-context.js';
import { UnsavedChangesProvider } from './admin/unsaved-changes.js';

const ts = scoped('nav_bar.console');

// The screens with heavy Garden parts (date pickers, the settings form) are chunks of their own,
// loaded when opened; the rest ship with the shell (a few KB each), which also keeps tiny shared
// chunks out of the build.
const lazyScreen = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const SCREENS: Record<ScreenKey, ComponentType> = {
  dashboard: DashboardScreen,
  approvals: ApprovalsScreen,
  history: lazyScreen(() => import('./history-screen.js'), 'HistoryScreen'),
  mine: MySessionsScreen,
  reviews: ReviewsScreen,
  audit: AuditScreen,
  session: SessionScreen,
  customers: lazyScreen(() => import('./external-screens.js'), 'CustomersScreen'),
  customer: lazyScreen(() => import('./external-screens.js'), 'CustomerScreen'),
  adminSettings: lazyScreen(() => import('./external-screens.js'), 'AdminSettingsScreen'),
  adminQueries: lazyScreen(() => import('./external-screens.js'), 'AdminQueriesScreen'),
  adminRoles: lazyScreen(() => import('./external-screens.js'), 'AdminRolesScreen'),
};

// The page scrolls as a whole (not an inner pane), so printing and full-page captures get everything.
const Shell = styled(Chrome)`
  height: auto;
  min-height: 100vh;
  & > div, main { overflow: visible; }
  @media print {
    nav, header { display: none !important; }
  }
`;

const Who = styled.span`
  margin-left: auto;
  padding: 0 ${(p) => p.theme.space.md};
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
`;

const Product = styled.span`
  padding: 0 ${(p) => p.theme.space.md};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

const Screen = styled(Main)`
  padding: ${(p) => p.theme.space.md} ${(p) => p.theme.space.lg};
`;

function ConsoleNav({ viewer, current }: { viewer: ConsoleViewer; current: ScreenKey | null }) {
  const router = useRouter();
  return (
    <Nav isExpanded aria-label={ts('nav_label')}>
      <Nav.List>
        <Nav.Item hasLogo product="support" title={ts('product')} onClick={() => router.navigate('/')}>
          <Nav.ItemIcon>
            <NavIcon name="logo" />
          </Nav.ItemIcon>
          <Nav.ItemText>{ts('product')}</Nav.ItemText>
        </Nav.Item>
        {navFor(viewer).map((key) => (
          <Nav.Item
            key={key}
            isCurrent={current === key || (key === 'customers' && current === 'customer')}
            aria-current={current === key ? 'page' : undefined}
            data-nav={key}
            onClick={() => router.navigate(pathOf(key))}
          >
            <Nav.ItemIcon>
              <NavIcon name={key} />
            </Nav.ItemIcon>
            <Nav.ItemText>{ts(`nav.${key}`)}</Nav.ItemText>
          </Nav.Item>
        ))}
      </Nav.List>
    </Nav>
  );
}

function Routed({ viewer }: { viewer: ConsoleViewer }) {
  const router = useRouter();
  // The landing path shows each role its own home (agents have no dashboard).
  const key: ScreenKey | null =
    router.match?.key === 'dashboard' && !allowedFor('dashboard', viewer)
      ? homeFor(viewer)
      : (router.match?.key ?? null);
  const Component = key ? SCREENS[key] : null;
  return (
    <Shell isFluid>
      <SkipNav targetId="console-main">{ts('skip')}</SkipNav>
      <ConsoleNav viewer={viewer} current={key} />
      <Body>
        <Header>
          <Product>{ts('product')}</Product>
          <Who data-testid="console-user">
            {viewer.user.name} · {ts(`role.${viewer.role}`)}
            {viewer.approver ? ` · ${ts('role.approver')}` : ''}
          </Who>
        </Header>
        <Content>
          <Screen id="console-main" tabIndex={-1} data-testid="console" data-screen={key ?? 'none'}>
            {!Component ? (
              <NotFound home={screenUrl(homeFor(viewer))} />
            ) : !allowedFor(key as ScreenKey, viewer) ? (
              <NotForYou home={screenUrl(homeFor(viewer))} />
            ) : (
              <Suspense fallback={<Dots aria-label={ts('loading')} />}>
                <Component />
              </Suspense>
            )}
          </Screen>
        </Content>
      </Body>
    </Shell>
  );
}

/** The console for leads, approvers, auditors and admins; agents see their own sessions. */
export function ConsoleApp() {
  const viewer = useViewer();
  if (viewer.error) return <ErrorAlert error={viewer.error} />;
  if (!viewer.data) return <Dots aria-label={ts('loading')} />;
  return (
    <ViewerContext.Provider value={viewer.data}>
      <UnsavedChangesProvider>
        <RouterProvider>
          <Routed viewer={viewer.data} />
        </RouterProvider>
      </UnsavedChangesProvider>
    </ViewerContext.Provider>
  );
}
