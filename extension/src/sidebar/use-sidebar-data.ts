import { useEffect, useState } from 'react';
import { isApprover } from '../../../shared/grant-rules.js';
import type { Role } from '../../../shared/roles.js';
import type { Settings } from '../../../shared/settings.js';
import { useApi } from '../api/api-provider.js';
import type { HostTicket } from '../host/host-adapter.js';
import { useHost } from '../host/host-provider.js';
import { useAsync } from '../use-async.js';

export interface Viewer {
  id: string;
  role: Role | null;
  /** Named approver or on the after-hours rota (in the admin's settings). */
  isApprover: boolean;
}

export interface SidebarData {
  ticket: HostTicket;
  settings: Settings;
  viewer: Viewer;
}

/**
 * The ticket, the tenant's settings and who is looking. Identity comes from the server (`/v1/me`)
 * when it offers it; until then from the host's user, which in dev mode is the backend user id.
 */
export function useSidebarSetup(ticket: HostTicket | null | undefined) {
  const api = useApi();
  const host = useHost();
  return useAsync<SidebarData | null | undefined>(async () => {
    if (ticket === undefined) return undefined;
    if (!ticket) return null;
    const [settings, me] = await Promise.all([api.settings(), api.me()]);
    const id = me?.id ?? host.currentUser?.id ?? '';
    // The admin's choice of field decides the ticket's customer (Zendesk); other hosts keep theirs.
    const picked = host.ticketCustomer ? await host.ticketCustomer(settings.ticketCustomerField) : undefined;
    const withCustomer = picked === undefined ? ticket : { ...ticket, customerId: picked };
    return {
      ticket: withCustomer,
      settings,
      viewer: { id, role: me?.role ?? null, isApprover: isApprover(settings, id) },
    };
  }, [ticket]);
}

/** The ticket in view, straight from the host (no API call). */
export function useHostTicket() {
  const host = useHost();
  return useAsync(() => host.ticket(), [host]);
}

/** Every session on the ticket, newest first; polled, faster while one is open. */
export function useTicketSessions(ticketId: string | undefined) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const state = useAsync(
    () => (ticketId ? api.ticketSessions(ticketId) : Promise.resolve([])),
    [ticketId],
    open ? 5_000 : 15_000,
  );
  useEffect(() => setOpen(Boolean(state.data?.some((s) => s.open))), [state.data]);
  return state;
}
