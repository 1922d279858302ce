import { chromium } from 'playwright-core';
import { devtoolsTab, type DevtoolsPage } from './page';
import type { EngineBrowser, Profile } from './types';

/** Debian's Chromium, or `$CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium through playwright-core (never a downloaded browser). A profile is a browser
 * context: a fresh, temporary one per test.
 */
export async function launchChromium(): Promise<EngineBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    engine: 'chromium',
    async newProfile(options = {}): Promise<Profile> {
      const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
      return {
        async newTab(url) {
          const page = await context.newPage();
          const tab = devtoolsTab(page as unknown as DevtoolsPage, (url) => page.goto(url));
          await tab.goto(url);
          return tab;
        },
        cookies: async (url) => (await context.cookies(url)).map(({ name, domain, httpOnly }) => ({ name, domain, httpOnly })),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
