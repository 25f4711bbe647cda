import { describe, expect, it, vi } from 'vitest';
import { BackendUnreachableError } from '../api/api-error.js';
import { createCloseGuard } from './close-guard.js';

const open = {
  canClose: false,
  openGrants: [{ id: 'gr_1', status: 'active' }],
  message: 'Ticket 48271 has open data access — gr_1 (active): end it with an outcome note.',
};

describe('the ticket.save close guard', () => {
  it('lets saves that do not solve or close through without asking the backend', async () => {
    const closeCheck = vi.fn();
    await expect(createCloseGuard({ closeCheck }, '48271')({ status: 'pending' })).resolves.toBeUndefined();
    expect(closeCheck).not.toHaveBeenCalled();
  });

  it('rejects a save to solved or closed while a grant is open, with the server message naming it', async () => {
    const guard = createCloseGuard({ closeCheck: vi.fn(async () => open) as never }, '48271');
    await expect(guard({ status: 'solved' })).rejects.toThrow(/gr_1 \(active\): end it/);
    await expect(guard({ status: 'closed' })).rejects.toThrow(/gr_1/);
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
