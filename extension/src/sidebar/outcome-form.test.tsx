// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../api/api-client.js';
import { ApiProvider } from '../api/api-provider.js';
import type { HostAdapter } from '../host/host-adapter.js';
import { HostProvider } from '../host/host-provider.js';
import { fakeApi, fakeHost, session } from '../test-support/fixtures.js';
import { OutcomeForm } from './outcome-form.js';

afterEach(cleanup);

async function endWith(kind: HostAdapter['kind']) {
  const api = fakeApi();
  const host = { ...fakeHost(), kind };
  const onEnded = vi.fn();
  render(
    <ThemeProvider>
      <ApiProvider api={api as unknown as ApiClient}>
        <HostProvider connect={async () => host}>
          <OutcomeForm grant={session({ status: 'active' })} expired={false} onEnded={onEnded} />
        </HostProvider>
      </ApiProvider>
    </ThemeProvider>,
  );
  const form = await screen.findByRole('form', { name: 'Outcome' });
  fireEvent.change(form.querySelector('textarea[name=summary]')!, {
    target: { value: 'Gateway declined with code 54' },
  });
  fireEvent.click(within(form).getByRole('button', { name: 'End access and record outcome' }));
  await waitFor(() => expect(onEnded).toHaveBeenCalled());
  return { api, host, onEnded };
}

describe('the outcome note', () => {
  it('on Zendesk is left to the server (its outbox posts it with retry): the sidebar posts nothing', async () => {
    const { api, host, onEnded } = await endWith('zendesk');
    expect(api.end).toHaveBeenCalled();
    expect(host.postInternalComment).not.toHaveBeenCalled();
    expect(onEnded.mock.calls[0]![0].commentError).toBeNull();
  });

  it('elsewhere is still posted through the host', async () => {
    const { host } = await endWith('standalone');
    expect(host.postInternalComment).toHaveBeenCalledWith(
      '48271',
      expect.stringContaining('Gateway declined with code 54'),
    );
  });
});
