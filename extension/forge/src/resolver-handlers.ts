import type { Backend, BackendRequest } from './backend.js';

/** A comment poster: in Forge, `requestJira` as the user. */
export type PostComment = (issueKey: string, text: string) => Promise<{ status: number }>;

const ALLOWED = /^\/v1\/(grants|tickets|settings|me|reviews|gateway|customers|agents)(\/|$|\?)/;

/**
 * Resolver functions the issue panel calls with `invoke` from `@forge/bridge`: a narrow proxy to
 * the backend (Forge adds the invocation token, so the server knows the user and site), and the
 * outcome comment on the issue.
 */
export function createResolverHandlers(backend: Backend, postComment: PostComment) {
  return {
    async api(payload: { method?: string; path?: string; body?: unknown }): Promise<{ status: number; body: unknown }> {
      const method = (payload.method ?? 'GET').toUpperCase();
      if (!payload.path || !ALLOWED.test(payload.path) || !['GET', 'POST', 'PUT'].includes(method)) {
        return { status: 400, body: { error: { code: 'invalid_input', message: 'The panel may only call the Ticketed Access API' } } };
      }
      return backend({ method: method as BackendRequest['method'], path: payload.path, body: payload.body });
    },
    async postComment(payload: { issueKey?: string; text?: string }): Promise<{ ok: boolean; status: number }> {
      if (!payload.issueKey || !payload.text) return { ok: false, status: 400 };
      const { status } = await postComment(payload.issueKey, payload.text);
      return { ok: status >= 200 && status < 300, status };
    },
  };
}
