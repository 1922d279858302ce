import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, launchChromium } from './chromium';
import { FIREFOX_PATH, launchFirefox } from './firefox';
import type { Engine, EngineBrowser } from './types';
import { MINIBROWSER_PATH, WEBKIT_DRIVER_PATH, XVFB_PATH, launchWebKit } from './webkit';

export type { BrowserTab, CookieInfo, Engine, EngineBrowser, PageFunction, Profile, ProfileOptions } from './types';

export const ALL_ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

/**
 * The engines this run covers: `TABSESSION_ENGINES=firefox` (or a comma list), default all three.
 * An unknown name fails the run rather than silently running fewer engines.
 */
export function selectedEngines(value = process.env['TABSESSION_ENGINES']): Engine[] {
  if (value === undefined || value.trim() === '') return [...ALL_ENGINES];
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(ALL_ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`TABSESSION_ENGINES: unknown engine(s) ${unknown.join(', ')}; known: ${ALL_ENGINES.join(', ')}`);
  return names as Engine[];
}

/** What each engine needs on this machine, and the Debian package that provides it. */
const REQUIREMENTS: Record<Engine, { path: string; pkg: string; env: string }[]> = {
  chromium: [{ path: CHROMIUM_PATH, pkg: 'chromium', env: 'CHROMIUM_PATH' }],
  firefox: [{ path: FIREFOX_PATH, pkg: 'firefox-esr', env: 'FIREFOX_PATH' }],
  webkit: [
    { path: WEBKIT_DRIVER_PATH, pkg: 'webkit2gtk-driver', env: 'WEBKIT_DRIVER_PATH' },
    { path: MINIBROWSER_PATH, pkg: 'webkit2gtk-driver', env: 'WEBKIT_MINIBROWSER_PATH' },
    { path: XVFB_PATH, pkg: 'xvfb xauth', env: 'XVFB_PATH' },
  ],
};

/** Throws (never skips) when a selected engine is missing, with the one apt-get line that installs everything missing. */
export function assertEngines(engines: readonly Engine[] = selectedEngines()): void {
  const missing = engines.flatMap((engine) => REQUIREMENTS[engine].filter((req) => !existsSync(req.path)).map((req) => ({ engine, ...req })));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.flatMap((req) => req.pkg.split(' ')))].join(' ');
  throw new Error(
    `The browser suite cannot run ${[...new Set(missing.map((m) => m.engine))].join(', ')}: missing ` +
      missing.map((m) => `${m.path} (or set ${m.env})`).join(', ') +
      `. Install with:\n  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages}\n` +
      'or run fewer engines, e.g. TABSESSION_ENGINES=chromium npm run test:e2e',
  );
}

export function launch(engine: Engine): Promise<EngineBrowser> {
  assertEngines([engine]);
  switch (engine) {
    case 'chromium':
      return launchChromium();
    case 'firefox':
      return launchFirefox();
    case 'webkit':
      return launchWebKit();
  }
}
