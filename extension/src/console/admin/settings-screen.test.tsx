// @vitest-environment jsdom
import '../../test-support/dom-stubs.js';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../../shared/settings.js';
import type { ApiClient } from '../../api/api-client.js';
import { ApiError } from '../../api/api-error.js';
import { ApiProvider } from '../../api/api-provider.js';
import { settings } from '../../test-support/fixtures.js';
import { SettingsScreen } from './settings-screen.js';
import { UnsavedChangesProvider, useLeaveGuard } from './unsaved-changes.js';

afterEach(cleanup);

const users = [
  { id: 'lead-lee', name: 'Lee Lead', email: 'lee@example.com', role: 'lead' as const },
  { id: 'admin-ada', name: 'Ada Admin', email: 'ada@example.com', role: 'admin' as const },
  { id: 'agent-bob', name: 'Bob Agent', email: 'bob@example.com', role: 'agent' as const },
];

function fakeApi(save: (s: unknown) => Promise<Settings>) {
  return {
    settings: vi.fn(async () => settings),
    saveSettings: vi.fn(save),
    users: vi.fn(async (q: { text?: string; ids?: string[] }) =>
      users.filter((u) => (q.ids ? q.ids.includes(u.id) : !q.text || u.name.toLowerCase().includes(q.text))),
    ),
  };
}

/** A stand-in for the console shell: two "tabs", switching through the leave guard. */
function Shell() {
  const [tab, setTab] = useState('settings');
  const guard = useLeaveGuard();
  return (
    <>
      <button type="button" onClick={() => guard(() => setTab('history'))}>
        go to history
      </button>
      {tab === 'settings' ? <SettingsScreen /> : <p>history screen</p>}
    </>
  );
}

function renderScreen(api: ReturnType<typeof fakeApi>) {
  return render(
    <ThemeProvider>
      <ApiProvider api={api as unknown as ApiClient}>
        <UnsavedChangesProvider>
          <Shell />
        </UnsavedChangesProvider>
      </ApiProvider>
    </ThemeProvider>,
  );
}

const input = (name: string) => document.querySelector(`input[name=${name}]`) as HTMLInputElement;

describe('console settings screen', () => {
  it('shows every problem of a save at once, each with the label on screen, in the summary and under its field', async () => {
    const api = fakeApi(async () => {
      throw new ApiError(400, 'invalid_input', 'Invalid request', [
        { path: 'defaultDurationMinutes', message: 'must not exceed the maximum duration (240 minutes)' },
        { path: 'retentionDays', message: 'must be at least 30 days' },
        { path: 'businessHours.days.2', message: 'Invalid option' },
        { path: 'approvers.1', message: 'unknown user laed-lee' },
      ]);
    });
    renderScreen(api);
    await waitFor(() => expect(input('defaultDurationMinutes').value).toBe('30'));
    fireEvent.change(input('defaultDurationMinutes'), { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    const summary = await screen.findByTestId('settings-problems');
    expect(within(summary).getByText(/4 problem/)).toBeTruthy();
    const items = within(summary)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    // In the order the fields stand on screen, not the order the server named them.
    expect(items).toEqual([
      'Default duration (minutes): must not exceed the maximum duration (240 minutes)',
      'Approvers: unknown user laed-lee',
      'Business days: Invalid option',
      'Retention (days): must be at least 30 days',
    ]);
    // No internal names reach the screen.
    expect(document.body.textContent).not.toMatch(/retentionDays|businessHours|approvers\.1|defaultDurationMinutes/);
    // Each message also sits under its own field, which is marked invalid.
    const retention = input('retentionDays').closest('[data-garden-id="forms.field"]') as HTMLElement;
    expect(retention.textContent).toContain('Retention (days): must be at least 30 days');
    expect(input('retentionDays').getAttribute('aria-invalid')).toBe('true');
    // What was sent: numbers as numbers, the approver list as it stood.
    expect(api.saveSettings.mock.calls[0]![0]).toMatchObject({ defaultDurationMinutes: 500, approvers: ['lead-lee'] });
  });

  it('sends durations, days, approvers and the time zone from the controls', async () => {
    const api = fakeApi(async (s) => ({ ...settings, ...(s as object) }) as Settings);
    renderScreen(api);
    await screen.findAllByText('Ada Admin (admin-ada)');
    fireEvent.click(screen.getByRole('button', { name: 'Remove 60' }));
    fireEvent.change(input('setting-allowedDurationsMinutes-add'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add duration' }));
    fireEvent.click(input('day-sat'));
    fireEvent.click(screen.getByRole('button', { name: 'Remove Ada Admin (admin-ada)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved.');
    expect(api.saveSettings.mock.calls[0]![0]).toMatchObject({
      allowedDurationsMinutes: [15, 30, 45],
      afterHoursApprovers: ['lead-lee'],
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sun'], timeZone: 'UTC' },
    });
    // Saturday was on in the fixture (every day is): clicking it turned it off.
    expect(input('day-sat').checked).toBe(false);
  });

  it('asks before leaving with unsaved edits, keeps them on "stay", and lets go once saved', async () => {
    const api = fakeApi(async (s) => ({ ...settings, ...(s as object) }) as Settings);
    const unload = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    renderScreen(api);
    await waitFor(() => expect(input('retentionDays').value).toBe('2555'));
    expect(unload()).toBe(false);
    fireEvent.change(input('retentionDays'), { target: { value: '400' } });
    expect(unload()).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'go to history' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Leave without saving?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stay and keep editing' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(input('retentionDays').value).toBe('400');

    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved.');
    expect(unload()).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'go to history' }));
    await screen.findByText('history screen');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('leaves without saving when the user says so', async () => {
    renderScreen(fakeApi(async () => settings));
    await waitFor(() => expect(input('retentionDays').value).toBe('2555'));
    fireEvent.change(input('retentionDays'), { target: { value: '400' } });
    fireEvent.click(screen.getByRole('button', { name: 'go to history' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Leave without saving' }));
    await screen.findByText('history screen');
  });
});
