import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { MockBackendOptions } from '../../../demo/server/app';
import { startBackend, type RunningBackend } from './backend';
import { launchChromium } from './browser';

export interface World {
  browser: Browser;
  backend: RunningBackend;
  /** One browser profile; its pages are the tabs. */
  context: BrowserContext;
}

/**
 * One Chromium per test file; per test a fresh backend (port 0) and a fresh browser context, both
 * stopped after the test whatever happened.
 */
export function useWorld(options: MockBackendOptions = {}): World {
  const world = {} as World;
  beforeAll(async () => {
    world.browser = await launchChromium();
  });
  afterAll(async () => {
    await world.browser?.close();
  });
  beforeEach(async () => {
    world.backend = await startBackend(options);
    world.context = await world.browser.newContext();
  });
  afterEach(async () => {
    await world.context?.close();
    await world.backend?.close();
  });
  return world;
}
