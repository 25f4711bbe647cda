import { Anchor } from '@zendeskgarden/react-buttons';
import type { Grant } from '../../../shared/grants.js';

/** The ticket in Zendesk or Jira (the tenant's ticket URL), opened beside the console. */
export function TicketLink({ ticket }: { ticket: Grant['ticket'] }) {
  if (!ticket.url) return <span>#{ticket.id}</span>;
  return (
    <Anchor href={ticket.url} target="_blank" rel="noreferrer" isExternal externalIconLabel="(opens in a new tab)">
      #{ticket.id}
    </Anchor>
  );
}
