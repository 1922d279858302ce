import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Debian's Chromium, or `$CHROMIUM_PATH`. The suite never downloads a browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Throws (never skips) when there is no Chromium to run the suite in. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The e2e suite needs Chromium at ${CHROMIUM_PATH}, which does not exist. ` +
        'Install it with `apt-get install chromium` (Debian), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
}

/** What the backend serves besides its routes: the built SDK, the peers the import map names, the pages. */
export const STATIC_MOUNTS: Record<string, string> = {
  '/dist': resolve(ROOT, 'dist'),
  '/vendor/js-cookie': resolve(ROOT, 'node_modules/js-cookie/dist'),
  '/vendor/axios': resolve(ROOT, 'node_modules/axios/dist/esm'),
  '/vendor/ky': resolve(ROOT, 'node_modules/ky/distribution'),
  '/e2e': resolve(ROOT, 'test/e2e/fixtures'),
};

export const WEB_ROOT = resolve(ROOT, 'demo/web');
