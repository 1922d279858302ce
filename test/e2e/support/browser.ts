import { chromium, type Browser } from 'playwright-core';
import { assertEngines } from './drivers';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './drivers/chromium';

/**
 * Debian's Chromium as a Playwright Browser (for bench/, which drives Chromium directly; the e2e suite
 * goes through the engine drivers in ./drivers).
 */
export async function launchChromium(): Promise<Browser> {
  assertEngines(['chromium']);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
