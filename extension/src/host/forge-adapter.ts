import type { HostLocation } from '../boot.js';
import type { HostAdapter, HostPerson, HostTicket } from './host-adapter.js';

/** The part of `@forge/bridge` the panel uses, so tests can hand in a stand-in. */
export interface ForgeBridge {
  view: { getContext(): Promise<{ accountId?: string; extension?: { issue?: { key?: string; id?: string } } }> };
  invoke<T = unknown>(functionKey: string, payload?: Record<string, unknown>): Promise<T>;
  requestJira(path: string, init?: RequestInit): Promise<Response>;
}

interface JiraIssue {
  key: string;
  fields?: {
    summary?: string;
    labels?: string[];
    reporter?: { accountId: string; displayName?: string; emailAddress?: string } | null;
    assignee?: { accountId: string; displayName?: string; emailAddress?: string } | null;
  };
}

const person = (
  p: { accountId: string; displayName?: string; emailAddress?: string } | null | undefined,
): HostPerson | null => (p ? { id: p.accountId, name: p.displayName ?? null, email: p.emailAddress ?? null } : null);

/** A label `customer-1842` (or `customer:1842`) names the customer in scope; Jira has no requester org. */
export const customerFromLabels = (labels: string[] = []) =>
  labels.map((l) => /^customer[-:](.+)$/i.exec(l)?.[1]).find(Boolean) ?? null;

/**
 * The Jira issue panel's host: the issue is the ticket. Context comes from `view.getContext()`,
 * issue details from `requestJira` (as the user), and the outcome note goes on the issue as a
 * comment through the app's resolver. Closing is guarded by the workflow validator, not by a save hook.
 *
 * @example const host = await createForgeAdapter(await import('@forge/bridge'), 'ticket_sidebar');
 */
export async function createForgeAdapter(bridge: ForgeBridge, location: HostLocation): Promise<HostAdapter> {
  const context = await bridge.view.getContext();
  const issueKey = context.extension?.issue?.key;
  if (!issueKey) throw new Error('Ticketed Access runs in a Jira issue panel; no issue in context');
  let issue: Promise<HostTicket> | null = null;
  return {
    kind: 'jira',
    location,
    currentUser: context.accountId ? { id: context.accountId, name: null, email: null } : null,
    ticket() {
      issue ??= bridge
        .requestJira(`/rest/api/3/issue/${encodeURIComponent(issueKey)}?fields=summary,labels,reporter,assignee`)
        .then(async (res) => (res.ok ? ((await res.json()) as JiraIssue) : { key: issueKey }))
        .then((i) => ({
          id: i.key,
          subject: i.fields?.summary ?? null,
          requester: person(i.fields?.reporter),
          assignee: person(i.fields?.assignee),
          customerId: customerFromLabels(i.fields?.labels),
        }));
      return issue;
    },
    onTicketSave: () => () => {},
    resize: () => {},
    async postInternalComment(ticketId, body) {
      const result = await bridge.invoke<{ ok: boolean; status: number }>('postComment', {
        issueKey: ticketId,
        text: body,
      });
      if (!result.ok) throw new Error(`Jira did not take the comment (HTTP ${result.status})`);
    },
  };
}

/**
 * A `fetch` for the API client that goes through the app's resolver, which calls the backend with
 * Forge's invocation token (the panel itself never holds a credential).
 */
export function forgeFetch(bridge: Pick<ForgeBridge, 'invoke'>): typeof fetch {
  return async (input, init) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'https://panel.invalid',
    );
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const res = await bridge.invoke<{ status: number; body: unknown }>('api', {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      body,
    });
    return new Response(res.body === undefined ? null : JSON.stringify(res.body), {
      status: res.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}
