// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { fakeApi, fakeHost, queryResult, renderSidebar, REASON, session, settings } from '../test-support/fixtures.js';

afterEach(cleanup);

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const hhmm = (iso: string) => new Date(iso).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit' });
const lee = { id: 'lead-lee', name: 'Lee Lead' };
const active = (overrides: Parameters<typeof session>[0] = {}) =>
  session({ status: 'active', startedAt: inMinutes(-10), expiresAt: inMinutes(20), ...overrides });

describe('sidebar states explain themselves', () => {
  it('denied: who denied, when, their note, and what to do next — above a fresh request form', async () => {
    const at = inMinutes(-3);
    renderSidebar(
      fakeApi([
        session({
          status: 'denied',
          open: false,
          decision: { outcome: 'denied', by: lee, at, note: 'Use the replica' },
        }),
      ]),
    );
    const notice = await screen.findByTestId('state-denied');
    expect(notice.textContent).toContain(`Lee Lead denied your request at ${hhmm(at)}.`);
    expect(notice.textContent).toContain('Their note: “Use the replica”');
    expect(notice.textContent).toContain('request again below');
    expect(screen.getByRole('form', { name: 'Request access' })).toBeTruthy();
  });

  it('withdrawn: confirms the withdrawal with its time', async () => {
    const at = inMinutes(-1);
    renderSidebar(fakeApi([session({ status: 'cancelled', open: false, cancelledAt: at })]));
    expect((await screen.findByTestId('state-cancelled')).textContent).toContain(
      `withdrew your request at ${hhmm(at)}`,
    );
  });

  it('emergency: marked as such while it runs, with the justification and the review to come', async () => {
    const justification = 'Payments outage, refunds failing for all customers';
    renderSidebar(
      fakeApi([
        active({ emergency: { justification }, flags: [{ code: 'emergency', reason: 'break-glass', at: '' }] }),
      ]),
    );
    const banner = await screen.findByTestId('emergency-running');
    expect(banner.textContent).toContain('Emergency access — started without approval');
    expect(banner.textContent).toContain(justification);
    expect(banner.textContent).toContain('A lead reviews this session afterwards');
  });

  it('a normal session is not marked as an emergency and does not warn while time is left', async () => {
    renderSidebar(fakeApi([active()]));
    await screen.findByTestId('state-active');
    expect(screen.queryByTestId('emergency-running')).toBeNull();
    expect(screen.queryByTestId('ends-soon')).toBeNull();
    expect(screen.getByTestId('state-active').dataset.endsSoon).toBeUndefined();
    // The outcome's radio group is named by its question, not by one of its options.
    const group = screen.getByRole('group', { name: 'Did you change data?' });
    expect(within(group).getByLabelText('I changed nothing')).toBeTruthy();
  });
});

describe('the countdown and extending', () => {
  it('warns in the last five minutes (colour and text) and offers Extend; needs approval by default', async () => {
    const api = fakeApi([active({ expiresAt: inMinutes(4) })]);
    renderSidebar(api);
    const warning = await screen.findByTestId('ends-soon');
    expect(warning.textContent).toContain('Less than 5 minutes left');
    expect(screen.getByTestId('state-active').dataset.endsSoon).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Extend' }));
    const form = screen.getByRole('form', { name: 'Extend access' });
    // 30 of a 240-minute maximum: every step fits; 15 is offered first.
    const options = within(within(form).getByLabelText('More time')).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      '5 more min',
      '10 more min',
      '15 more min',
      '30 more min',
      '60 more min',
    ]);
    expect(within(form).getByTestId('extend-plan').textContent).toMatch(/An approver must approve it/);
    const submit = within(form).getByRole('button', { name: 'Ask for more time' });
    expect(submit).toHaveProperty('disabled', true); // a reason first
    fireEvent.change(form.querySelector('textarea[name=extendReason]')!, { target: { value: 'Export still running' } });
    fireEvent.click(submit);
    await waitFor(() => expect(api.extend).toHaveBeenCalledWith('gr_1', 15, 'Export still running'));
  });

  it('says an extension within the admin’s limit applies at once', async () => {
    renderSidebar(fakeApi([active()], 'agent-ann', { ...settings, selfExtendMaxMinutes: 15 }));
    await screen.findByTestId('state-active');
    fireEvent.click(screen.getByRole('button', { name: 'Extend' }));
    expect(screen.getByTestId('extend-plan').textContent).toBe(
      'Applies at once (your admin allows up to 15 min without approval).',
    );
    expect(screen.getByRole('button', { name: 'Extend now' })).toBeTruthy();
  });

  it('offers no more than the maximum total, and says so when none is left', async () => {
    renderSidebar(fakeApi([active({ durationMinutes: 60 })], 'agent-ann', { ...settings, maxDurationMinutes: 60 }));
    expect((await screen.findByTestId('extension-max')).textContent).toContain('maximum of 60 min');
    expect(screen.queryByRole('button', { name: 'Extend' })).toBeNull();
  });

  it('shows a pending extension, and who denied the last one and why', async () => {
    const requestedAt = inMinutes(-1);
    renderSidebar(fakeApi([active({ pendingExtension: { minutes: 15, reason: 'x', requestedAt } })]));
    expect((await screen.findByTestId('extension-pending')).textContent).toBe(
      `Waiting for an approver to add 15 min (asked ${hhmm(requestedAt)}).`,
    );
    cleanup();
    const decidedAt = inMinutes(-1);
    const denied = {
      minutes: 30,
      reason: 'x',
      requestedAt: decidedAt,
      outcome: 'denied' as const,
      decidedAt,
      by: lee,
      note: 'Wrap up now',
      expiresAt: inMinutes(20),
    };
    renderSidebar(fakeApi([active({ extensions: [denied] })]));
    expect((await screen.findByTestId('extension-denied')).textContent).toBe(
      `Lee Lead denied 30 more min at ${hhmm(decidedAt)}: “Wrap up now”. Finish within the time left.`,
    );
  });
});

describe('the banner while the ticket has open grants', () => {
  it('names each open grant by person and state, with the action that ends it', async () => {
    const until = inMinutes(20);
    renderSidebar(
      fakeApi([
        active({ expiresAt: until }),
        session({ id: 'gr_2', status: 'pending', requester: { id: 'agent-bob', name: 'Bob Agent', email: '' } }),
        session({ id: 'gr_3', status: 'ended', open: false }),
      ]),
    );
    const banner = await screen.findByTestId('open-access-banner');
    const items = within(banner)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      `Your access is active until ${hhmm(until)} — end it to solve the ticket`,
      "Bob Agent's request is waiting for approval — withdraw it or have it denied to solve the ticket",
    ]);
  });

  it('is not there when nothing is open', async () => {
    renderSidebar(fakeApi([session({ status: 'ended', open: false })]));
    await screen.findByTestId('history');
    expect(screen.queryByTestId('open-access-banner')).toBeNull();
  });
});

describe('the request form', () => {
  it('pre-fills the customer from the field the admin picked in settings', async () => {
    const field = { source: 'custom_field' as const, customFieldId: 360001 };
    const host = Object.assign(fakeHost(), {
      ticketCustomer: vi.fn(async (f: typeof field) => (f.customFieldId === 360001 ? 'ACME-9' : null)),
    });
    renderSidebar(fakeApi([], 'agent-ann', { ...settings, ticketCustomerField: field }), host);
    const form = await screen.findByRole('form', { name: 'Request access' });
    expect((form.querySelector('input[name=customerId]') as HTMLInputElement).value).toBe('ACME-9');
    expect(host.ticketCustomer).toHaveBeenCalledWith(field);
  });

  it('warns when the customer is not the ticket’s, and sends the ticket’s customer for the flag', async () => {
    const api = fakeApi([]);
    renderSidebar(api);
    const form = await screen.findByRole('form', { name: 'Request access' });
    expect(screen.queryByTestId('customer-mismatch')).toBeNull();
    fireEvent.change(form.querySelector('input[name=customerId]')!, { target: { value: '2207' } });
    expect(screen.getByTestId('customer-mismatch').textContent).toContain('This ticket belongs to customer 1842');
    fireEvent.change(form.querySelector('textarea[name=reason]')!, { target: { value: REASON } });
    fireEvent.blur(form.querySelector('textarea[name=reason]')!);
    await waitFor(() =>
      expect(within(form).getByRole('button', { name: 'Request access' })).toHaveProperty('disabled', false),
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Request access' }));
    await waitFor(() => expect(api.createGrant).toHaveBeenCalled());
    expect(api.createGrant.mock.calls[0]?.[0]).toMatchObject({ customerId: '2207', ticketCustomerId: '1842' });
  });

  it('offers the sensitive columns of the chosen systems’ saved queries to unmask, and sends the picks', async () => {
    const api = fakeApi([]);
    renderSidebar(api);
    const picker = await screen.findByTestId('unmask-fields');
    expect(
      within(picker)
        .getAllByRole('checkbox')
        .map((c) => (c as HTMLInputElement).value),
    ).toEqual(['contact_name', 'email']);
    fireEvent.click(within(picker).getByLabelText('email'));
    const form = screen.getByRole('form', { name: 'Request access' });
    fireEvent.change(form.querySelector('textarea[name=reason]')!, { target: { value: REASON } });
    fireEvent.blur(form.querySelector('textarea[name=reason]')!);
    await waitFor(() =>
      expect(within(form).getByRole('button', { name: 'Request access' })).toHaveProperty('disabled', false),
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Request access' }));
    await waitFor(() => expect(api.createGrant).toHaveBeenCalled());
    expect(api.createGrant.mock.calls[0]?.[0]).toMatchObject({ unmaskFields: ['email'] });
  });

  it('after a 409 (the same request from another tab) reloads and shows the request that exists', async () => {
    const api = fakeApi([]);
    api.createGrant.mockRejectedValue(new ApiError(409, 'grant_already_open', 'You already have an open grant'));
    renderSidebar(api);
    const form = await screen.findByRole('form', { name: 'Request access' });
    fireEvent.change(form.querySelector('textarea[name=reason]')!, { target: { value: REASON } });
    fireEvent.blur(form.querySelector('textarea[name=reason]')!);
    await waitFor(() =>
      expect(within(form).getByRole('button', { name: 'Request access' })).toHaveProperty('disabled', false),
    );
    api.ticketSessions.mockResolvedValue([session({ status: 'pending' })]);
    fireEvent.click(within(form).getByRole('button', { name: 'Request access' }));
    await screen.findByTestId('state-pending');
    expect(screen.getByTestId(`session-gr_1`)).toBeTruthy(); // the history is not empty either
  });
});

describe('the approver', () => {
  it('confirms an approval with who and when, and the request leaves the panel', async () => {
    const api = fakeApi([session({ status: 'pending' })], 'lead-lee');
    renderSidebar(api);
    const request = await screen.findByTestId('approval-gr_1');
    api.ticketSessions.mockResolvedValue([session({ status: 'approved' })]);
    fireEvent.click(within(request).getByRole('button', { name: 'Approve' }));
    const confirmation = await screen.findByTestId('approver-confirmation');
    expect(confirmation.textContent).toMatch(
      /^You approved Ann Agent's request at \d\d:\d\d\. They can start it within 60 min\.$/,
    );
    await waitFor(() => expect(screen.queryByTestId('approval-gr_1')).toBeNull());
  });

  it('decides a pending extension, never their own', async () => {
    const pending = { minutes: 15, reason: 'Export still running', requestedAt: inMinutes(-1) };
    const api = fakeApi([active({ pendingExtension: pending })], 'lead-lee');
    renderSidebar(api);
    const ext = await screen.findByTestId('extension-gr_1');
    expect(ext.textContent).toContain('Ann Agent asks for 15 more min on their active session');
    expect(ext.textContent).toContain('Export still running');
    fireEvent.change(ext.querySelector('textarea[name=note]')!, { target: { value: 'Wrap up now' } });
    fireEvent.click(within(ext).getByRole('button', { name: 'Deny extension' }));
    await waitFor(() => expect(api.denyExtension).toHaveBeenCalledWith('gr_1', 'Wrap up now'));
    expect((await screen.findByTestId('approver-confirmation')).textContent).toMatch(
      /You denied Ann Agent's extension/,
    );
  });

  it('warns about another customer than the ticket’s, and about emergency access running', async () => {
    const flag = { code: 'customer_mismatch' as const, reason: 'Customer 2207 was requested, but …', at: '' };
    renderSidebar(
      fakeApi(
        [
          session({ status: 'pending', customerId: '2207', flags: [flag] }),
          active({
            id: 'gr_2',
            requester: { id: 'agent-bob', name: 'Bob Agent', email: '' },
            emergency: { justification: 'Outage' },
          }),
        ],
        'lead-lee',
      ),
    );
    expect((await screen.findByTestId('approver-mismatch')).textContent).toContain('Customer 2207 was requested');
    expect(screen.getByTestId('emergency-gr_2').textContent).toMatch(/Bob Agent is using emergency access/);
  });
});

describe('query results at sidebar width', () => {
  it('shows one row as a field/value card with masked fields tagged and values formatted', async () => {
    const api = fakeApi([active()]);
    api.runQuery.mockResolvedValue({
      ...queryResult,
      columns: ['refund_id', 'amount_cents', 'currency', 'processed_at', 'gateway_response_code', 'email'],
      rows: [
        {
          refund_id: 9912,
          amount_cents: 12_900,
          currency: 'EUR',
          processed_at: '2026-11-20T09:14:00.000Z',
          gateway_response_code: '54',
          email: 'm***@northwind.example',
        },
      ],
      rowCount: 1,
      truncated: false,
    });
    renderSidebar(api);
    const form = await screen.findByRole('form', { name: 'Saved queries' }, { timeout: 15_000 });
    // Parameters carry the saved query's labels.
    expect(within(form).getByLabelText(/Refund number/)).toBeTruthy();
    fireEvent.change(form.querySelector('input[name=refund_id]')!, { target: { value: '9912' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Run query' }));
    const card = await screen.findByTestId('result-card');
    expect(screen.getByTestId('row-count').textContent).toBe('1 row');
    const pairs = [...card.querySelectorAll('dt')].map((dt) => [
      dt.textContent?.trim(),
      dt.nextElementSibling?.textContent,
    ]);
    expect(pairs).toEqual([
      ['Refund id', '9912'],
      ['Amount', '€129.00'],
      ['Currency', 'EUR'],
      ['Processed at', expect.stringMatching(/^20 Nov 2026, \d\d:14$/)],
      ['Gateway response code', '54'],
      ['Email masked', 'm***@northwind.example'],
    ]);
    expect(card.querySelector('dd code')?.textContent).toBe('9912');
  });

  it('says "No rows matched." and shows no table for an empty result', async () => {
    const api = fakeApi([active()]);
    api.runQuery.mockResolvedValue({ ...queryResult, rows: [], rowCount: 0, truncated: false });
    renderSidebar(api);
    const form = await screen.findByRole('form', { name: 'Saved queries' }, { timeout: 15_000 });
    fireEvent.change(form.querySelector('input[name=refund_id]')!, { target: { value: '1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Run query' }));
    expect((await screen.findByTestId('row-count')).textContent).toBe('No rows matched.');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('logs each run with its parameters and row count', async () => {
    const run = {
      id: 5,
      kind: 'query' as const,
      target: 'saved query refund-with-gateway-response',
      fields: [],
      recordCount: 0,
      queryName: 'refund-with-gateway-response',
      occurredAt: new Date().toISOString(),
      actorId: 'agent-ann',
      accepted: true,
      source: 'gateway' as const,
      maskedFields: [],
      customerId: '1842',
      parameters: { refund_id: 1, customer_id: '1842' },
    };
    renderSidebar(fakeApi([active({ viewed: [run] })]));
    const log = await screen.findByTestId('logged-events');
    expect(log.textContent).toContain(
      'ran refund-with-gateway-response with refund_id = 1, customer_id = 1842 — no rows',
    );
  });
});
