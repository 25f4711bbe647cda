/**
 * The console's screens and their URLs, once: the router matches paths against this table, the
 * navigation and every link build their paths from it, and `allowedFor` says who may open each.
 * Plain data and functions (no React), so the rules are tested directly.
 */
import type { Role } from '../../../shared/roles.js';

export type ScreenKey =
  | 'dashboard'
  | 'approvals'
  | 'history'
  | 'mine'
  | 'reviews'
  | 'audit'
  | 'session'
  | 'customers'
  | 'customer'
  | 'adminSettings'
  | 'adminQueries'
  | 'adminRoles';

/** Who is looking: their role, and whether the settings name them as an approver (or on the rota). */
export interface Viewer {
  id: string;
  role: Role;
  approver: boolean;
}

const lead = (v: Viewer) => v.role === 'lead' || v.role === 'admin';

interface Screen {
  key: ScreenKey;
  /** Path under the console's base, `:name` for a parameter. */
  pattern: string;
  allowed: (v: Viewer) => boolean;
  /** Shown in the navigation (screens with a parameter are reached by links). */
  nav: boolean;
}

export const SCREENS: readonly Screen[] = [
  { key: 'dashboard', pattern: '/', allowed: lead, nav: true },
  { key: 'approvals', pattern: '/approvals', allowed: (v) => v.approver, nav: true },
  { key: 'history', pattern: '/history', allowed: lead, nav: true },
  { key: 'mine', pattern: '/my-sessions', allowed: () => true, nav: true },
  { key: 'reviews', pattern: '/reviews', allowed: lead, nav: true },
  { key: 'customers', pattern: '/customers', allowed: lead, nav: true },
  { key: 'customer', pattern: '/customers/:customerId', allowed: lead, nav: false },
  { key: 'audit', pattern: '/audit', allowed: lead, nav: true },
  { key: 'adminSettings', pattern: '/admin/settings', allowed: (v) => v.role === 'admin', nav: true },
  { key: 'adminQueries', pattern: '/admin/queries', allowed: (v) => v.role === 'admin', nav: true },
  { key: 'adminRoles', pattern: '/admin/roles', allowed: (v) => v.role === 'admin', nav: true },
  // The server decides who may open a session (the people involved, approvers, leads).
  { key: 'session', pattern: '/sessions/:id', allowed: () => true, nav: false },
];

/** Where the console lives: the standalone page or the Zendesk nav-bar location. */
export const basePathOf = (pathname: string) =>
  pathname.startsWith('/zendesk/console') ? '/zendesk/console' : '/console';

export interface RouteMatch {
  key: ScreenKey;
  params: Record<string, string>;
}

/**
 * Which screen a path under the base shows, with its parameters; null for an unknown path.
 *
 * @example matchRoute('/sessions/gr_1') // { key: 'session', params: { id: 'gr_1' } }
 */
export function matchRoute(path: string): RouteMatch | null {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  for (const screen of SCREENS) {
    const want = screen.pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = want.every((w, i) => {
      const part = parts[i] as string;
      if (w.startsWith(':')) {
        try {
          params[w.slice(1)] = decodeURIComponent(part);
        } catch {
          return false;
        }
        return true;
      }
      return w === part;
    });
    if (ok) return { key: screen.key, params };
  }
  return null;
}

/**
 * The path of a screen, parameters filled in (encoded).
 *
 * @example pathOf('session', { id: 'gr_1' }) // '/sessions/gr_1'
 */
export function pathOf(key: ScreenKey, params: Record<string, string> = {}): string {
  const screen = SCREENS.find((s) => s.key === key);
  if (!screen) throw new Error(`no screen ${key}`);
  return screen.pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

export const allowedFor = (key: ScreenKey, viewer: Viewer): boolean =>
  SCREENS.find((s) => s.key === key)?.allowed(viewer) ?? false;

/** The navigation entries a viewer sees: only screens they may use. */
export const navFor = (viewer: Viewer): ScreenKey[] =>
  SCREENS.filter((s) => s.nav && s.allowed(viewer)).map((s) => s.key);

/** Where a viewer lands: the dashboard for leads, the inbox for approvers, else their own sessions. */
export function homeFor(viewer: Viewer): ScreenKey {
  if (lead(viewer)) return 'dashboard';
  return viewer.approver ? 'approvals' : 'mine';
}
