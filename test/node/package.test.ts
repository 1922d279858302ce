// package.json's exports and typesVersions are written from the entries in
// scripts/entries.mjs (npm run exports): this fails when an entry was added without rewriting them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('package.json exports and typesVersions match scripts/entries.mjs', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const run = spawnSync(process.execPath, ['scripts/exports.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 30_000);
