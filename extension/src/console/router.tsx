import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { matchRoute, pathOf, type RouteMatch, type ScreenKey } from './routes.js';
import { useLeaveGuard } from './admin/unsaved-changes.js';

/** Where the console lives: the standalone page or the Zendesk nav-bar location. */
export const basePathOf = (pathname: string) =>
  pathname.startsWith('/zendesk/console') ? '/zendesk/console' : '/console';

interface Router {
  base: string;
  /** The path under the base, e.g. `/sessions/gr_1`. */
  path: string;
  query: URLSearchParams;
  match: RouteMatch | null;
  /** Goes to `to` (a path under the base, with an optional `?query`), keeping dev sign-in's `as`. */
  navigate(to: string, options?: { replace?: boolean }): void;
  href(to: string): string;
}

const RouterContext = createContext<Router | null>(null);

const readLocation = () => ({ pathname: window.location.pathname, search: window.location.search });

/**
 * Client-side routing on the History API: URLs are shareable (the server answers every path under
 * the base with the console page), back and forward work, and nothing reloads between screens.
 */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const onPop = () => setLocation(readLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const base = basePathOf(location.pathname);
  const href = useCallback(
    (to: string) => {
      const url = new URL(base + (to === '/' ? '' : to), window.location.origin);
      // Dev sign-in names the user in `?as=`: every link keeps it, so a reload stays signed in.
      const as = new URLSearchParams(window.location.search).get('as');
      if (as && !url.searchParams.has('as')) url.searchParams.set('as', as);
      return url.pathname + url.search;
    },
    [base],
  );
  // A screen with unsaved edits (admin settings) is asked before the console leaves it.
  const leave = useLeaveGuard();
  const navigate = useCallback(
    (to: string, options: { replace?: boolean } = {}) =>
      leave(() => {
        const target = href(to);
        if (options.replace) window.history.replaceState(null, '', target);
        else window.history.pushState(null, '', target);
        setLocation(readLocation());
        window.scrollTo?.(0, 0);
      }),
    [href, leave],
  );
  const value = useMemo(() => {
    const path = location.pathname.slice(base.length) || '/';
    return { base, path, query: new URLSearchParams(location.search), match: matchRoute(path), navigate, href };
  }, [location, base, navigate, href]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

/** The router; only inside `<RouterProvider>`. */
export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter must be used inside <RouterProvider>');
  return router;
}

/** A path to a screen with an optional query (empty values left out). */
export function screenUrl(key: ScreenKey, params: Record<string, string> = {}, query: Record<string, string> = {}) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
  const s = q.toString();
  return pathOf(key, params) + (s ? `?${s}` : '');
}

/** A real link (open in a new tab, copy the address) that navigates in place on a plain click. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & Record<string, unknown>) {
  const router = useRouter();
  return (
    <a
      {...rest}
      href={router.href(to)}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        router.navigate(to);
      }}
    >
      {children}
    </a>
  );
}
