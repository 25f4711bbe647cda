import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import type { QueryResult, SavedQuerySummary } from '../../../shared/gateway.js';
import type { AccessEvent, Session } from '../../../shared/grants.js';
import type { User } from '../../../shared/identity.js';
import { defaultNotificationPolicy } from '../../../shared/notifications.js';
import type { Settings } from '../../../shared/settings.js';
import type { ApiClient } from '../api/api-client.js';
import { ApiProvider } from '../api/api-provider.js';
import type { HostAdapter } from '../host/host-adapter.js';
import { HostProvider } from '../host/host-provider.js';
import { createForgeAdapter, type ForgeBridge } from '../host/forge-adapter.js';
import { SidebarApp } from '../sidebar/sidebar-app.js';

/** The demo's display names, as `GET /v1/people` answers them. */
export const PEOPLE: Record<string, string> = {
  'agent-ann': 'Ann Agent',
  'agent-bob': 'Bob Agent',
  'lead-lee': 'Lee Lead',
  'admin-ada': 'Ada Admin',
};

export const REASON = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';

/** Business hours that are always open (or never, with `days: []`), so tests do not depend on the clock. */
export const settings: Settings = {
  defaultDurationMinutes: 30,
  maxDurationMinutes: 240,
  allowedDurationsMinutes: [15, 30, 60],
  startWindowMinutes: 60,
  businessHours: {
    days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    start: '00:00',
    end: '23:59',
    timeZone: 'UTC',
  },
  approvers: ['lead-lee'],
  afterHoursApprovers: ['lead-lee', 'admin-ada'],
  systems: ['billing-db', 'payments-gateway'],
  reviewThresholds: { longSessionMinutes: 120, broadAccessRecords: 500 },
  retentionDays: 2555,
  roleMapping: {
    zendesk: { admin: 'admin', agent: 'agent', customRoles: {} },
    jira: { groups: {}, defaultRole: 'agent' },
    oidc: { claim: 'groups', values: {} },
  },
  notifications: defaultNotificationPolicy,
  selfExtendMaxMinutes: 0,
  ticketCustomerField: { source: 'organization_external_id', customFieldId: null },
};

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 'gr_1',
    tenant: 'demo',
    ticket: { id: '48271', url: null },
    requester: { id: 'agent-ann', name: 'Ann Agent', email: 'ann@example.com' },
    reason: REASON,
    reasonVague: false,
    customerId: '1842',
    systems: ['billing-db'],
    access: 'read',
    writeNeed: null,
    maskedDataChecked: true,
    emergency: null,
    durationMinutes: 30,
    status: 'pending',
    open: true,
    requestedAt: new Date().toISOString(),
    decision: null,
    startBy: null,
    startedAt: null,
    expiresAt: null,
    endedAt: null,
    endedBy: null,
    endKind: null,
    endNote: null,
    cancelledAt: null,
    durationSeconds: null,
    outcome: null,
    flags: [],
    eventCount: 0,
    recordCount: 0,
    viewed: [],
    extensions: [],
    extendedMinutes: 0,
    pendingExtension: null,
    endedByName: null,
    ...overrides,
  } as Session; // a cast, so fields the server adds later need no fixture change
}

/** One access event as the history lists it. */
export function viewEvent(target: string, fields: string[]): AccessEvent {
  return {
    id: 1,
    kind: 'view',
    target,
    fields,
    recordCount: null,
    queryName: null,
    occurredAt: new Date().toISOString(),
    actorId: 'agent-ann',
    accepted: true,
  } as AccessEvent;
}

/** The gateway's saved queries: one per system in `settings`, the billing one with two parameters. */
export const savedQueries: SavedQuerySummary[] = [
  {
    name: 'refund-with-gateway-response',
    title: 'Refund with gateway response',
    description: 'The refund and what the payment gateway answered.',
    system: 'billing-db',
    customerParam: 'customer_id',
    params: [
      { name: 'refund_id', label: 'Refund number', type: 'integer', description: 'The refund number', required: true },
      { name: 'since', label: null, type: 'date', description: null, required: false },
    ],
    rowLimit: 2,
    sensitiveColumns: ['email', 'contact_name'],
  },
  {
    name: 'gateway-declines',
    title: 'Recent gateway declines',
    description: '',
    system: 'payments-gateway',
    customerParam: 'customer_id',
    params: [],
    rowLimit: 100,
    sensitiveColumns: ['card_token'],
  },
];

/** What running `refund-with-gateway-response` returns: the email masked, more rows than its limit. */
export const queryResult: QueryResult = {
  query: 'refund-with-gateway-response',
  columns: ['refund_id', 'status', 'email'],
  rows: [
    { refund_id: 9912, status: 'failed', email: 'a•••@example.com' },
    { refund_id: 9913, status: 'ok', email: 'b•••@example.com' },
  ],
  rowCount: 2,
  truncated: true,
  masked: ['email'],
  unmasked: [],
  recordedEventId: 77,
};

/** A fake API: every method a spy; `sessions` is what the ticket's history returns. */
export function fakeApi(sessions: Session[] = [], me = 'agent-ann', s: Settings = settings) {
  const grant =
    (g: Partial<Session>) =>
    (..._args: unknown[]) =>
      Promise.resolve(session(g));
  return {
    me: vi.fn(
      async (): Promise<User> => ({
        tenant: 'demo',
        id: me,
        name: me,
        email: '',
        role: me === 'lead-lee' ? 'lead' : 'agent',
      }),
    ),
    settings: vi.fn(async () => s),
    ticketSessions: vi.fn(async () => sessions),
    createGrant: vi.fn(async (..._input: unknown[]) => session()),
    approve: vi.fn(grant({ status: 'approved' })),
    deny: vi.fn(grant({ status: 'denied' })),
    start: vi.fn(grant({ status: 'active' })),
    cancel: vi.fn(grant({ status: 'cancelled' })),
    end: vi.fn(grant({ status: 'ended', open: false, endedAt: new Date().toISOString(), durationSeconds: 240 })),
    extend: vi.fn(grant({ status: 'active' })),
    approveExtension: vi.fn(grant({ status: 'active' })),
    denyExtension: vi.fn(grant({ status: 'active' })),
    people: vi.fn(async (ids: string[]) => ids.map((id) => ({ id, name: PEOPLE[id] ?? null }))),
    closeCheck: vi.fn(async () => ({ canClose: true, openGrants: [], message: '' })),
    savedQueries: vi.fn(async () => ({ queries: savedQueries })),
    runQuery: vi.fn(async (..._args: unknown[]) => queryResult),
    grantToken: vi.fn(async (grantId: string) => ({
      token: 'eyJhbGciOiJFZERTQSJ9.grant.sig',
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      grantId,
      customerId: '1842',
      jwksUrl: 'https://access.example.com/.well-known/jwks.json',
    })),
  };
}

export function fakeHost(): HostAdapter & { postInternalComment: ReturnType<typeof vi.fn> } {
  return {
    kind: 'standalone',
    location: 'ticket_sidebar',
    currentUser: null,
    ticket: async () => ({
      id: '48271',
      subject: 'Refund not received',
      requester: null,
      assignee: null,
      customerId: '1842',
    }),
    onTicketSave: () => () => {},
    resize: () => {},
    postInternalComment: vi.fn(async () => {}),
  };
}

type SpiedHost = HostAdapter & { postInternalComment: ReturnType<typeof vi.fn> };

/**
 * The Jira issue panel's host over a stand-in for `@forge/bridge`: issue 48271 in context, its
 * customer from the `customer-1842` label, comments through the resolver's `postComment`.
 */
export async function fakeForgeHost(): Promise<SpiedHost> {
  const bridge: ForgeBridge = {
    view: { getContext: async () => ({ accountId: 'agent-ann', extension: { issue: { key: '48271', id: '10001' } } }) },
    invoke: vi.fn(async () => ({ ok: true, status: 201 })) as ForgeBridge['invoke'],
    requestJira: async () =>
      new Response(
        JSON.stringify({
          key: '48271',
          fields: {
            summary: 'Refund not received',
            labels: ['refund', 'customer-1842'],
            reporter: { accountId: 'maya', displayName: 'Maya Chen' },
          },
        }),
      ),
  };
  const host = await createForgeAdapter(bridge, 'ticket_sidebar');
  return Object.assign(host, { postInternalComment: vi.fn(host.postInternalComment) });
}

/** Each host the sidebar runs in; the component tests run once per host. */
export const HOSTS: Array<[string, () => SpiedHost | Promise<SpiedHost>]> = [
  ['zendesk-like', fakeHost],
  ['jira (forge)', fakeForgeHost],
];
let hostFactory: () => SpiedHost | Promise<SpiedHost> = fakeHost;
/** Picks the host `renderSidebar` uses by default (call in `beforeEach`). */
export function useHost(factory: () => SpiedHost | Promise<SpiedHost>): void {
  hostFactory = factory;
}

export function renderSidebar(
  api: ReturnType<typeof fakeApi>,
  hostOrPromise: SpiedHost | Promise<SpiedHost> = hostFactory(),
) {
  const connect = async () => hostOrPromise;
  const result = render(
    <ThemeProvider>
      <ApiProvider api={api as unknown as ApiClient}>
        <HostProvider connect={connect}>
          <SidebarApp />
        </HostProvider>
      </ApiProvider>
    </ThemeProvider>,
  );
  return { ...result, host: Promise.resolve(hostOrPromise) };
}
