import type { HostLocation } from '../boot.js';
import type { HostAdapter, HostTicket } from './host-adapter.js';

export interface StandaloneOptions {
  location: HostLocation;
  devUser?: string;
  /** Query string of the page, e.g. `?ticket=48271`. */
  search?: string;
}

/** The demo tenant's tickets and their customers (server/demo/seed.ts), so every demo ticket pre-fills. */
const DEMO_TICKET_CUSTOMERS: Record<string, string> = { '48271': '1842', '48302': '2207', '48315': '3120' };

/**
 * The demo and development host: the ticket comes from `?ticket=` (default 48271, the seed case),
 * saves never happen, and "internal comments" are kept in memory so the page can show them.
 *
 * @example const host = createStandaloneAdapter({ location: 'ticket_sidebar', search: '?ticket=48271' });
 */
export function createStandaloneAdapter(options: StandaloneOptions): HostAdapter & { comments: string[] } {
  const params = new URLSearchParams(options.search ?? '');
  const ticketId = params.get('ticket') ?? '48271';
  const customerId = params.get('customer');
  const comments: string[] = [];
  const ticket: HostTicket = {
    id: ticketId,
    subject: null,
    requester: null,
    assignee: options.devUser ? { id: options.devUser, name: null, email: null } : null,
    customerId: customerId ?? DEMO_TICKET_CUSTOMERS[ticketId] ?? null,
  };
  return {
    kind: 'standalone',
    location: options.location,
    currentUser: options.devUser ? { id: options.devUser, name: null, email: null } : null,
    ticket: async () => ticket,
    onTicketSave: () => () => {},
    resize: () => {},
    comments,
    async postInternalComment(_ticketId, body) {
      comments.push(body);
    },
  };
}
