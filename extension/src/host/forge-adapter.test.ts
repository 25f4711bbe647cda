import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/api-client.js';
import { createForgeAdapter, customerFromLabels, forgeFetch, type ForgeBridge } from './forge-adapter.js';

describe('the Forge host adapter', () => {
  it('reads the customer in scope from a customer-<id> label', () => {
    expect(customerFromLabels(['refund', 'customer-1842'])).toBe('1842');
    expect(customerFromLabels(['Customer:ACME-7'])).toBe('ACME-7');
    expect(customerFromLabels(['refund'])).toBeNull();
  });

  it("sends the API client's calls through the resolver and hands back its answers, errors included", async () => {
    const invoke = vi.fn(async (_key: string, payload?: Record<string, unknown>) =>
      payload?.path === '/v1/me'
        ? { status: 200, body: { user: { id: 'acc-1', name: 'Jo', role: 'agent' } } }
        : { status: 409, body: { error: { code: 'grant_already_open', message: 'You already have an open grant' } } },
    );
    const api = createApiClient({ apiBase: '' }, forgeFetch({ invoke } as unknown as ForgeBridge));
    expect(await api.me()).toEqual({ id: 'acc-1', name: 'Jo', role: 'agent' });
    await expect(
      api.createGrant({ ticketId: 'SUP-1', reason: 'x', customerId: '1', systems: ['a'] }),
    ).rejects.toMatchObject({ status: 409, code: 'grant_already_open' });
    expect(invoke).toHaveBeenLastCalledWith('api', {
      method: 'POST',
      path: '/v1/grants',
      body: { ticketId: 'SUP-1', reason: 'x', customerId: '1', systems: ['a'] },
    });
  });

  it('refuses to run outside an issue, and reports a comment Jira did not take', async () => {
    const bridge = (issue?: { key: string }): ForgeBridge => ({
      view: { getContext: async () => ({ extension: issue ? { issue } : {} }) },
      invoke: vi.fn(async () => ({ ok: false, status: 403 })) as ForgeBridge['invoke'],
      requestJira: async () => new Response('{}', { status: 404 }),
    });
    await expect(createForgeAdapter(bridge(), 'ticket_sidebar')).rejects.toThrow(/issue panel/);
    const host = await createForgeAdapter(bridge({ key: 'SUP-3' }), 'ticket_sidebar');
    expect(await host.ticket()).toMatchObject({ id: 'SUP-3', customerId: null });
    await expect(host.postInternalComment('SUP-3', 'Outcome')).rejects.toThrow(/HTTP 403/);
  });
});
