import type { HostLocation } from '../boot.js';
import type { Settings } from '../../../shared/settings.js';

/** Where the admin says the ticket's customer is (settings.ticketCustomerField). */
export type TicketCustomerField = Settings['ticketCustomerField'];

export interface HostPerson {
  id: string;
  name: string | null;
  email: string | null;
}

export interface HostTicket {
  id: string;
  subject: string | null;
  requester: HostPerson | null;
  assignee: HostPerson | null;
  /** A customer or account id known from the requester (e.g. an organisation external id). */
  customerId: string | null;
}

/** What a save looks like to the close guard: the status the ticket is being saved with. */
export interface TicketSave {
  status: string | null;
}

/**
 * Everything the UI needs from the surrounding helpdesk. Components use only this, so the same
 * sidebar runs inside Zendesk (ZAF), in Jira later, and standalone for the demo.
 */
export interface HostAdapter {
  kind: 'zendesk' | 'jira' | 'standalone';
  location: HostLocation;
  currentUser: HostPerson | null;
  /** The ticket in view (sidebar only). */
  ticket(): Promise<HostTicket | null>;
  /**
   * The ticket's customer from the field the admin picked (Zendesk); hosts with one fixed rule
   * (Jira's label, the demo) leave it out and `HostTicket.customerId` stands.
   */
  ticketCustomer?(field: TicketCustomerField): Promise<string | null>;
  /**
   * Runs `guard` before each save; a rejection blocks the save and shows its message.
   * Returns a function that removes the guard.
   */
  onTicketSave(guard: (save: TicketSave) => Promise<void>): () => void;
  /** Fit the host frame to the content. */
  resize(height: number): void;
  /** Post an internal (private) comment on the ticket. */
  postInternalComment(ticketId: string, body: string): Promise<void>;
}
