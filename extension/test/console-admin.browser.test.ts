import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminUiServer, type AdminUiServer } from './admin-server.js';
import { seriousViolations } from './axe.js';
import { launchChromium, shot } from './chromium.js';

const REASON = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';

let server: AdminUiServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAdminUiServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The console at 1280 px as `user`, on the screen at `path`; the CSP is bypassed only so axe-core can be injected. */
async function consoleAs(user: string, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(45_000); // generous: CI runs these beside the storage tests
  page.on('pageerror', (e) => console.error(`[${user}] page error:`, e.message));
  await page.goto(`${server.url}/console${path}?as=${user}`);
  await page.getByTestId('console').waitFor();
  return page;
}

describe('the admin and customer screens of the console (real server, chromium, 1280 px)', () => {
  it('settings: directory pickers, chips, every problem at once with labels, unsaved-change guard', {
    timeout: 120_000,
  }, async () => {
    const page = await consoleAs('admin-ada', '/admin/settings');
    const form = page.getByTestId('settings-form');
    await form.getByTestId('chosen-approvers').getByText('Lee Lead (lead-lee)').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('console-admin-1-settings'), fullPage: true });

    // Approvers come from the directory: type part of a name, pick the user.
    await form.locator('input[name=approvers]').fill('bob');
    await page.getByRole('option', { name: /Bob Agent \(agent-bob\)/ }).click();
    await form.getByTestId('chosen-approvers').getByText('Bob Agent (agent-bob)').waitFor();
    // Durations are chips: remove 240, add 45.
    await form.getByRole('button', { name: 'Remove 240' }).click();
    await form.locator('input[name=setting-allowedDurationsMinutes-add]').fill('45');
    await form.getByRole('button', { name: 'Add duration' }).click();
    await form.locator('input[name=defaultDurationMinutes]').fill('500');
    await form.locator('input[name=retentionDays]').fill('5');
    await form.getByRole('button', { name: 'Save settings' }).click();
    const problems = page.getByTestId('settings-problems');
    await problems.waitFor();
    const text = await problems.textContent();
    expect(text).toContain('Default duration (minutes): must not exceed the maximum duration (240 minutes)');
    expect(text).toContain(
      'Default duration (minutes): must be one of the allowed durations (15, 30, 45, 60, 120 minutes)',
    );
    expect(text).toContain('Retention (days): must be at least 30 days');
    expect(text!.indexOf('Default duration')).toBeLessThan(text!.indexOf('Retention'));
    expect(text).not.toMatch(/allowedDurationsMinutes|retentionDays|maxDurationMinutes/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('console-admin-2-settings-invalid'), fullPage: true });

    // Leaving with unsaved edits asks first; staying keeps them.
    await page.locator('[data-nav=history]').click();
    const modal = page.getByRole('dialog', { name: 'Leave without saving?' });
    await modal.waitFor();
    await page.screenshot({ path: shot('console-admin-3-settings-leave') });
    await modal.getByRole('button', { name: 'Stay and keep editing' }).click();
    expect(await form.locator('input[name=retentionDays]').inputValue()).toBe('5');

    await form.locator('input[name=defaultDurationMinutes]').fill('45');
    await form.locator('input[name=retentionDays]').fill('365');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Settings saved.').waitFor();
    const saved = (await server.call('admin-ada', 'GET', '/v1/settings')).body;
    expect(saved).toMatchObject({
      approvers: ['lead-lee', 'agent-bob'],
      allowedDurationsMinutes: [15, 30, 45, 60, 120],
      defaultDurationMinutes: 45,
      retentionDays: 365,
    });
    // Saved: switching tabs no longer asks.
    await page.locator('[data-nav=history]').click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('saved queries: list, test-run masked against the gateway, create and delete', { timeout: 120_000 }, async () => {
    const page = await consoleAs('admin-ada', '/admin/queries');
    await page.getByTestId('query-account-status').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('console-admin-4-saved-queries'), fullPage: true });

    await page.getByRole('button', { name: 'Edit account-status' }).click();
    const editor = page.getByTestId('saved-query-editor');
    await editor.locator('textarea[name=sql]').waitFor();
    expect(await editor.locator('textarea[name=sql]').inputValue()).toContain(':customer_id');
    await editor.getByRole('button', { name: 'Run test' }).click();
    const result = page.getByTestId('query-test-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Northwind Outfitters');
    expect(await result.textContent()).not.toContain('maya.chen@northwind.example');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('console-admin-5-saved-query-test'), fullPage: true });
    await editor.getByRole('button', { name: /All saved queries/ }).click();

    await page.getByRole('button', { name: 'New saved query' }).click();
    await editor.locator('input[name=name]').fill('open-orders');
    await editor.locator('input[name=title]').fill('Open orders');
    await editor
      .locator('textarea[name=sql]')
      .fill(
        'select o.id as order_id, o.customer_id, o.status from orders o where o.customer_id = :customer_id and o.status = :status',
      );
    await editor.getByRole('button', { name: 'Add parameter' }).click();
    await editor.locator('input[name=param-0-name]').fill('status');
    await editor.locator('input[name=param-0-default]').fill('open');
    await editor.getByRole('button', { name: 'Save query' }).click();
    await page.getByText('Saved open-orders. The change is in the audit trail.').waitFor();
    await page.getByTestId('query-open-orders').waitFor();

    await page.getByRole('button', { name: 'Edit open-orders' }).click();
    await editor.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Deleted open-orders.').waitFor();
    expect(await page.getByTestId('query-open-orders').count()).toBe(0);
    // Each change and the test run are in the trail.
    const trail = await (
      await fetch(`${server.url}/v1/audit/export?format=jsonl`, { headers: { 'x-dev-user': 'admin-ada' } })
    ).text();
    for (const kind of ['gateway.query_tested', 'gateway.query_saved', 'gateway.query_deleted'])
      expect(trail).toContain(`"kind":"${kind}"`);
  });

  it('role mapping: Zendesk, Jira and OIDC claim values, saved into settings', { timeout: 120_000 }, async () => {
    const page = await consoleAs('admin-ada', '/admin/roles');
    const form = page.getByTestId('role-mapping-form');
    await form.waitFor();
    await form.locator('input[name=oidc-values-new-key]').fill('ta-leads');
    await form.locator('select[name=oidc-values-new-role]').selectOption('lead');
    await form.getByTestId('oidc-values').getByRole('button', { name: 'Add' }).click();
    await form.locator('input[name=zendesk-custom-roles-new-key]').fill('360001');
    await form.locator('select[name=zendesk-custom-roles-new-role]').selectOption('');
    await form.getByTestId('zendesk-custom-roles').getByRole('button', { name: 'Add' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('console-admin-6-role-mapping'), fullPage: true });
    await form.getByRole('button', { name: 'Save role mapping' }).click();
    await form.getByText('Role mapping saved.').waitFor();
    const { roleMapping } = (await server.call('admin-ada', 'GET', '/v1/settings')).body;
    expect(roleMapping.oidc.values).toEqual({ 'ta-leads': 'lead' });
    expect(roleMapping.zendesk.customRoles).toEqual({ '360001': null });
  });

  it('customers: who opened 1842’s data, and the printable signed transparency report', {
    timeout: 120_000,
  }, async () => {
    const sessions = [
      { agent: 'agent-ann', ticketId: '48271', reason: REASON, fields: ['refund_status', 'gateway_response_code'] },
      {
        agent: 'agent-bob',
        ticketId: '48302',
        reason: 'Customer was charged twice for invoice INV-3090, checking whether the second capture is a duplicate',
        fields: ['amount_cents', 'card_token', 'email'],
        write: 'Void the duplicate capture the customer reported',
      },
    ];
    for (const s of sessions) {
      const created = await server.call(s.agent, 'POST', '/v1/grants', {
        ticketId: s.ticketId,
        customerId: '1842',
        systems: ['billing-db'],
        access: s.write ? 'write' : 'read',
        ...(s.write ? { writeNeed: s.write } : {}),
        maskedDataChecked: true,
        reason: s.reason,
      });
      expect(created.status).toBe(201);
      await server.call('lead-lee', 'POST', `/v1/grants/${created.body.id}/approve`, {});
      await server.call(s.agent, 'POST', `/v1/grants/${created.body.id}/start`);
      await server.call(s.agent, 'POST', `/v1/grants/${created.body.id}/events`, {
        events: [{ kind: 'view', target: 'invoice and refund', fields: s.fields }],
      });
      const changed = s.write
        ? { summary: 'Voided the duplicate capture', changedData: true, changes: 'voided capture 2 of INV-3090' }
        : { summary: 'Gateway declined with code 54', changedData: false };
      await server.call(s.agent, 'POST', `/v1/grants/${created.body.id}/end`, {
        outcome: { ...changed, exposedBeyondScope: false },
      });
    }
    const page = await consoleAs('lead-lee', '/customers');
    const screen = page.getByTestId('customers-screen');
    await screen.locator('input[name=customerId]').fill('1842');
    await screen.getByRole('button', { name: 'Show access' }).click();
    await page.getByTestId('customer-sessions').waitFor();
    expect(await page.getByTestId('customer-totals').textContent()).toMatch(/2 session\(s\), 2 opened data/);
    expect(await page.getByTestId('customer-sessions').textContent()).toContain(
      'Contact details, Payment card, Payments and refunds',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('console-admin-7-customers'), fullPage: true });

    await page.getByRole('button', { name: 'Create report' }).click();
    const report = page.getByTestId('transparency-report');
    await report.waitFor();
    const text = await report.textContent();
    expect(text).toContain('For Northwind Outfitters (customer 1842)');
    expect(text).toContain('a lead');
    expect(text).toMatch(/data changed in 1/);
    expect(text).not.toContain('Ann Agent');
    expect(text).not.toContain('ann@example.com');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('console-admin-8-transparency-report'), fullPage: true });
    await report.screenshot({ path: shot('transparency-report') });
    // The print view shows the report alone.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await page.screenshot({ path: shot('console-admin-9-transparency-report-print'), fullPage: true });
  });
});
