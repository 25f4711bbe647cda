import type { Backend, BackendRequest } from './backend.js';

/** A comment poster: in Forge, `requestJira` as the user. */
export type PostComment = (issueKey: string, text: string) => Promise<{ status: number }>;

const ALLOWED = /^\/v1\/(grants|tickets|settings|me|reviews|gateway|customers|agents)(\/|$)/;
/** Reporting a ticket closed is the host's word (the trigger's), never the panel user's. */
const CLOSE_REPORT = /^\/v1\/tickets\/[^/]+\/closed\/?$/i;
const BASE = 'https://backend.invalid';

/**
 * The path as the backend will route it: dot segments resolved, percent-escapes decoded (a panel
 * must not reach `/closed` as `/%63losed` or `/x/../closed`). Null for anything off the backend.
 */
function resolvePath(raw: string): { pathname: string; decoded: string; search: string } | null {
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  try {
    const url = new URL(raw, BASE);
    if (url.origin !== BASE) return null;
    return { pathname: url.pathname, decoded: decodeURIComponent(url.pathname), search: url.search };
  } catch {
    return null;
  }
}

/**
 * Resolver functions the issue panel calls with `invoke` from `@forge/bridge`: a narrow proxy to
 * the backend (Forge adds the invocation token, so the server knows the user and site), and the
 * outcome comment on the issue.
 */
export function createResolverHandlers(backend: Backend, postComment: PostComment) {
  return {
    async api(payload: { method?: string; path?: string; body?: unknown }): Promise<{ status: number; body: unknown }> {
      const method = (payload.method ?? 'GET').toUpperCase();
      const target = payload.path ? resolvePath(payload.path) : null;
      if (!target || !ALLOWED.test(target.decoded) || !['GET', 'POST', 'PUT'].includes(method)) {
        return {
          status: 400,
          body: { error: { code: 'invalid_input', message: 'The panel may only call the Ticketed Access API' } },
        };
      }
      if (CLOSE_REPORT.test(target.decoded)) {
        const message = "The panel cannot report an issue closed: the app's trigger reports it when it moves to done";
        return { status: 403, body: { error: { code: 'close_report_not_from_host', message } } };
      }
      // Forward the path as checked, never the raw one.
      const path = target.pathname + target.search;
      return backend({ method: method as BackendRequest['method'], path, body: payload.body });
    },
    async postComment(payload: { issueKey?: string; text?: string }): Promise<{ ok: boolean; status: number }> {
      if (!payload.issueKey || !payload.text) return { ok: false, status: 400 };
      const { status } = await postComment(payload.issueKey, payload.text);
      return { ok: status >= 200 && status < 300, status };
    },
  };
}
