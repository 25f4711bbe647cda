import { describe, expect, it, vi } from 'vitest';
import { session, settings } from '../test-support/fixtures.js';
import type { ApiClient } from './api-client.js';
import { withPreloadedReads } from './preloaded-api.js';

const liveApi = () =>
  ({
    settings: vi.fn(async () => ({ ...settings, systems: ['live'] })),
    me: vi.fn(async () => ({ tenant: 'demo', id: 'live', name: 'Live', email: '', role: 'agent' })),
    ticketSessions: vi.fn(async () => [session({ id: 'live' })]),
  }) as unknown as ApiClient & { [K in 'settings' | 'me' | 'ticketSessions']: ReturnType<typeof vi.fn> };

const preloaded = (ticketId = '48271') => ({
  settings: Promise.resolve(settings),
  me: Promise.resolve({ tenant: 'demo', id: 'agent-ann', name: 'Ann Agent', email: '', role: 'agent' as const }),
  ticketSessions: Promise.resolve({ ticketId, sessions: Promise.resolve([session({ id: 'early' })]) }),
});

describe('withPreloadedReads', () => {
  it('answers each first read from the early request, and later ones (polls, reloads) from the network', async () => {
    const live = liveApi();
    const api = withPreloadedReads(live, preloaded());
    expect(await api.settings()).toBe(settings);
    expect((await api.me())?.id).toBe('agent-ann');
    expect((await api.ticketSessions('48271'))[0]?.id).toBe('early');
    expect(live.settings).not.toHaveBeenCalled();
    expect(live.ticketSessions).not.toHaveBeenCalled();

    expect((await api.settings()).systems).toEqual(['live']);
    expect((await api.me())?.id).toBe('live');
    expect((await api.ticketSessions('48271'))[0]?.id).toBe('live');
  });

  it('never hands one ticket the sessions read for another', async () => {
    const live = liveApi();
    const api = withPreloadedReads(live, preloaded('48302'));
    expect((await api.ticketSessions('48271'))[0]?.id).toBe('live');
    expect(live.ticketSessions).toHaveBeenCalledWith('48271');
  });

  it('goes to the network when the early ticket lookup failed, but passes on a failed read itself', async () => {
    const live = liveApi();
    const failedLookup = { ...preloaded(), ticketSessions: Promise.reject(new Error('host gone')) };
    expect((await withPreloadedReads(live, failedLookup).ticketSessions('48271'))[0]?.id).toBe('live');

    const failedRead = { ...preloaded(), settings: Promise.reject(new Error('500')) };
    await expect(withPreloadedReads(liveApi(), failedRead).settings()).rejects.toThrow('500');
  });
});
