// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessEvent } from '../../../shared/grants.js';
import { ApiError } from '../api/api-error.js';
import { HOSTS, useHost, fakeApi, renderSidebar, session } from '../test-support/fixtures.js';

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(navigator, 'clipboard');
});

const active = (systems = ['billing-db'], viewed: AccessEvent[] = []) =>
  session({
    status: 'active',
    systems,
    startedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    viewed,
  });

const queryEvent = {
  id: 77,
  kind: 'query',
  target: 'refund-with-gateway-response',
  fields: ['refund_id', 'status', 'email'],
  recordCount: 2,
  queryName: 'refund-with-gateway-response',
  occurredAt: new Date().toISOString(),
  actorId: 'agent-ann',
  accepted: true,
} as AccessEvent;

describe.each(HOSTS)('in the %s host', (_host, factory) => {
  beforeEach(() => useHost(factory));

  describe('sidebar, agent: saved queries during an active session', () => {
    it("lists only the queries for the grant's systems, with the customer fixed to the grant's", async () => {
      renderSidebar(fakeApi([active(['billing-db'])]));
      // The first lazy import of the query panel is transformed on the spot: give it time on a busy machine.
      const form = await screen.findByRole('form', { name: 'Saved queries' }, { timeout: 15_000 });
      const options = within(within(form).getByLabelText('Query')).getAllByRole('option');
      expect(options.map((o) => o.textContent)).toEqual(['Refund with gateway response (billing-db)']);
      expect(within(form).getByTestId('query-customer').textContent).toBe('Customer 1842 (from the grant)');
      expect(form.querySelector('[name=customer_id]')).toBeNull();
      cleanup();

      renderSidebar(fakeApi([active(['billing-db', 'payments-gateway'])]));
      const both = await screen.findByRole('form', { name: 'Saved queries' });
      expect(within(within(both).getByLabelText('Query')).getAllByRole('option')).toHaveLength(2);
      cleanup();

      renderSidebar(fakeApi([active(['crm'])]));
      // The panel shows "Loading…" first; wait for the answer, not just the element.
      await waitFor(() =>
        expect(screen.getByTestId('saved-queries').textContent).toContain(
          'No saved queries for the systems in this grant (crm).',
        ),
      );
    });

    it('runs with the parameters (never the customer), shows rows with masked columns marked, and refreshes what was logged', async () => {
      const api = fakeApi([active()]);
      renderSidebar(api);
      const form = await screen.findByRole('form', { name: 'Saved queries' });
      const run = within(form).getByRole('button', { name: 'Run query' });
      expect(run).toHaveProperty('disabled', true); // refund_id is required
      fireEvent.change(form.querySelector('input[name=refund_id]')!, { target: { value: '9912' } });
      api.ticketSessions.mockResolvedValue([active(['billing-db'], [queryEvent])]);
      fireEvent.click(run);

      const result = await screen.findByTestId('query-result');
      expect(api.runQuery).toHaveBeenCalledWith('gr_1', 'refund-with-gateway-response', { refund_id: 9912 });
      expect(result.textContent).toContain('2 rows (truncated)');
      const headers = within(result).getAllByRole('columnheader');
      expect(headers.map((h) => h.textContent?.trim())).toEqual(['Refund id', 'Status', 'Email masked']);
      // Wider results scroll in their own box (the first column sticks, see the browser test).
      expect(within(result).getByTestId('result-scroll')).toBeTruthy();
      expect(within(result).getByText('failed')).toBeTruthy();
      expect(within(result).getByText('a•••@example.com')).toBeTruthy();

      // The run is recorded server-side as a `query` event: "Logged so far" shows it after the reload.
      await waitFor(() =>
        expect(within(screen.getByTestId('logged-events')).getByText(/refund-with-gateway-response/)).toBeTruthy(),
      );
      expect(api.ticketSessions).toHaveBeenCalledTimes(2);
    });

    it("shows the server's message when the run is refused", async () => {
      const api = fakeApi([active()]);
      api.runQuery.mockRejectedValue(
        new ApiError(403, 'scope_violation', 'Rows for customer 2001 are outside grant gr_1 (customer 1842)'),
      );
      renderSidebar(api);
      const form = await screen.findByRole('form', { name: 'Saved queries' });
      fireEvent.change(form.querySelector('input[name=refund_id]')!, { target: { value: '9912' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Run query' }));
      const alert = await within(form).findByRole('alert');
      expect(alert.textContent).toContain('Rows for customer 2001 are outside grant gr_1 (customer 1842)');
      expect(within(form).queryByTestId('query-result')).toBeNull();
    });

    it('gives a token for internal tools, read-only and copyable', async () => {
      const writeText = vi.fn(async () => {});
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      const api = fakeApi([active()]);
      renderSidebar(api);
      await screen.findByTestId('state-active');
      fireEvent.click(screen.getByRole('button', { name: 'Token for internal tools' }));

      const panel = screen.getByTestId('grant-token');
      const input = await within(panel).findByDisplayValue('eyJhbGciOiJFZERTQSJ9.grant.sig');
      expect(api.grantToken).toHaveBeenCalledWith('gr_1');
      expect(input).toHaveProperty('readOnly', true);
      expect(panel.textContent).toContain('Authorization: Bearer');
      // Today: "Expires at 14:05"; past midnight the day is named too ("Expires at 2 Dec, 00:05").
      expect(panel.textContent).toMatch(/Expires at (\d{1,2} [A-Z][a-z]{2},? )?\d\d:\d\d/);
      fireEvent.click(within(panel).getByRole('button', { name: 'Copy' }));
      await within(panel).findByRole('button', { name: 'Copied' });
      expect(writeText).toHaveBeenCalledWith('eyJhbGciOiJFZERTQSJ9.grant.sig');
    });
  });
});
