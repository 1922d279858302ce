// The command line: flag parsing, start on port 0, serve, close.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USAGE, main } from '../../demo/server/cli.js';
import type { CliIO, CliOutcome } from '../../demo/server/cli.js';

function capture(): CliIO & { out: (line: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

/** A fake repository root with the folders the CLI mounts when present. */
function fakeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'tabsession-cli-'));
  for (const dir of ['demo/web', 'dist', 'node_modules/js-cookie/dist', 'node_modules/axios/dist/esm', 'node_modules/ky/distribution']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  writeFileSync(join(root, 'demo/web/index.html'), 'demo page');
  writeFileSync(join(root, 'dist/index.js'), '// sdk');
  writeFileSync(join(root, 'node_modules/js-cookie/dist/js.cookie.mjs'), '// js-cookie');
  writeFileSync(join(root, 'node_modules/axios/dist/esm/axios.js'), '// axios');
  writeFileSync(join(root, 'node_modules/ky/distribution/index.js'), '// ky');
  return root;
}

const running: CliOutcome[] = [];
afterEach(async () => {
  for (const outcome of running.splice(0)) if (outcome.kind === 'listening') await outcome.close();
});

async function run(argv: string[], repoRoot = fakeRepo()): Promise<{ outcome: CliOutcome; io: ReturnType<typeof capture> }> {
  const io = capture();
  const outcome = await main(argv, io, { repoRoot });
  running.push(outcome);
  return { outcome, io };
}

describe('cli main', () => {
  it('starts on port 0, prints the URLs, serves the web root and mounts, and closes', async () => {
    const { outcome, io } = await run(['--port', '0']);
    if (outcome.kind !== 'listening') throw new Error('expected the server to listen');
    expect(outcome.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(io.lines.join('\n')).toContain(`${outcome.url}/__mock/stats`);
    expect(io.lines.join('\n')).toContain(`${outcome.url}/auth`);
    expect(await (await fetch(`${outcome.url}/`)).text()).toBe('demo page');
    expect(await (await fetch(`${outcome.url}/dist/index.js`)).text()).toBe('// sdk');
    expect(await (await fetch(`${outcome.url}/vendor/js-cookie/js.cookie.mjs`)).text()).toBe('// js-cookie');
    expect(await (await fetch(`${outcome.url}/vendor/axios/axios.js`)).text()).toBe('// axios');
    expect(await (await fetch(`${outcome.url}/vendor/ky/index.js`)).text()).toBe('// ky');
    expect(await (await fetch(`${outcome.url}/api/public`)).json()).toEqual({ ok: true });
    await outcome.close();
    await expect(fetch(`${outcome.url}/api/public`)).rejects.toThrow();
  });

  it('applies --mode, lifetimes, --anti-csrf and --no-test-control', async () => {
    const { outcome } = await run([
      '--port=0',
      '--mode',
      'header',
      '--access-token-lifetime',
      '2.5',
      '--refresh-token-lifetime',
      '600',
      '--anti-csrf',
      'NONE',
      '--no-test-control',
    ]);
    if (outcome.kind !== 'listening') throw new Error('expected the server to listen');
    const res = await fetch(`${outcome.url}/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
    });
    expect(res.headers.get('st-access-token')).not.toBeNull(); // header mode by default
    expect(outcome.backend.control.config().accessTokenLifetimeMs).toBe(2_500);
    expect((await fetch(`${outcome.url}/__mock/stats`)).status).toBe(404);
  });

  it('--web overrides the web root', async () => {
    const web = mkdtempSync(join(tmpdir(), 'tabsession-web-'));
    writeFileSync(join(web, 'index.html'), 'other page');
    const { outcome } = await run(['--port', '0', '--web', web]);
    if (outcome.kind !== 'listening') throw new Error('expected the server to listen');
    expect(await (await fetch(`${outcome.url}/`)).text()).toBe('other page');
  });

  it('without demo/web or dist in the repo, nothing is mounted', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tabsession-empty-'));
    const { outcome, io } = await run(['--port', '0'], empty);
    if (outcome.kind !== 'listening') throw new Error('expected the server to listen');
    expect(io.lines.join('\n')).toContain('(no web root)');
    expect((await fetch(`${outcome.url}/dist/index.js`)).status).toBe(404);
  });

  it('--help prints usage and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const { outcome, io } = await run([flag]);
      expect(outcome).toEqual({ kind: 'exit', code: 0 });
      expect(io.lines).toEqual([USAGE]);
    }
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['positional'], /Unexpected argument/],
    [['--port'], /argument missing/],
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '70000'], /--port must be an integer/],
    [['--port', '-1'], /--port/],
    [['--mode', 'carrier-pigeon'], /--mode must be one of cookie, header/],
    [['--access-token-lifetime', '0'], /--access-token-lifetime must be a positive number/],
    [['--refresh-token-lifetime', 'soon'], /--refresh-token-lifetime must be a positive number/],
    [['--anti-csrf', 'maybe'], /--anti-csrf must be one of/],
    [['--web', '/definitely/not/here'], /--web: .* is not a directory/],
    [['--host', ''], /--host must not be empty/],
  ])('%j: clear error, exit 2', async (argv, message) => {
    const { outcome, io } = await run(argv);
    expect(outcome).toEqual({ kind: 'exit', code: 2 });
    expect(io.errors[0]).toMatch(message);
    expect(io.errors[1]).toMatch(/--help/);
    expect(io.lines).toEqual([]);
  });

  it('a port in use: exit 1 with a message', async () => {
    const { outcome: first } = await run(['--port', '0']);
    if (first.kind !== 'listening') throw new Error('expected the server to listen');
    const { outcome, io } = await run(['--port', String(first.port)]);
    expect(outcome).toEqual({ kind: 'exit', code: 1 });
    expect(io.errors[0]).toMatch(/cannot listen .*EADDRINUSE/);
  });
});
