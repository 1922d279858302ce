// The demo web root and extra static mounts.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { start } from './helpers.js';

function fixture(): { web: string; dist: string } {
  const root = mkdtempSync(join(tmpdir(), 'tabsession-static-'));
  const web = join(root, 'web');
  const dist = join(root, 'dist');
  mkdirSync(web);
  mkdirSync(dist);
  writeFileSync(join(web, 'index.html'), '<h1>demo</h1>');
  writeFileSync(join(web, 'refresh-session.html'), '<p>refreshing</p>');
  writeFileSync(join(dist, 'index.js'), 'export const x = 1;');
  return { web, dist };
}

describe('static files', () => {
  it('serves webRoot at / (extensionless .html too) and staticMounts at their prefix, unlogged', async () => {
    const { web, dist } = fixture();
    const { url, backend } = await start({ webRoot: web, staticMounts: { '/dist': dist } });
    expect(await (await fetch(`${url}/`)).text()).toBe('<h1>demo</h1>');
    expect(await (await fetch(`${url}/refresh-session?redirectBack=/dashboard`)).text()).toBe('<p>refreshing</p>');
    const js = await fetch(`${url}/dist/index.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toBe('export const x = 1;');
    expect(backend.control.stats().requests).toEqual([]);
    // Routes win over files, and a missing file is a JSON 404.
    expect((await fetch(`${url}/dashboard`, { redirect: 'manual' })).status).toBe(302);
    expect((await fetch(`${url}/missing.txt`)).status).toBe(404);
  });

  it('without webRoot, / is a 404', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/`)).status).toBe(404);
  });
});
