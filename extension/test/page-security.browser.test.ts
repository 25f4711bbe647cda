import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { zafHostPage } from './zaf-host-page.js';
import { serveHtml, startUiServer, type UiServer } from './ui-server.js';

let server: UiServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every CSP violation in any frame of the context's pages, as `directive blocked-uri (page)`. */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__taCspViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      window.__taCspViolation(e.violatedDirective + ' ' + e.blockedURI + ' (' + location.pathname + ')'));`,
  });
  return violations;
}

describe('the pages under their CSP (real server, chromium)', () => {
  it('run with no violation standalone and in the Zendesk frame, scripts compressed', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 950 } });
    const violations = await watchCsp(context);
    const page = await context.newPage();
    page.setDefaultTimeout(45_000);
    const encodings = new Map<string, string | undefined>();
    page.on('response', (res) => {
      if (res.url().includes('/assets/')) encodings.set(new URL(res.url()).pathname, res.headers()['content-encoding']);
    });

    await page.goto(`${server.url}/sidebar?ticket=48271&as=agent-ann`);
    await page.getByTestId('sidebar').waitFor();
    await page.goto(`${server.url}/console?as=lead-lee`);
    await page.getByTestId('screen-dashboard').waitFor();

    const ticket = { id: 48271, requesterExternalId: '1842' };
    const zendesk = await serveHtml(zafHostPage(`${server.url}/zendesk/sidebar`, ticket));
    try {
      await page.goto(zendesk.url);
      await page.frameLocator('#app').getByTestId('sidebar').waitFor();
    } finally {
      await zendesk.close();
    }
    expect(violations).toEqual([]);
    expect(encodings.size).toBeGreaterThan(2);
    expect([...new Set(encodings.values())]).toEqual(['br']);
    await context.close();
  });

  it("refuses to let another origin frame the standalone sidebar ('self' only)", { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const host = await serveHtml(`<!doctype html><iframe id="app" src="${server.url}/sidebar?ticket=48271"></iframe>`);
    try {
      const refused = page.waitForEvent('console', (msg) => /frame-ancestors/.test(msg.text()));
      await page.goto(host.url);
      expect((await refused).text()).toContain('frame-ancestors');
      expect(await page.frameLocator('#app').getByTestId('sidebar').count()).toBe(0);
    } finally {
      await host.close();
      await context.close();
    }
  });
});
