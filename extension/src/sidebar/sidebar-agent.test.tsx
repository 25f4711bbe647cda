// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HOSTS,
  useHost,
  fakeApi,
  REASON,
  renderSidebar,
  session,
  settings,
  viewEvent,
} from '../test-support/fixtures.js';

afterEach(cleanup);

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe.each(HOSTS)('in the %s host', (_host, factory) => {
  beforeEach(() => useHost(factory));

  describe('sidebar, agent: request', () => {
    it('pre-fills the ticket (read-only) and customer, and gives live reason feedback before submit', async () => {
      const api = fakeApi([]);
      renderSidebar(api);
      const form = await screen.findByRole('form', { name: 'Request access' });
      const ticket = within(form).getByDisplayValue('48271');
      expect(ticket).toHaveProperty('readOnly', true);
      expect(within(form).getByDisplayValue('1842')).toBeTruthy();
      const submit = within(form).getByRole('button', { name: 'Request access' });

      const reason = form.querySelector('textarea[name=reason]')!;
      fireEvent.change(reason, { target: { value: 'Troubleshooting' } });
      // Not on the first keystroke: the checker speaks when the agent pauses or leaves the field.
      expect(screen.queryByTestId('reason-feedback')).toBeNull();
      expect(submit).toHaveProperty('disabled', true);
      fireEvent.blur(reason);
      await waitFor(() =>
        expect(screen.getByTestId('reason-feedback').textContent).toMatch(
          /^Too vague: say what is wrong or what you will check/,
        ),
      );
      // The example is built from the request's own customer and system.
      expect(screen.getByTestId('reason-feedback').textContent).toContain('customer 1842');
      expect(screen.getByTestId('reason-feedback').textContent).toContain('in billing-db');

      fireEvent.change(reason, { target: { value: 'Billing keeps failing for this customer since last week' } });
      expect(screen.queryByTestId('reason-feedback')).toBeNull();
      await waitFor(
        () => expect(screen.getByTestId('reason-feedback').textContent).toMatch(/^Accepted, but borderline/),
        { timeout: 2_000 },
      );

      // Specific without an id: the customer in scope is the record.
      fireEvent.change(reason, {
        target: { value: 'verify whether the payment gateway returned a failure after the refund job ran' },
      });
      fireEvent.blur(reason);
      await waitFor(() => expect(screen.getByTestId('reason-feedback').textContent).toBe('Specific enough.'));
      expect(submit).toHaveProperty('disabled', false);

      fireEvent.change(reason, { target: { value: REASON } });
      fireEvent.blur(reason);
      await waitFor(() => expect(screen.getByTestId('reason-feedback').textContent).toBe('Specific enough.'));
      fireEvent.click(within(form).getByLabelText('I checked masked data, logs or a snapshot first'));
      fireEvent.click(submit);
      await waitFor(() => expect(api.createGrant).toHaveBeenCalled());
      expect(api.createGrant.mock.calls[0]).toEqual([
        {
          ticketId: '48271',
          reason: REASON,
          customerId: '1842',
          systems: ['billing-db'],
          access: 'read',
          durationMinutes: 30,
          maskedDataChecked: true,
          ticketSubject: 'Refund not received',
          ticketCustomerId: '1842',
        },
      ]);
    });

    it('asks for the stated need with write access, and warns that it is reviewed', async () => {
      renderSidebar(fakeApi([]));
      const form = await screen.findByRole('form', { name: 'Request access' });
      fireEvent.click(within(form).getByLabelText('Read and write'));
      expect(within(form).getByText('Write access is always flagged for review.')).toBeTruthy();
      expect(form.querySelector('textarea[name=writeNeed]')).not.toBeNull();
    });

    it('offers break-glass access with a justification and a clear warning', async () => {
      const api = fakeApi([]);
      renderSidebar(api);
      const form = await screen.findByRole('form', { name: 'Request access' });
      fireEvent.click(within(form).getByLabelText('Emergency: I need access now (break-glass)'));
      expect(within(form).getByText(/flagged and every emergency session is reviewed/)).toBeTruthy();
      fireEvent.change(form.querySelector('textarea[name=reason]')!, { target: { value: REASON } });
      const submit = within(form).getByRole('button', { name: 'Start emergency access' });
      expect(submit).toHaveProperty('disabled', true);
      fireEvent.change(form.querySelector('textarea[name=justification]')!, {
        target: { value: 'Payments outage, refunds failing for all customers' },
      });
      fireEvent.click(submit);
      await waitFor(() => expect(api.createGrant).toHaveBeenCalled());
      expect(api.createGrant.mock.calls[0]?.[0]).toMatchObject({
        emergency: { justification: 'Payments outage, refunds failing for all customers' },
      });
    });
  });

  describe('sidebar, agent: after the request', () => {
    it('pending: says who can approve, and can be withdrawn', async () => {
      const api = fakeApi([session({ status: 'pending' })]);
      renderSidebar(api);
      await screen.findByTestId('state-pending');
      expect(screen.getByText('Who can approve')).toBeTruthy();
      // By name, not by id (GET /v1/people).
      await waitFor(() => expect(screen.getByTestId('approvers').textContent).toBe('Lee Lead'));
      fireEvent.click(screen.getByRole('button', { name: 'Withdraw request' }));
      await waitFor(() => expect(api.cancel).toHaveBeenCalledWith('gr_1'));
    });

    it('pending outside business hours: names the after-hours rota', async () => {
      const closed = { ...settings, businessHours: { ...settings.businessHours, days: [] } };
      renderSidebar(fakeApi([session({ status: 'pending' })], 'agent-ann', closed));
      await screen.findByTestId('state-pending');
      expect(screen.getByText(/Outside business hours/)).toBeTruthy();
      await waitFor(() => expect(screen.getByTestId('approvers').textContent).toBe('Lee Lead, Ada Admin'));
    });

    it('pending outside business hours: the named approvers can approve too, as the server allows', async () => {
      const closed = {
        ...settings,
        approvers: ['lead-lee', 'lead-liv'],
        afterHoursApprovers: ['admin-ada'],
        businessHours: { ...settings.businessHours, days: [] },
      };
      renderSidebar(fakeApi([session({ status: 'pending' })], 'agent-ann', closed));
      await screen.findByTestId('state-pending');
      // lead-liv never signed in here: the id stands in for the unknown name.
      await waitFor(() => expect(screen.getByTestId('approvers').textContent).toBe('Lee Lead, lead-liv, Ada Admin'));
    });

    it('approved but the start window passed: says it lapsed, offers a new request, no Start button', async () => {
      const approved = session({
        status: 'approved',
        startBy: inMinutes(-1),
        decision: {
          outcome: 'approved',
          by: { id: 'lead-lee', name: 'Lee Lead' },
          at: new Date().toISOString(),
          note: null,
        },
      });
      renderSidebar(fakeApi([approved]));
      await screen.findByTestId('state-lapsed');
      expect(screen.getByTestId('state-lapsed').textContent).toMatch(
        /Approval lapsed.*Lee Lead approved your request at .*, but access was not started by .*, so it lapsed/,
      );
      expect(screen.queryByRole('button', { name: 'Start access' })).toBeNull();
      expect(screen.getByRole('form', { name: 'Request access' })).toBeTruthy();
    });

    it('approved: Start starts the clock', async () => {
      const approved = session({
        status: 'approved',
        startBy: inMinutes(60),
        decision: {
          outcome: 'approved',
          by: { id: 'lead-lee', name: 'Lee Lead' },
          at: new Date().toISOString(),
          note: 'read only',
        },
      });
      const api = fakeApi([approved]);
      renderSidebar(api);
      await screen.findByTestId('state-approved');
      expect(screen.getByText(/Approved by Lee Lead/)).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: 'Start access' }));
      await waitFor(() => expect(api.start).toHaveBeenCalledWith('gr_1'));
    });

    it('active: a countdown, what has been logged, and End posts the outcome as an internal comment', async () => {
      const viewed = [viewEvent('refund 9912', ['refund_status'])];
      const api = fakeApi([
        session({ status: 'active', startedAt: new Date().toISOString(), expiresAt: inMinutes(30), viewed }),
      ]);
      const host = await renderSidebar(api).host;
      await screen.findByTestId('state-active');
      expect(screen.getByTestId('countdown').textContent).toMatch(/^(29:5\d|30:00)$/);
      expect(within(screen.getByTestId('logged-events')).getByText(/refund 9912/)).toBeTruthy();

      const outcome = screen.getByRole('form', { name: 'Outcome' });
      const end = within(outcome).getByRole('button', { name: 'End access and record outcome' });
      expect(end).toHaveProperty('disabled', true);
      fireEvent.change(outcome.querySelector('textarea[name=summary]')!, {
        target: { value: 'Gateway declined with code 54' },
      });
      fireEvent.click(within(outcome).getByLabelText('I changed data'));
      expect(end).toHaveProperty('disabled', true); // says what was changed first
      fireEvent.change(outcome.querySelector('textarea[name=changes]')!, {
        target: { value: 'Re-queued refund 9912' },
      });
      api.ticketSessions.mockResolvedValue([
        session({ status: 'ended', open: false, endedAt: new Date().toISOString(), durationSeconds: 240 }),
      ]);
      fireEvent.click(end);
      await waitFor(() => expect(host.postInternalComment).toHaveBeenCalled());
      expect(api.end).toHaveBeenCalledWith('gr_1', {
        summary: 'Gateway declined with code 54',
        changedData: true,
        changes: 'Re-queued refund 9912',
        exposedBeyondScope: false,
      });
      const [ticketId, body] = host.postInternalComment.mock.calls[0] as [string, string];
      expect(ticketId).toBe('48271');
      expect(body).toContain('Gateway declined with code 54');
      expect(body).toContain('Changed data: yes — Re-queued refund 9912');
      await screen.findByTestId('state-ended');
    });

    it('shows expiry the moment the countdown reaches zero, without waiting for the server', async () => {
      const api = fakeApi([
        session({
          status: 'active',
          startedAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 1200).toISOString(),
        }),
      ]);
      renderSidebar(api);
      await screen.findByTestId('state-active');
      await screen.findByTestId('state-expired', {}, { timeout: 3000 });
      expect(api.ticketSessions).toHaveBeenCalledTimes(1); // no poll happened in between
      expect(screen.getByRole('button', { name: 'Record outcome' })).toBeTruthy();
    });

    it('a revoked session asks for the outcome and shows why', async () => {
      renderSidebar(
        fakeApi([
          session({
            status: 'revoked',
            open: false,
            endedAt: new Date().toISOString(),
            endNote: 'ticket closed by a trigger',
            endedBy: 'lead-lee',
            endedByName: 'Lee Lead',
          }),
        ]),
      );
      await screen.findByTestId('state-revoked');
      expect(screen.getByRole('heading', { name: 'Access revoked' })).toBeTruthy();
      const notice = screen.getByTestId('revoked-notice').textContent;
      expect(notice).toMatch(/Lee Lead revoked your access at /);
      expect(notice).toContain('Reason: “ticket closed by a trigger”');
      expect(notice).toMatch(/Record what you did/);
      expect(screen.getByRole('button', { name: 'Record outcome' })).toBeTruthy();
    });
  });
});
