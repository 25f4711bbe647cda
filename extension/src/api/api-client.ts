import { isErrorCode } from '../../../shared/error-codes.js';
import type { z } from 'zod';
import type {
  ParamValue,
  QueryResult,
  QueryTestResult,
  SavedQuery,
  SavedQueryDefinitionInput,
  SavedQuerySummary,
  TestQueryInput,
} from '../../../shared/gateway.js';
import type {
  CloseCheck,
  CreateGrantInput,
  Grant,
  GrantDetail,
  Outcome,
  Session,
  zGrantTokenSchema,
} from '../../../shared/grants.js';
import type { AuditRetention } from '../../../shared/audit.js';
import type { Me, People, User } from '../../../shared/identity.js';
import type { ReviewItem } from '../../../shared/reviews.js';
import type { Settings, SettingsUpdate } from '../../../shared/settings.js';
import type { SignedTransparencyReport } from '../../../shared/transparency.js';
import type { DirectoryUser } from '../../../shared/users.js';
import type { Boot } from '../boot.js';
import { ApiError, BackendUnreachableError } from './api-error.js';

export interface SessionQuery {
  ticketId?: string;
  customerId?: string;
  requesterId?: string;
  status?: string;
  from?: string;
  to?: string;
}

export interface ReviewInput {
  verdict: 'ok' | 'concern';
  note: string;
}

/** A token an internal tool accepts as `Authorization: Bearer`; it expires with the grant. */
export type GrantToken = z.infer<typeof zGrantTokenSchema>;

type Fetch = typeof fetch;
const DEFAULT_TIMEOUT_MS = 15_000;

/** Rows a console list reads at once. */
export const CONSOLE_PAGE = 200;

const query = (q: object) => {
  const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));
  const s = params.toString();
  return s ? `?${s}` : '';
};

/**
 * The typed client for the HTTP API. It signs every call with the server's session token when the
 * host has one, else with the dev user (local use and the demo only).
 *
 * @example const api = createApiClient(readBoot()); const { sessions } = await api.ticketSessions('48271');
 */
export function createApiClient(
  boot: Pick<Boot, 'apiBase' | 'devUser' | 'session'>,
  fetchImpl: Fetch = (...a) => fetch(...a),
) {
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    as: 'json' | 'text' = 'json',
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (boot.session) headers.authorization = `Bearer ${boot.session.token}`;
    else if (boot.devUser) headers['x-dev-user'] = boot.devUser;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let res: Response;
    try {
      res = await fetchImpl(`${boot.apiBase}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (err) {
      throw new BackendUnreachableError(
        controller.signal.aborted ? `No answer within ${timeoutMs / 1000} s` : String(err),
      );
    } finally {
      clearTimeout(timer);
    }
    const text = await res.text();
    if (res.ok && as === 'text') return text as T;
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const e = (data as { error?: { code?: string; message?: string; issues?: ApiError['issues'] } } | undefined)
        ?.error;
      if (res.status >= 500 && !e) throw new BackendUnreachableError(`Server error ${res.status}`);
      throw new ApiError(
        res.status,
        e?.code && isErrorCode(e.code) ? e.code : e?.code ? 'unknown' : 'http_error',
        e?.message ?? `Request failed (${res.status})`,
        e?.issues,
      );
    }
    return data as T;
  }
  const post = <T>(path: string, body: unknown = {}) => call<T>('POST', path, body);
  const list = (path: string) => call<{ sessions: Session[] }>('GET', path).then((r) => r.sessions);

  return {
    /** Who the server says is signed in (`null` from a server without `GET /v1/me`). */
    me: () =>
      call<Me>('GET', '/v1/me').then(
        (r): User | null => r.user,
        (err: unknown) => (err instanceof ApiError && err.status === 404 ? null : Promise.reject(err)),
      ),
    ticketSessions: (ticketId: string) => list(`/v1/tickets/${encodeURIComponent(ticketId)}/grants`),
    grant: (id: string) => call<GrantDetail>('GET', `/v1/grants/${id}`),
    createGrant: (input: CreateGrantInput) => post<Grant>('/v1/grants', input),
    approve: (id: string, note?: string) => post<Grant>(`/v1/grants/${id}/approve`, note ? { note } : {}),
    deny: (id: string, note: string) => post<Grant>(`/v1/grants/${id}/deny`, { note }),
    start: (id: string) => post<Grant>(`/v1/grants/${id}/start`),
    cancel: (id: string) => post<Grant>(`/v1/grants/${id}/cancel`),
    end: (id: string, outcome: Outcome) => post<Grant>(`/v1/grants/${id}/end`, { outcome }),
    /** More time on an active grant: applied at once within the admin's limit, else pending an approver. */
    extend: (id: string, minutes: number, reason: string) =>
      post<Grant>(`/v1/grants/${id}/extend`, { minutes, reason }),
    approveExtension: (id: string, note?: string) =>
      post<Grant>(`/v1/grants/${id}/extension/approve`, note ? { note } : {}),
    denyExtension: (id: string, note: string) => post<Grant>(`/v1/grants/${id}/extension/deny`, { note }),
    /** Display names for user ids (approvers, the rota). */
    people: (ids: string[]) =>
      call<People>('GET', `/v1/people?ids=${ids.map(encodeURIComponent).join(',')}`).then((r) => r.people),
    closeCheck: (ticketId: string, timeoutMs: number) =>
      call<CloseCheck>('GET', `/v1/tickets/${encodeURIComponent(ticketId)}/close-check`, undefined, timeoutMs),
    settings: () => call<Settings>('GET', '/v1/settings'),
    saveSettings: (settings: SettingsUpdate) => call<Settings>('PUT', '/v1/settings', settings),
    // The console's lists read one page of CONSOLE_PAGE (as many as before the server paged them);
    // paging through `nextCursor` comes with the console's own pagination.
    searchSessions: (q: SessionQuery) => list(`/v1/grants${query({ limit: CONSOLE_PAGE, ...q })}`),
    customerAccess: (customerId: string, q: Pick<SessionQuery, 'from' | 'to'> = {}) =>
      list(`/v1/customers/${encodeURIComponent(customerId)}/access${query({ limit: CONSOLE_PAGE, ...q })}`),
    agentSessions: (agentId: string, q: Pick<SessionQuery, 'from' | 'to'> = {}) =>
      list(`/v1/agents/${encodeURIComponent(agentId)}/grants${query({ limit: CONSOLE_PAGE, ...q })}`),
    /** Flagged sessions waiting for a lead's verdict. */
    flaggedReviews: () =>
      call<{ items: ReviewItem[] }>('GET', `/v1/reviews?state=flagged&limit=${CONSOLE_PAGE}`).then((r) => r.items),
    review: (grantId: string, input: ReviewInput) => post<unknown>(`/v1/reviews/${grantId}`, input),
    /** The data gateway's saved queries (no SQL): what an agent can run during an active grant. */
    savedQueries: () => call<{ queries: SavedQuerySummary[] }>('GET', '/v1/gateway/queries'),
    /** Runs a saved query in the grant's scope; the customer parameter is bound by the server, never sent. */
    runQuery: (grantId: string, name: string, params: Record<string, ParamValue>) =>
      post<QueryResult>(`/v1/gateway/grants/${encodeURIComponent(grantId)}/queries/${encodeURIComponent(name)}/run`, {
        params,
      }),
    /** Any API call, signed like the rest (the console's own endpoints build on it: console/console-api.ts). */
    request: <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, timeoutMs?: number) =>
      call<T>(method, path, body, timeoutMs),
    /** A GET whose answer is text (CSV, JSON lines), signed like the rest. */
    text: (path: string, timeoutMs = 120_000) => call<string>('GET', path, undefined, timeoutMs, 'text'),
    /** A token for internal tools (`Authorization: Bearer`), valid while the grant is active. */
    grantToken: (grantId: string) => post<GrantToken>(`/v1/grants/${encodeURIComponent(grantId)}/token`),
    /** The trail's retention period, its sealed archives and its purges (leads, admins, auditors). */
    auditRetention: () => call<AuditRetention>('GET', '/v1/audit/retention'),

    // Admin and customer screens of the console.
    /** The tenant's directory: users whose name, id or e-mail contains `text`, or the users `ids` name. */
    users: (q: { text?: string; ids?: string[] }) =>
      call<{ items: DirectoryUser[] }>(
        'GET',
        `/v1/users${query({ query: q.text, ids: q.ids?.join(','), limit: 20 })}`,
      ).then((r) => r.items),
    savedQuery: (name: string) => call<SavedQuery>('GET', `/v1/gateway/queries/${encodeURIComponent(name)}`),
    saveQuery: (name: string, definition: SavedQueryDefinitionInput) =>
      call<SavedQuery>('PUT', `/v1/gateway/queries/${encodeURIComponent(name)}`, definition),
    deleteQuery: (name: string) => call<undefined>('DELETE', `/v1/gateway/queries/${encodeURIComponent(name)}`),
    testQuery: (name: string, input: TestQueryInput) =>
      post<QueryTestResult>(`/v1/gateway/queries/${encodeURIComponent(name)}/test`, input),
    /** One page of a customer's sessions; pass `nextCursor` back as `cursor`. */
    customerAccessPage: (
      customerId: string,
      q: Pick<SessionQuery, 'from' | 'to'> & { cursor?: string; limit?: number },
    ) =>
      call<{ sessions: Session[]; nextCursor: string | null }>(
        'GET',
        `/v1/customers/${encodeURIComponent(customerId)}/access${query({ limit: 50, ...q })}`,
      ),
    transparencyReport: (
      customerId: string,
      q: { from?: string; to?: string; includeStaff?: boolean; includeNotes?: boolean },
    ) =>
      call<SignedTransparencyReport>(
        'GET',
        `/v1/customers/${encodeURIComponent(customerId)}/transparency-report${query({
          from: q.from,
          to: q.to,
          includeStaff: q.includeStaff ? 'true' : undefined,
          includeNotes: q.includeNotes ? 'true' : undefined,
        })}`,
      ),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
