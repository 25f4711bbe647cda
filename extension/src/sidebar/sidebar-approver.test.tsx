// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOSTS, useHost, fakeApi, renderSidebar, session, viewEvent } from '../test-support/fixtures.js';

afterEach(cleanup);

describe.each(HOSTS)('in the %s host', (_host, factory) => {
  beforeEach(() => useHost(factory));

  describe('sidebar, approver', () => {
    it('shows the full pending request and approves with a note; deny needs a note', async () => {
      const api = fakeApi(
        [session({ status: 'pending', flags: [{ code: 'after_hours', reason: 'requested at 22:10', at: '' }] })],
        'lead-lee',
      );
      renderSidebar(api);
      const request = await screen.findByTestId('approval-gr_1');
      expect(
        within(request).getByText(/Ann Agent asks for read access to billing-db on customer 1842 for 30 min/),
      ).toBeTruthy();
      expect(within(request).getByText(/refund 9912/)).toBeTruthy();
      expect(within(request).getByText('Checked masked data first')).toBeTruthy();
      expect(within(request).getByTitle('requested at 22:10')).toBeTruthy();
      const deny = within(request).getByRole('button', { name: 'Deny' });
      expect(deny).toHaveProperty('disabled', true);
      fireEvent.change(request.querySelector('textarea[name=note]')!, { target: { value: 'read only' } });
      fireEvent.click(within(request).getByRole('button', { name: 'Approve' }));
      await waitFor(() => expect(api.approve).toHaveBeenCalledWith('gr_1', 'read only'));
      // An approver with something to decide sees the request form folded away.
      expect(screen.queryByRole('form', { name: 'Request access' })).toBeNull();
    });

    it('denies with the note', async () => {
      const api = fakeApi([session({ status: 'pending' })], 'lead-lee');
      renderSidebar(api);
      const request = await screen.findByTestId('approval-gr_1');
      fireEvent.change(request.querySelector('textarea[name=note]')!, { target: { value: 'use the masked replica' } });
      fireEvent.click(within(request).getByRole('button', { name: 'Deny' }));
      await waitFor(() => expect(api.deny).toHaveBeenCalledWith('gr_1', 'use the masked replica'));
    });

    it('cannot approve their own request', async () => {
      const own = session({
        status: 'pending',
        requester: { id: 'lead-lee', name: 'Lee Lead', email: 'lee@example.com' },
      });
      renderSidebar(fakeApi([own], 'lead-lee'));
      const request = await screen.findByTestId('approval-gr_1');
      expect(within(request).getByTestId('own-request').textContent).toContain('your own request');
      expect(within(request).queryByRole('button', { name: 'Approve' })).toBeNull();
    });

    it('agents who are not approvers see no approval panel', async () => {
      renderSidebar(
        fakeApi([
          session({ status: 'pending', requester: { id: 'agent-bob', name: 'Bob Agent', email: 'bob@example.com' } }),
        ]),
      );
      await screen.findByTestId('history');
      expect(screen.queryByTestId('approver-panel')).toBeNull();
    });
  });

  describe('sidebar, history', () => {
    it('lists every session with who, approver, reason, what was viewed, start, end, duration and flags', async () => {
      const ended = session({
        id: 'gr_9',
        status: 'ended',
        open: false,
        decision: {
          outcome: 'approved',
          by: { id: 'lead-lee', name: 'Lee Lead' },
          at: '2026-11-23T10:01:00Z',
          note: null,
        },
        startedAt: '2026-11-23T10:02:00Z',
        endedAt: '2026-11-23T10:06:00Z',
        durationSeconds: 240,
        flags: [{ code: 'write_access', reason: 'write access requested', at: '2026-11-23T10:00:00Z' }],
        viewed: [viewEvent('refund 9912', ['gateway_response_code'])],
      });
      renderSidebar(fakeApi([ended]));
      const card = await screen.findByTestId('session-gr_9');
      for (const text of [
        'Ann Agent',
        'Lee Lead',
        'view refund 9912 (gateway_response_code)',
        '4m 0s',
        'Write access',
        'Ended',
      ]) {
        expect(within(card).getByText(text, { exact: false })).toBeTruthy();
      }
    });

    it('says so when the ticket has no sessions', async () => {
      renderSidebar(fakeApi([]));
      expect(await screen.findByText('No access sessions on this ticket yet.')).toBeTruthy();
    });
  });
});
