import type { HostLocation } from '../boot.js';
import type { HostAdapter, HostPerson } from './host-adapter.js';

/** The part of the ZAF SDK client this adapter uses. */
export interface ZafClient {
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  on(event: string, handler: (...args: unknown[]) => unknown): void;
  off(event: string, handler: (...args: unknown[]) => unknown): void;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: Record<string, unknown>): Promise<unknown>;
  context(): Promise<{ location?: string; ticketId?: number | string }>;
}

interface ZafUser {
  id?: number | string;
  name?: string;
  email?: string;
  externalId?: string | null;
  organizations?: Array<{ id?: number | string; externalId?: string | null }>;
}

const person = (u: ZafUser | null | undefined): HostPerson | null =>
  u && u.id !== undefined ? { id: String(u.id), name: u.name ?? null, email: u.email ?? null } : null;

let connecting: Promise<ZafClient> | null = null;

/**
 * Loads the ZAF SDK (only in Zendesk, so the standalone page never carries it) and waits for the
 * `app.registered` handshake before the UI renders. One client per frame: a second client would
 * answer every save hook on its own, without our guard, and let the save through.
 */
export function connectZaf(): Promise<ZafClient> {
  connecting ??= import('zendesk_app_framework_sdk').then(
    ({ default: ZAFClient }: { default: { init(cb?: () => void): ZafClient | false } }) =>
      new Promise<ZafClient>((resolve, reject) => {
        const client = ZAFClient.init(() => resolve(client as ZafClient));
        if (!client) reject(new Error('Not inside Zendesk: the page was opened without origin and app_guid'));
      }),
  );
  return connecting;
}

/**
 * The Zendesk host. The customer in scope comes from the field the admin picked in settings
 * (`ticketCustomer`): the requester's organisation external id (then the requester's own, the
 * default, since that is where Zendesk accounts usually keep the company's customer id), the
 * requester's external id, or a custom ticket field.
 */
export async function createZafAdapter(client: ZafClient, fallbackLocation: HostLocation): Promise<HostAdapter> {
  const context = await client.context();
  const location: HostLocation =
    context.location === 'nav_bar'
      ? 'nav_bar'
      : context.location === 'ticket_sidebar'
        ? 'ticket_sidebar'
        : fallbackLocation;
  const me = (await client.get('currentUser')).currentUser as ZafUser | undefined;
  return {
    kind: 'zendesk',
    location,
    currentUser: person(me),
    async ticket() {
      if (location !== 'ticket_sidebar') return null;
      const data = await client.get(['ticket.id', 'ticket.subject', 'ticket.requester', 'ticket.assignee.user']);
      const requester = data['ticket.requester'] as ZafUser | undefined;
      const org = requester?.organizations?.find((o) => o.externalId);
      return {
        id: String(data['ticket.id']),
        subject: (data['ticket.subject'] as string | undefined) ?? null,
        requester: person(requester),
        assignee: person(data['ticket.assignee.user'] as ZafUser | undefined),
        customerId: org?.externalId ?? requester?.externalId ?? null,
      };
    },
    async ticketCustomer(field) {
      if (location !== 'ticket_sidebar') return null;
      if (field.source === 'custom_field') {
        const path = `ticket.customField:custom_field_${field.customFieldId}`;
        const value = (await client.get(path))[path];
        return value === null || value === undefined || value === '' ? null : String(value);
      }
      const requester = (await client.get('ticket.requester'))['ticket.requester'] as ZafUser | undefined;
      if (field.source === 'requester_external_id') return requester?.externalId ?? null;
      return requester?.organizations?.find((o) => o.externalId)?.externalId ?? requester?.externalId ?? null;
    },
    onTicketSave(guard) {
      // An async handler blocks the save only by rejecting; the SDK sends the rejection's message
      // back to Zendesk, which shows it to the agent.
      const handler = async () => {
        const status = (await client.get('ticket.status'))['ticket.status'];
        await guard({ status: typeof status === 'string' ? status : null });
      };
      client.on('ticket.save', handler);
      return () => client.off('ticket.save', handler);
    },
    resize(height) {
      void client.invoke('resize', { width: '100%', height: `${Math.ceil(height)}px` });
    },
    async postInternalComment(ticketId, body) {
      await client.request({
        url: `/api/v2/tickets/${encodeURIComponent(ticketId)}.json`,
        type: 'PUT',
        contentType: 'application/json',
        data: JSON.stringify({ ticket: { comment: { body, public: false } } }),
      });
    },
  };
}
