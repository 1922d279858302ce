import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH, assertChromium } from './env';

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
 * Launches Debian's Chromium (never a downloaded one; Playwright gives it a fresh temporary profile).
 * Contexts made from it are the "browsers" of the tests; several pages of one context are the tabs,
 * sharing cookies, storage, Web Locks and BroadcastChannels.
 */
export async function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
