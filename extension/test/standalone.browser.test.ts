import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './chromium.js';
import { startUiServer, type UiServer } from './ui-server.js';

const REASON = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';

let server: UiServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function sidebarAs(user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 340, height: 900 } });
  page.setDefaultTimeout(45_000); // generous: CI runs these beside the storage tests
  page.on('pageerror', (e) => console.error(`[${user}] page error:`, e.message));
  await page.goto(`${server.url}/sidebar?ticket=48271&as=${user}`);
  await page.getByTestId('sidebar').waitFor();
  return page;
}

describe('the seed case in the standalone sidebar (real server, chromium)', () => {
  it('request → approval by lead-lee → start → countdown → end with outcome', { timeout: 120_000 }, async () => {
    const ann = await sidebarAs('agent-ann');
    const form = ann.getByRole('form', { name: 'Request access' });
    await expect(form.locator('input[name=ticketId]').inputValue()).resolves.toBe('48271');
    expect(await form.locator('input[name=ticketId]').isEditable()).toBe(false);

    // Live feedback from the shared checker, before anything is sent.
    await form.locator('textarea[name=reason]').fill('Troubleshooting');
    await expect(ann.getByTestId('reason-feedback').textContent()).resolves.toContain('Too vague');
    expect(await form.getByRole('button', { name: 'Request access' }).isDisabled()).toBe(true);
    await ann.screenshot({ path: shot('sidebar-1-request-vague'), fullPage: true });

    await form.locator('textarea[name=reason]').fill(REASON);
    await expect(ann.getByTestId('reason-feedback').textContent()).resolves.toBe('Specific enough.');
    await form.getByText('I checked masked data, logs or a snapshot first').click();
    await form.getByRole('button', { name: 'Request access' }).click();
    await ann.getByTestId('state-pending').waitFor();
    await ann.getByTestId('approvers').getByText('Lee Lead').waitFor(); // by name, not by id
    await ann.screenshot({ path: shot('sidebar-2-pending'), fullPage: true });

    const lee = await sidebarAs('lead-lee');
    const panel = lee.getByTestId('approver-panel');
    await panel.waitFor();
    await expect(panel.textContent()).resolves.toContain(REASON);
    await panel.locator('textarea[name=note]').fill('read only, refund 9912 only');
    await lee.screenshot({ path: shot('sidebar-3-approver'), fullPage: true });
    await panel.getByRole('button', { name: 'Approve' }).click();
    // The request leaves the panel; what was decided stays, said back to the approver.
    await panel.getByTestId('approver-confirmation').waitFor();
    await panel.locator('[data-testid^=approval-]').waitFor({ state: 'detached' });

    // Ann's sidebar polls and moves on by itself.
    await ann.getByTestId('state-approved').waitFor({ timeout: 15_000 });
    await ann.screenshot({ path: shot('sidebar-4-approved'), fullPage: true });
    await ann.getByRole('button', { name: 'Start access' }).click();
    await ann.getByTestId('state-active').waitFor();
    const first = await ann.getByTestId('countdown').textContent();
    expect(first).toMatch(/^(29|30):\d\d$/);
    // It ticks (a loaded CI machine may be slow to run timers, so wait for the change).
    await ann.waitForFunction((f) => document.querySelector('[data-testid=countdown]')?.textContent !== f, first, {
      timeout: 15_000,
    });

    // A data tool reports what was viewed; the sidebar shows it on its next poll.
    const grantId = (await server.call('agent-ann', 'GET', '/v1/tickets/48271/grants')).body.sessions[0].id as string;
    const reported = await server.call('agent-ann', 'POST', `/v1/grants/${grantId}/events`, {
      events: [{ kind: 'view', target: 'refund 9912', fields: ['refund_status', 'gateway_response_code'] }],
    });
    expect(reported.status).toBe(202);
    await ann.getByTestId('logged-events').getByText('refund 9912').waitFor({ timeout: 15_000 });
    await ann.screenshot({ path: shot('sidebar-5-active'), fullPage: true });

    const outcome = ann.getByRole('form', { name: 'Outcome' });
    await outcome
      .locator('textarea[name=summary]')
      .fill('Gateway declined with code 54; told the customer to retry with another card');
    await outcome.getByRole('button', { name: 'End access and record outcome' }).click();
    await ann.getByTestId('state-ended').waitFor();
    await expect(ann.getByTestId('state-ended').textContent()).resolves.toContain('internal note');
    await ann.getByTestId(`session-${grantId}`).getByText('Ended').waitFor();
    await ann.screenshot({ path: shot('sidebar-6-ended'), fullPage: true });

    const detail = await server.call('lead-lee', 'GET', `/v1/grants/${grantId}`);
    expect(detail.body).toMatchObject({
      status: 'ended',
      decision: { outcome: 'approved', by: { id: 'lead-lee' } },
      outcome: { changedData: false },
    });
    const check = await server.call('agent-ann', 'GET', '/v1/tickets/48271/close-check');
    expect(check.body.canClose).toBe(true);
  });

  it('the console: history by ticket, the review queue, and settings with server validation', {
    timeout: 120_000,
  }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(45_000); // generous: CI runs these beside the storage tests
    await page.goto(`${server.url}/console/history?as=lead-lee`);
    await page.getByTestId('screen-history').waitFor();
    await page.locator('input[name=ticketId]').fill('48271');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('session-table').waitFor();
    expect(await page.getByTestId('session-table').textContent()).toContain('Ann Agent');
    await page.screenshot({ path: shot('console-1-history'), fullPage: true });

    // Break-glass access is always flagged; once it is over it waits in the review queue.
    const emergency = await server.call('agent-bob', 'POST', '/v1/grants', {
      ticketId: '48302',
      customerId: '2207',
      systems: ['payments-gateway'],
      access: 'read',
      reason: 'Customer was charged twice for invoice INV-3090, checking whether the second capture is a duplicate',
      emergency: { justification: 'Card network incident, duplicate charges spreading' },
    });
    expect(emergency.status).toBe(201);
    await server.call('agent-bob', 'POST', `/v1/grants/${emergency.body.id}/end`, {
      outcome: {
        summary: 'Duplicate capture confirmed and voided by payments team',
        changedData: false,
        exposedBeyondScope: false,
      },
    });
    await page.locator('[data-nav=reviews]').click();
    const item = page.getByTestId(`review-${emergency.body.id}`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Emergency');
    await page.screenshot({ path: shot('console-2-reviews'), fullPage: true });
    await item.getByRole('button', { name: 'Write a verdict' }).click();
    await item.locator('textarea[name=reviewNote]').fill('Justified: incident INC-88 confirms the card network outage');
    await item.getByRole('button', { name: 'Mark OK' }).click();
    await item.waitFor({ state: 'detached' });

    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });

    admin.setDefaultTimeout(45_000); // generous: CI runs these beside the storage tests
    await admin.goto(`${server.url}/console?as=admin-ada`);
    await admin.locator('[data-nav=adminSettings]').click();
    const form = admin.getByTestId('settings-form');
    await form.locator('input[name=defaultDurationMinutes]').fill('500');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('must not exceed the maximum duration', { exact: false }).first().waitFor();
    await admin.screenshot({ path: shot('console-3-settings-invalid'), fullPage: true });
    await form.locator('input[name=defaultDurationMinutes]').fill('60');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Settings saved.').waitFor();
    expect((await server.call('agent-ann', 'GET', '/v1/settings')).body.defaultDurationMinutes).toBe(60);
  });
});
