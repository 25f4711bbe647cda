import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './chromium.js';
import { startUiServer, type UiServer } from './ui-server.js';

// The seed story and every state of the sidebar in real Chromium at the narrowest and a common
// sidebar width: extension, revocation, denial, lapse and an emergency, each saved as a screenshot
// and checked with axe-core (no serious or critical violation).

const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const REASON = 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** axe-core over the page: the serious and critical violations, named with their first targets. */
async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

describe.each([320, 380])('the sidebar at %i px (real server, chromium, axe-core)', (width) => {
  let server: UiServer;
  const notFound: string[] = [];
  beforeAll(async () => {
    server = await startUiServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function sidebar(user: string, ticket: string): Promise<Page> {
    // bypassCSP: axe-core is injected as a script; the page's nonce CSP would refuse it.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(45_000);
    page.on('pageerror', (e) => console.error(`[${user}] page error:`, e.message));
    page.on('response', (r) => {
      if (r.status() === 404) notFound.push(new URL(r.url()).pathname);
    });
    await page.goto(`${server.url}/sidebar?ticket=${ticket}&as=${user}`);
    await page.getByTestId('sidebar').waitFor();
    return page;
  }

  async function capture(page: Page, name: string) {
    await page.screenshot({ path: shot(`sidebar-${width}-${name}`), fullPage: true });
    expect(await axeProblems(page), name).toEqual([]);
  }

  const sessionsOf = async (ticket: string) =>
    (await server.call('agent-ann', 'GET', `/v1/tickets/${ticket}/grants`)).body.sessions as Array<{ id: string }>;

  it('the seed story with an extension: request, approve, start, extend, approve the extension, a one-row result', {
    timeout: 180_000,
  }, async () => {
    const ann = await sidebar('agent-ann', '48271');
    const form = ann.getByRole('form', { name: 'Request access' });
    await expect(form.locator('input[name=customerId]').inputValue()).resolves.toBe('1842');
    await capture(ann, 'request');
    await form.locator('textarea[name=reason]').fill(REASON);
    await ann.getByTestId('reason-feedback').getByText('Specific enough.').waitFor();
    await form.getByText('I checked masked data, logs or a snapshot first').click();
    await form.getByRole('button', { name: 'Request access' }).click();
    await ann.getByTestId('state-pending').waitFor();
    // Approvers by name, and the banner says why the ticket cannot be solved.
    await ann.getByTestId('approvers').getByText('Lee Lead').waitFor();
    await expect(ann.getByTestId('open-access-banner').textContent()).resolves.toContain(
      'Your request is waiting for approval',
    );
    await capture(ann, 'pending');

    const lee = await sidebar('lead-lee', '48271');
    await lee.getByTestId('approver-panel').locator('textarea[name=note]').fill('Read only, refund 9912 only');
    await capture(lee, 'approver');
    await lee.getByRole('button', { name: 'Approve', exact: true }).click();
    await lee
      .getByTestId('approver-confirmation')
      .getByText(/You approved Ann Agent's request/)
      .waitFor();

    await ann.getByTestId('state-approved').waitFor({ timeout: 15_000 });
    await ann.getByRole('button', { name: 'Start access' }).click();
    await ann.getByTestId('state-active').waitFor();
    await ann.getByRole('button', { name: 'Extend' }).click();
    const extend = ann.getByRole('form', { name: 'Extend access' });
    await extend.locator('textarea[name=extendReason]').fill('The gateway log export is still running');
    await extend.getByRole('button', { name: 'Ask for more time' }).click();
    await ann.getByTestId('extension-pending').waitFor();
    await capture(ann, 'extension-pending');

    const ext = lee.getByTestId(/^extension-gr_/);
    await ext.waitFor({ timeout: 15_000 });
    await capture(lee, 'approver-extension');
    await ext.getByRole('button', { name: 'Approve extension' }).click();
    await lee
      .getByTestId('approver-confirmation')
      .getByText(/You approved 15 more min/)
      .waitFor();
    await ann.getByTestId('extension-applied').waitFor({ timeout: 15_000 });
    await expect(ann.getByTestId('extension-applied').textContent()).resolves.toContain('approved by Lee Lead');

    // The refund, as a field/value card that fits the sidebar.
    const queries = ann.getByRole('form', { name: 'Saved queries' });
    await queries.getByLabel('Query').selectOption('refund-with-gateway-response');
    await queries.getByLabel(/Refund number/).fill('9912');
    await queries.getByRole('button', { name: 'Run query' }).click();
    const card = ann.getByTestId('result-card');
    await card.waitFor();
    await expect(ann.getByTestId('row-count').textContent()).resolves.toBe('1 row');
    const cardBox = await card.boundingBox();
    expect(cardBox!.width).toBeLessThanOrEqual(width);
    await card.getByText('Expired card').waitFor();
    await ann
      .getByTestId('logged-events')
      .getByText(/refund_id = 9912.*1 row/)
      .waitFor({ timeout: 15_000 });
    await capture(ann, 'active');

    // A wider result scrolls in its own box with the first column fixed.
    await queries.getByLabel('Query').selectOption('recent-orders');
    await queries.getByRole('button', { name: 'Run query' }).click();
    const scroll = ann.getByTestId('result-scroll');
    await scroll.waitFor();
    const before = await scroll.locator('tbody tr:first-child td:first-child').boundingBox();
    await scroll.evaluate((el) => el.scrollTo({ left: 400 }));
    const after = await scroll.locator('tbody tr:first-child td:first-child').boundingBox();
    expect(after!.x).toBeCloseTo(before!.x, 0);
    expect(await ann.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });

  it('revocation: who revoked it and why, then the outcome', { timeout: 120_000 }, async () => {
    const [grant] = await sessionsOf('48271');
    const revoked = await server.call('lead-lee', 'POST', `/v1/grants/${grant!.id}/revoke`, {
      reason: 'Customer withdrew consent for data access',
    });
    expect(revoked.status).toBe(200);
    const ann = await sidebar('agent-ann', '48271');
    await ann.getByTestId('state-revoked').waitFor();
    await expect(ann.getByTestId('revoked-notice').textContent()).resolves.toMatch(
      /Lee Lead revoked your access at .*Customer withdrew consent/,
    );
    await capture(ann, 'revoked');
  });

  it('denial: who denied it, their note, and the way back; a write request reads well for the approver', {
    timeout: 120_000,
  }, async () => {
    const ann = await sidebar('agent-ann', '48302');
    const form = ann.getByRole('form', { name: 'Request access' });
    await expect(form.locator('input[name=customerId]').inputValue()).resolves.toBe('2207');
    await form
      .locator('textarea[name=reason]')
      .fill('Customer was charged twice for invoice INV-3090, checking whether the second capture is a duplicate');
    await form.getByText('Read and write').click();
    await form
      .locator('textarea[name=writeNeed]')
      .fill('Void the duplicate capture on invoice INV-3090 so the customer is refunded the second charge');
    await ann.getByTestId('reason-feedback').getByText('Specific enough.').waitFor();
    await form.getByRole('button', { name: 'Request access' }).click();
    await ann.getByTestId('state-pending').waitFor();

    const lee = await sidebar('lead-lee', '48302');
    const request = lee.getByTestId(/^approval-gr_/);
    await request.waitFor();
    // The reason and the stated need keep the panel's width, not one word per line.
    const panel = await request.boundingBox();
    for (const dd of await request.locator('dd').all()) {
      expect((await dd.boundingBox())!.width).toBeGreaterThan(panel!.width * 0.65);
    }
    await capture(lee, 'approver-write');
    await request.locator('textarea[name=note]').fill('Payments team voids duplicates; ask them in #payments');
    await request.getByRole('button', { name: 'Deny', exact: true }).click();
    await lee
      .getByTestId('approver-confirmation')
      .getByText(/You denied Ann Agent's request/)
      .waitFor();

    await ann.getByTestId('state-denied').waitFor({ timeout: 15_000 });
    await expect(ann.getByTestId('state-denied').textContent()).resolves.toMatch(
      /Lee Lead denied your request at .*Payments team voids duplicates/,
    );
    await capture(ann, 'denied');
  });

  it('lapse: an approval not started in time says so instead of an empty form', { timeout: 120_000 }, async () => {
    const created = await server.call('agent-ann', 'POST', '/v1/grants', {
      ticketId: '48315',
      customerId: '3120',
      systems: ['billing-db'],
      access: 'read',
      reason: 'Check why the last invoice for this customer shows paid but the order is still on hold',
    });
    expect(created.status).toBe(201);
    await server.call('lead-lee', 'POST', `/v1/grants/${created.body.id}/approve`, {});
    await server.db
      .updateTable('grants')
      .set({ start_by: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', created.body.id)
      .execute();
    const ann = await sidebar('agent-ann', '48315');
    await ann.getByTestId('state-lapsed').waitFor();
    await expect(ann.getByTestId('state-lapsed').textContent()).resolves.toMatch(/Lee Lead approved your request/);
    await ann.getByRole('form', { name: 'Request access' }).waitFor();
    await capture(ann, 'lapsed');
  });

  it('an emergency: visibly marked while it runs, for the agent and the approver', { timeout: 120_000 }, async () => {
    const bob = await sidebar('agent-bob', '48315');
    const form = bob.getByRole('form', { name: 'Request access' });
    await form
      .locator('textarea[name=reason]')
      .fill('Customer reports the refund never arrived; check whether the gateway returned a failure');
    await form.getByText('Emergency: I need access now (break-glass)').click();
    await form.locator('textarea[name=justification]').fill('Card network incident, duplicate charges spreading');
    await bob.getByTestId('reason-feedback').getByText('Specific enough.').waitFor();
    await form.getByRole('button', { name: 'Start emergency access' }).click();
    await bob.getByTestId('emergency-running').waitFor();
    await capture(bob, 'emergency');

    const lee = await sidebar('lead-lee', '48315');
    await lee
      .getByTestId(/^emergency-gr_/)
      .getByText(/Bob Agent is using emergency access/)
      .waitFor();
    await capture(lee, 'approver-emergency');
    expect(notFound).toEqual([]); // the favicon included
  });
});
