import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** What the backend serves besides its routes: the built SDK, the peers the import map names, the pages. */
export const STATIC_MOUNTS: Record<string, string> = {
  '/dist': resolve(ROOT, 'dist'),
  '/vendor/js-cookie': resolve(ROOT, 'node_modules/js-cookie/dist'),
  '/vendor/axios': resolve(ROOT, 'node_modules/axios/dist/esm'),
  '/vendor/ky': resolve(ROOT, 'node_modules/ky/distribution'),
  '/e2e': resolve(ROOT, 'test/e2e/fixtures'),
};

export const WEB_ROOT = resolve(ROOT, 'demo/web');
