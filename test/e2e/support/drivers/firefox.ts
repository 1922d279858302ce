import puppeteer from 'puppeteer-core';
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
          const tab = devtoolsTab(page as unknown as DevtoolsPage, (url) => page.goto(url, { waitUntil: 'load' }));
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
