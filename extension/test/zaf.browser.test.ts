import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './chromium.js';
import { zafHostPage } from './zaf-host-page.js';
import { serveHtml, startUiServer, type UiServer } from './ui-server.js';

const REASON = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';

let server: UiServer;
let browser: Browser;
let zendesk: { url: string; close(): Promise<void> };

beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer(), launchChromium()]);
  zendesk = await serveHtml(zafHostPage(`${server.url}/zendesk/sidebar`, { id: 48271, requesterExternalId: '1842' }));
});
afterAll(async () => {
  await browser?.close();
  await zendesk?.close();
  await server?.close();
});

type SaveOutcome = { saved: boolean; message?: string };
const save = (page: Page, status: string) =>
  page.evaluate((s) => (window as any).zendesk.save(s) as Promise<SaveOutcome>, status);

describe('inside Zendesk: the real ZAF SDK in the app iframe, a local page playing Zendesk', () => {
  it('blocks solving the ticket while access is open, allows it after the end, and fails closed when the backend hangs', {
    timeout: 120_000,
  }, async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 950 } });
    page.setDefaultTimeout(45_000); // generous: CI runs these beside the storage tests
    page.on('pageerror', (e) => console.error('host page error:', e.message));
    await page.goto(zendesk.url);
    const app = page.frameLocator('#app');
    await app.getByTestId('sidebar').waitFor();
    // The handshake ran, the save hook is subscribed, the requester's external id filled the customer.
    await page.waitForFunction(() => (window as any).zendesk.state.subscriptions['ticket.save'] === 1);
    expect(await app.locator('input[name=customerId]').inputValue()).toBe('1842');
    await page.waitForFunction(() => (window as any).zendesk.state.resizes.length > 0);

    // Nothing open yet: solving is fine (and a save to a non-closing status never asks the backend).
    expect(await save(page, 'pending')).toEqual({ saved: true });

    // Ann requests in the sidebar, lead-lee approves over the API, Ann starts in the sidebar.
    await app.locator('textarea[name=reason]').fill(REASON);
    await app.getByRole('button', { name: 'Request access' }).click();
    await app.getByTestId('state-pending').waitFor();
    const grantId = (await server.call('agent-ann', 'GET', '/v1/tickets/48271/grants')).body.sessions[0].id as string;

    const blockedPending = await save(page, 'solved');
    expect(blockedPending.saved).toBe(false);
    // By person and state with what ends it, never by grant id.
    expect(blockedPending.message).toContain("Ann Agent's request is waiting for approval");
    expect(blockedPending.message).not.toContain(grantId);

    expect((await server.call('lead-lee', 'POST', `/v1/grants/${grantId}/approve`, { note: 'ok' })).status).toBe(200);
    await app.getByRole('button', { name: 'Start access' }).click({ timeout: 15_000 });
    await app.getByTestId('countdown').waitFor();

    const blocked = await save(page, 'solved');
    expect(blocked.saved).toBe(false);
    expect(blocked.message).toMatch(/Ann Agent's access is active until \d\d:\d\d — end it to solve the ticket/);
    expect(await save(page, 'closed')).toMatchObject({ saved: false });
    await page.screenshot({ path: shot('zaf-1-save-blocked-while-active') });

    // End in the sidebar: the server posts the internal note through its outbox (with retry), so the
    // iframe itself sends nothing to the Zendesk API (server/notifications/policies.test.ts checks the note).
    await app.locator('textarea[name=summary]').fill('Gateway declined with code 54');
    await app.getByRole('button', { name: 'End access and record outcome' }).click();
    await app.getByTestId('state-ended').waitFor();
    const requests = await page.evaluate(() => (window as any).zendesk.state.requests as Array<Record<string, string>>);
    expect(requests).toHaveLength(0);
    const queued = await server.call('lead-lee', 'GET', `/v1/deliveries?grantId=${grantId}`);
    expect(queued.body.deliveries.map((d: { channel: string }) => d.channel)).toContain('ticket_note');

    expect(await save(page, 'solved')).toEqual({ saved: true });
    await page.screenshot({ path: shot('zaf-2-save-allowed-after-end') });

    // A backend that does not answer within the guard's timeout blocks the close with a clear message.
    server.hangCloseCheck = true;
    const started = Date.now();
    const down = await save(page, 'closed');
    server.hangCloseCheck = false;
    expect(down.saved).toBe(false);
    expect(down.message).toContain('could not confirm');
    expect(Date.now() - started).toBeLessThan(10_000);
    await page.screenshot({ path: shot('zaf-3-save-blocked-backend-down') });
  });
});
