import puppeteer from 'puppeteer-core';
import { until } from '../until';
import { devtoolsTab, type DevtoolsPage } from './page';
import type { EngineBrowser, Profile } from './types';

/** Debian's Firefox ESR, or `$FIREFOX_PATH`. */
export const FIREFOX_PATH = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

/**
 * Debian's Firefox ESR through puppeteer-core over WebDriver BiDi (puppeteer-core never downloads a
 * browser). A profile is a BiDi user context: its own cookies and storage, a fresh one per test.
 */
export async function launchFirefox(): Promise<EngineBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    // A JSON document is shown as JSON, not in the viewer (a privileged page scripts cannot reach).
    extraPrefsFirefox: { 'devtools.jsonview.enabled': false },
  });
  return {
    engine: 'firefox',
    async newProfile(options = {}): Promise<Profile> {
      const context = await browser.createBrowserContext();
      return {
        async newTab(url) {
          const page = await context.newPage();
          if (options.viewport) await page.setViewport(options.viewport);
          const tab = devtoolsTab(page as unknown as DevtoolsPage, (url) => gotoLanded(page, url));
          await tab.goto(url);
          return tab;
        },
        async cookies(url) {
          const { hostname, pathname } = new URL(url);
          return (await context.cookies())
            .filter((cookie) => cookie.domain.replace(/^\./, '') === hostname && pathname.startsWith(cookie.path))
            .map(({ name, domain, httpOnly }) => ({ name, domain, httpOnly: httpOnly === true }));
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** What `gotoLanded` needs of a Puppeteer page. */
export interface NavigablePage {
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>;
  evaluate(fn: () => string): Promise<string>;
}

/**
 * `page.goto(url)` until the load event; if another navigation cancelled that load (a page that
 * redirects itself by script before its load event), until the document the tab is on is complete.
 * Firefox's WebDriver BiDi fails a navigation whose load was cancelled (NS_BINDING_ABORTED) unless it is
 * still the tab's latest navigation (`#awaitNavigation` in Firefox's remote agent). A goto of the
 * auth-react app's /protected after sign-out, a page that sends the user to the sign-in page at once,
 * failed so in 1 of 3 Firefox runs of the browser suite and in 1 of 28 runs of that file alone (beside
 * a CPU load). Every other error is thrown, and the caller still checks where the tab landed. The
 * recovery prints a warning that names both URLs.
 */
export async function gotoLanded(page: NavigablePage, url: string): Promise<void> {
  try {
    await page.goto(url, { waitUntil: 'load' });
  } catch (error) {
    if (!String(error instanceof Error ? error.message : error).includes('NS_BINDING_ABORTED')) throw error;
    await until(
      async () => (await page.evaluate(() => document.readyState).catch(() => '')) === 'complete',
      `the document ${url} navigated on to, to load`,
    );
    const landed = await page.evaluate(() => location.href).catch(String);
    console.warn(`[firefox] goto ${url}: its load was cancelled by another navigation (NS_BINDING_ABORTED); the tab landed on ${landed}`);
  }
}
