import { useEffect, useRef, type ReactNode } from 'react';
import { Dots } from '@zendeskgarden/react-loaders';
import { useApi } from '../api/api-provider.js';
import { createCloseGuard } from '../host/close-guard.js';
import { useHost } from '../host/host-provider.js';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Heading, Muted, Page, Section } from '../ui/layout.js';
import { ApproverPanel } from './approver-panel.js';
import { HistoryList } from './history-list.js';
import { MyAccess } from './my-access.js';
import { OpenAccessBanner } from './open-access-banner.js';
import { useNow } from './use-now.js';
import { useHostTicket, useSidebarSetup, useTicketSessions } from './use-sidebar-data.js';

const ts = scoped('ticket_sidebar');

/** Keeps the host frame as tall as the content (Zendesk sidebars do not grow on their own). */
function useAutoResize() {
  const host = useHost();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => host.resize(el.scrollHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, [host]);
  return ref;
}

/** The ticket sidebar: the agent's own access, requests to approve, and the ticket's history. */
export function SidebarApp() {
  const api = useApi();
  const host = useHost();
  // The ticket comes from the host at once, so settings, identity and history load in parallel.
  const ticket = useHostTicket();
  const setup = useSidebarSetup(ticket.data);
  const ticketId = ticket.data?.id;
  const sessions = useTicketSessions(ticketId);
  const now = useNow();
  const ref = useAutoResize();

  // Registered as soon as the ticket is known, whatever the sidebar is showing.
  useEffect(() => (ticketId ? host.onTicketSave(createCloseGuard(api, ticketId)) : undefined), [api, host, ticketId]);

  const list = sessions.data ?? [];
  const reload = () => void sessions.reload();

  let body: ReactNode;
  if (ticket.error || setup.error) body = <ErrorAlert error={ticket.error ?? setup.error} />;
  else if (
    ticket.data === undefined ||
    setup.data === undefined ||
    (ticketId && sessions.data === undefined && !sessions.error)
  )
    body = <Dots size={24} aria-label="loading" />;
  else if (!setup.data) body = <Muted>{ts('no_ticket')}</Muted>;
  else {
    const d = setup.data;
    const approving = d.viewer.isApprover || d.viewer.role === 'lead' || d.viewer.role === 'admin';
    const toDecide =
      approving && list.some((s) => (s.status === 'pending' || s.pendingExtension) && s.requester.id !== d.viewer.id);
    body = (
      <>
        {sessions.error ? <ErrorAlert error={sessions.error} /> : null}
        <OpenAccessBanner sessions={list} now={now} viewerId={d.viewer.id} />
        {approving && (
          <ApproverPanel sessions={list} viewerId={d.viewer.id} settings={d.settings} now={now} onChange={reload} />
        )}
        <Section>
          <MyAccess setup={d} sessions={list} now={now} reload={reload} collapsed={toDecide} />
        </Section>
        <HistoryList sessions={list} />
      </>
    );
  }
  return (
    <Page ref={ref} data-testid="sidebar">
      <Heading as="h1">{ts('title', { ticketId: ticketId ?? '' })}</Heading>
      {body}
    </Page>
  );
}
