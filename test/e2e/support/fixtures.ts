import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { MockBackendOptions } from '../../../demo/server/app';
import { startBackend, type RunningBackend } from './backend';
import { launch, selectedEngines, type Engine, type EngineBrowser, type Profile, type ProfileOptions } from './drivers';

/** The engines of this run (TABSESSION_ENGINES), for `describe.each(ENGINES)`. */
export const ENGINES = selectedEngines();

/**
 * The engines of this run minus those a file leaves out, each with its reason. Each left-out engine
 * that was selected is named with its reason on the console (vitest shows the line under the file), so
 * an exclusion is never silent. A file whose only selected engine is left out then has no test: the e2e
 * config lets that pass (`passWithNoTests`) rather than count a test that cannot fail.
 */
export function enginesExcept(excluded: Partial<Record<Engine, string>>): Engine[] {
  for (const engine of ENGINES) {
    const reason = excluded[engine];
    if (reason !== undefined) console.log(`${engine} is left out of this file: ${reason}`);
  }
  return ENGINES.filter((engine) => excluded[engine] === undefined);
}

export interface World {
  engine: Engine;
  browser: EngineBrowser;
  backend: RunningBackend;
  /** One browser profile; its tabs share cookies, storage, Web Locks and IndexedDB. */
  profile: Profile;
}

export interface BrowserHolder {
  readonly engine: Engine;
  browser: EngineBrowser;
}

/** Launches `engine` once for the enclosing describe block and closes it after, whatever happened. */
export function useBrowser(engine: Engine): BrowserHolder {
  const holder = { engine } as BrowserHolder;
  beforeAll(async () => {
    holder.browser = await launch(engine);
  });
  afterAll(async () => {
    await holder.browser?.close();
  });
  return holder;
}

/**
 * Per test, in the browser `holder` launched (see useBrowser): a fresh backend (port 0) and a fresh
 * profile, both stopped after the test whatever happened.
 */
export function useWorld(holder: BrowserHolder, options: MockBackendOptions = {}, profileOptions: ProfileOptions = {}): World {
  const world = { engine: holder.engine } as World;
  beforeEach(async () => {
    world.browser = holder.browser;
    world.backend = await startBackend(options);
    world.profile = await world.browser.newProfile(profileOptions);
  });
  afterEach(async () => {
    const { profile, backend } = world;
    world.profile = undefined as unknown as Profile;
    world.backend = undefined as unknown as RunningBackend;
    await profile?.close();
    await backend?.close();
  });
  return world;
}
