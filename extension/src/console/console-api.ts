import type { VerifyResult } from '../../../shared/audit.js';
import type { Dashboard } from '../../../shared/dashboard.js';
import type { Grant, Session } from '../../../shared/grants.js';
import type { ReviewItem, ReviewSummary } from '../../../shared/reviews.js';
import { ApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/api-client.js';

// The console's calls beyond the sidebar's client: typed wrappers over `api.request`, so the
// sidebar bundle never carries them.

/** The history search as the URL and the form hold it (all strings; empty means no filter). */
export interface SessionFilter {
  ticketId?: string;
  customerId?: string;
  agent?: string;
  status?: string;
  flag?: string;
  from?: string;
  to?: string;
}

export interface Page<T> {
  rows: T[];
  nextCursor: string | null;
}

const qs = (q: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
};

export const consoleApi = (api: ApiClient) => ({
  dashboard: () => api.request<Dashboard>('GET', '/v1/dashboard'),
  sessions: async (filter: SessionFilter, cursor?: string, limit = 25): Promise<Page<Session>> => {
    const r = await api.request<{ sessions: Session[]; nextCursor: string | null }>(
      'GET',
      `/v1/grants${qs({ ...filter, limit, cursor })}`,
    );
    return { rows: r.sessions, nextCursor: r.nextCursor };
  },
  mySessions: async (userId: string, cursor?: string, limit = 25): Promise<Page<Session>> => {
    const r = await api.request<{ sessions: Session[]; nextCursor: string | null }>(
      'GET',
      `/v1/agents/${encodeURIComponent(userId)}/grants${qs({ limit, cursor })}`,
    );
    return { rows: r.sessions, nextCursor: r.nextCursor };
  },
  pending: async (): Promise<Session[]> =>
    (await api.request<{ sessions: Session[] }>('GET', '/v1/grants?status=pending&limit=200')).sessions,
  reviews: async (state: 'flagged' | 'reviewed', cursor?: string, limit = 25): Promise<Page<ReviewItem>> => {
    const r = await api.request<{ items: ReviewItem[]; nextCursor: string | null }>(
      'GET',
      `/v1/reviews${qs({ state, limit, cursor })}`,
    );
    return { rows: r.items, nextCursor: r.nextCursor };
  },
  reviewSummary: () => api.request<ReviewSummary>('GET', '/v1/reviews/summary'),
  reviewSummaryCsv: () => api.text('/v1/reviews/summary?format=csv'),
  revoke: (id: string, reason: string) => api.request<Grant>('POST', `/v1/grants/${id}/revoke`, { reason }),
  verify: () => api.request<VerifyResult>('GET', '/v1/audit/verify', undefined, 300_000),
  auditExport: (format: 'jsonl' | 'csv') => api.text(`/v1/audit/export?format=${format}`, 600_000),
});
export type ConsoleApi = ReturnType<typeof consoleApi>;

/** A background verify run (`POST /v1/audit/verify-jobs`), where the server has it. */
export interface VerifyJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  checked: number;
  total: number;
  result?: VerifyResult;
}

/**
 * Verifies the chain and reports progress: through the job API when the server has it (progress
 * as rows checked of the total), else through `GET /v1/audit/verify`, which answers when done.
 */
export async function verifyWithProgress(
  api: ApiClient,
  onProgress: (checked: number, total: number) => void,
  pollMs = 500,
): Promise<VerifyResult> {
  let job: VerifyJob;
  try {
    job = await api.request<VerifyJob>('POST', '/v1/audit/verify-jobs', {});
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return consoleApi(api).verify();
    throw err;
  }
  for (;;) {
    onProgress(job.checked ?? 0, job.total ?? 0);
    if (job.state === 'done' && job.result) return job.result;
    if (job.state === 'failed') throw new Error('The verify run failed on the server; try again');
    await new Promise((r) => setTimeout(r, pollMs));
    job = await api.request<VerifyJob>('GET', `/v1/audit/verify-jobs/${encodeURIComponent(job.id)}`);
  }
}

/** Saves text as a file the browser downloads (CSV, JSON lines, JSON). */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
