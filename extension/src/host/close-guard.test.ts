import { describe, expect, it, vi } from 'vitest';
import { BackendUnreachableError } from '../api/api-error.js';
import { createCloseGuard } from './close-guard.js';

const inTen = new Date(Date.now() + 10 * 60_000);
const until = inTen.toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit' });
const open = {
  canClose: false,
  openGrants: [
    { id: 'gr_1', status: 'active', requester: { id: 'agent-ann', name: 'Ann Agent' }, expiresAt: inTen.toISOString() },
    { id: 'gr_2', status: 'pending', requester: { id: 'agent-bob', name: 'Bob Agent' }, expiresAt: null },
  ],
  message: 'Ticket 48271 cannot be solved while data access is open: …',
};

describe('the ticket.save close guard', () => {
  it('lets saves that do not solve or close through without asking the backend', async () => {
    const closeCheck = vi.fn();
    await expect(createCloseGuard({ closeCheck }, '48271')({ status: 'pending' })).resolves.toBeUndefined();
    expect(closeCheck).not.toHaveBeenCalled();
  });

  it('rejects a save to solved or closed while a grant is open, naming each by person and state, not by id', async () => {
    const guard = createCloseGuard({ closeCheck: vi.fn(async () => open) as never }, '48271');
    const error = await guard({ status: 'solved' }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'This ticket cannot be solved or closed while data access is open: ' +
        `Ann Agent's access is active until ${until} — end it to solve the ticket. ` +
        "Bob Agent's request is waiting for approval — withdraw it or have it denied to solve the ticket.",
    );
    expect((error as Error).message).not.toContain('gr_');
    await expect(guard({ status: 'closed' })).rejects.toThrow(/Ann Agent's access/);
  });

  it('allows the save when nothing is open', async () => {
    const guard = createCloseGuard(
      { closeCheck: vi.fn(async () => ({ canClose: true, openGrants: [], message: '' })) as never },
      '48271',
    );
    await expect(guard({ status: 'solved' })).resolves.toBeUndefined();
  });

  it('fails closed when the backend does not answer, asking with a short timeout', async () => {
    const closeCheck = vi.fn(async () => {
      throw new BackendUnreachableError('No answer within 4 s');
    });
    await expect(createCloseGuard({ closeCheck }, '48271', 4000)({ status: 'solved' })).rejects.toThrow(
      /could not confirm .* within 4 seconds/,
    );
    expect(closeCheck).toHaveBeenCalledWith('48271', 4000);
  });
});
