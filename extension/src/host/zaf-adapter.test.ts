import { describe, expect, it } from 'vitest';
import { createZafAdapter, type ZafClient } from './zaf-adapter.js';

/** A ZAF client over a fixed ticket: the requester with an external id and an organisation, one custom field. */
function client(values: Record<string, unknown>): ZafClient {
  return {
    context: async () => ({ location: 'ticket_sidebar', ticketId: 48271 }),
    get: async (paths) => {
      const list = Array.isArray(paths) ? paths : [paths];
      return Object.fromEntries(list.map((p) => [p, values[p]]));
    },
    on: () => {},
    off: () => {},
    invoke: async () => undefined,
    request: async () => undefined,
  };
}

const requester = { id: 7, name: 'Maya Chen', externalId: 'person-77', organizations: [{ id: 3, externalId: '1842' }] };

describe('the Zendesk host adapter: the ticket’s customer from the field the admin picks', () => {
  it('reads the organisation’s external id, the requester’s, or a custom ticket field', async () => {
    const host = await createZafAdapter(
      client({
        currentUser: { id: 1, name: 'Ann' },
        'ticket.requester': requester,
        'ticket.customField:custom_field_360001': 'ACME-9',
      }),
      'ticket_sidebar',
    );
    expect(await host.ticketCustomer?.({ source: 'organization_external_id', customFieldId: null })).toBe('1842');
    expect(await host.ticketCustomer?.({ source: 'requester_external_id', customFieldId: null })).toBe('person-77');
    expect(await host.ticketCustomer?.({ source: 'custom_field', customFieldId: 360001 })).toBe('ACME-9');
    expect(await host.ticketCustomer?.({ source: 'custom_field', customFieldId: 42 })).toBeNull();
  });

  it('falls back to the requester’s external id when the organisation has none (the default source)', async () => {
    const host = await createZafAdapter(
      client({ currentUser: { id: 1 }, 'ticket.requester': { ...requester, organizations: [] } }),
      'ticket_sidebar',
    );
    expect(await host.ticketCustomer?.({ source: 'organization_external_id', customFieldId: null })).toBe('person-77');
  });
});
