import { describe, expect, it, vi } from 'vitest';
import { CONSOLE_PAGE, createApiClient } from './api-client.js';

const boot = { apiBase: '' };

describe('createApiClient: the console lists', () => {
  it('read a page of CONSOLE_PAGE rows, since the server pages its lists 50 at a time by default', async () => {
    const urls: string[] = [];
    const fetchImpl = vi.fn(async (url: string | URL | Request) => {
      urls.push(String(url));
      const body = String(url).startsWith('/v1/reviews')
        ? { items: [], nextCursor: null }
        : { sessions: [], nextCursor: null };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const api = createApiClient(boot, fetchImpl as typeof fetch);
    await api.flaggedReviews();
    await api.searchSessions({ ticketId: '48271' });
    await api.customerAccess('1842');
    await api.agentSessions('agent-ann');
    expect(urls).toEqual([
      `/v1/reviews?state=flagged&limit=${CONSOLE_PAGE}`,
      `/v1/grants?limit=${CONSOLE_PAGE}&ticketId=48271`,
      `/v1/customers/1842/access?limit=${CONSOLE_PAGE}`,
      `/v1/agents/agent-ann/grants?limit=${CONSOLE_PAGE}`,
    ]);
  });
});
