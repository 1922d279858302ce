/**
 * The package as a user gets it: `npm run build && npm pack`, the tarball installed into temporary
 * projects under the OS temp folder (removed afterwards), then everything a new user would try:
 * the install is lean, Node can import it and call init() and exit, TypeScript type-checks it under
 * every moduleResolution with skipLibCheck off, attw and publint find nothing, the bin runs without
 * express installed, and Vite, webpack and script-tag builds of an app work in Chromium against that bin,
 * as does README.md's empty-folder walkthrough (its script-tag page served by the bin with --web).
 *
 * Run with `npm run test:consumer` (4-5 minutes on 2 busy cores; the build and the installs are most of it).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = (name: string) => join(ROOT, 'node_modules/.bin', name);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The peers the type-check needs, at the versions the repository tests (ky 2: the examples of docs/transports.md). */
const version = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const PEERS = [`axios@${version('axios')}`, `broadcast-channel@${version('broadcast-channel')}`, 'ky@^2'];

const run = promisify(execFile);
/** Runs a command; a failure carries its output, so the test report says what went wrong. */
async function sh(command: string, args: string[], cwd: string, timeout = 240_000): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, timeout, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${message}\n${stdout}\n${stderr}`);
  }
}
const npmInstall = (cwd: string, specs: string[]) => sh('npm', ['install', ...specs, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], cwd);

const work = mkdtempSync(join(tmpdir(), 'tabsession-consumer-'));
const empty = join(work, 'empty'); // `npm i tabsession` and nothing else
const app = join(work, 'app'); // tabsession and its optional peers: builds and type-checks
let tarball = '';
const children: ChildProcess[] = [];
let browser: Browser | undefined;

function project(dir: string, pkg: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, ...pkg }, null, 2));
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

beforeAll(async () => {
  await sh('npm', ['run', 'build', '--silent'], ROOT, 480_000);
  const packed = await sh('npm', ['pack', '--json', '--pack-destination', work], ROOT);
  tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  project(empty);
  project(app, { type: 'module' });
  await Promise.all([npmInstall(empty, [tarball]), npmInstall(app, [tarball, ...PEERS])]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  for (const child of children) child.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  test('npm i tabsession in an empty folder installs at most 3 packages, none of them the mock backend\'s', () => {
    const lock = JSON.parse(readFileSync(join(empty, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const installed = Object.keys(lock.packages).map((path) => path.replace(/^.*node_modules\//, ''));
    expect(installed.sort()).toEqual(['tabsession']);
    expect(installed.length).toBeLessThanOrEqual(3);
    console.log(`[consumer] tarball ${(statSync(tarball).size / 1024).toFixed(1)} KB; npm i tabsession: ${installed.length} packages (${installed.join(', ')})`);
  });

  test('Node: import and init() exit by themselves (0) within 10 s; require works too', async () => {
    const esm = await sh('timeout', ['10', 'node', '-e', "import('tabsession').then(m => m.init({ apiDomain: 'http://x' }))"], empty);
    expect(esm.stderr).toMatch(/NOT_IN_BROWSER|no window\/document/); // the one diagnostic, on console.warn
    const cjs = await sh('timeout', ['10', 'node', '-e', "const t = require('tabsession'); require('tabsession/ssr'); t.init({ apiDomain: 'http://x', onDiagnostic() {} }); console.log(typeof t.fetch)"], empty);
    expect(cjs.stdout.trim()).toBe('function');
  });

  test('the bin runs without express installed, and --help names it', async () => {
    const { stdout } = await sh(join(empty, 'node_modules/.bin/tabsession-mock-backend'), ['--help'], empty);
    expect(stdout.split('\n')[0]).toBe('Usage: tabsession-mock-backend [options]');
  });

  test('npm overrides: "supertokens-website" as file:./node_modules/tabsession/dist/npm-override gives a package that depends on it the drop-in', async () => {
    // A stand-in for supertokens-web-js: a package from a tarball that depends on supertokens-website 20
    // and requires it and its subpaths, as the real SDKs do (CommonJS).
    const dep = join(work, 'dep');
    project(dep, { name: 'st-dependent', main: 'index.js', dependencies: { 'supertokens-website': '^20.1.0' } });
    write(dep, {
      'index.js': `const ST = require('supertokens-website');
const { SessionClaimValidatorStore } = require('supertokens-website/utils/sessionClaimValidatorStore');
const { PrimitiveClaim } = require('supertokens-website/lib/build/claims/primitiveClaim');
module.exports = { ST, SessionClaimValidatorStore, PrimitiveClaim };
`,
    });
    const packed = await sh('npm', ['pack', '--json', '--pack-destination', work], dep);
    const depTarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    const overridden = join(work, 'overridden');
    project(overridden, {
      dependencies: { tabsession: `file:${tarball}`, 'st-dependent': `file:${depTarball}` },
      overrides: { 'supertokens-website': 'file:./node_modules/tabsession/dist/npm-override' },
    });
    await npmInstall(overridden, []);
    // The dependent gets the drop-in (its default export, its claims), and the subpaths share the state of
    // tabsession/supertokens-website: a validator added through one is seen through the other.
    const { stdout } = await sh(
      'node',
      [
        '-e',
        `const d = require('st-dependent');
const own = require('tabsession/supertokens-website/utils/sessionClaimValidatorStore');
const claim = new d.PrimitiveClaim({ id: 'x', refresh: async () => {} });
d.SessionClaimValidatorStore.addClaimValidatorFromOtherRecipe(claim.validators.hasValue(1));
console.log(JSON.stringify({ init: typeof d.ST.default.init, validateClaims: typeof d.ST.default.validateClaims, shared: own.SessionClaimValidatorStore.getClaimValidatorsAddedByOtherRecipes().length, real: require('supertokens-website/package.json').description }));`,
      ],
      overridden,
    );
    expect(JSON.parse(stdout)).toEqual({ init: 'function', validateClaims: 'function', shared: 1, real: expect.stringContaining("tabsession's drop-in") });

    // Its declarations, as a TypeScript app (and the SDKs' own .d.ts) import them through the override:
    // every path resolves, and the types are real (were they `any`, the @ts-expect-error lines would be
    // unused, TS2578).
    write(overridden, {
      'check.ts': `import SuperTokens, { type ClaimValidationError, type InputType } from 'supertokens-website';
import { PrimitiveClaim } from 'supertokens-website/lib/build/claims/primitiveClaim';
import { PrimitiveArrayClaim } from 'supertokens-website/lib/build/claims/primitiveArrayClaim';
import { BooleanClaim } from 'supertokens-website/lib/build/claims/booleanClaim';
import { SessionClaimValidatorStore } from 'supertokens-website/utils/sessionClaimValidatorStore';
import { getGlobalClaimValidators } from 'supertokens-website/utils/globalClaimValidators';
import { STGeneralError } from 'supertokens-website/utils/error';
import { CookieHandlerReference } from 'supertokens-website/utils/cookieHandler';
import { WindowHandlerReference } from 'supertokens-website/utils/windowHandler';
import { DateProviderReference } from 'supertokens-website/utils/dateProvider';
import type { CookieHandlerInput } from 'supertokens-website/utils/cookieHandler/types';
import type { WindowHandlerInput } from 'supertokens-website/utils/windowHandler/types';
import type { DateProviderInput } from 'supertokens-website/utils/dateProvider/types';
const config: InputType = { apiDomain: 'https://api.example.com' };
SuperTokens.init(config);
// @ts-expect-error apiDomain is a string
SuperTokens.init({ apiDomain: 1234 });
export const failed: Promise<ClaimValidationError[]> = SuperTokens.validateClaims();
export const exists: Promise<boolean> = SuperTokens.doesSessionExist({ userContext: {} });
export const plan = new PrimitiveClaim<string>({ id: 'a', refresh: async () => {} });
export const roles = new PrimitiveArrayClaim<string>({ id: 'b', refresh: async () => {} });
export const verified = new BooleanClaim({ id: 'c', refresh: async () => {} });
// @ts-expect-error a claim needs an id
new BooleanClaim({ refresh: async () => {} });
SessionClaimValidatorStore.addClaimValidatorFromOtherRecipe(verified.validators.isTrue());
SessionClaimValidatorStore.addClaimValidatorFromOtherRecipe(roles.validators.includes('admin'));
export const globals = getGlobalClaimValidators;
export const general: Error = new STGeneralError('x');
export const refs = [CookieHandlerReference, WindowHandlerReference, DateProviderReference];
export type Inputs = [CookieHandlerInput, WindowHandlerInput, DateProviderInput];
`,
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] },
        include: ['check.ts'],
      }),
    });
    await sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', overridden], overridden);
  });

  test('attw finds no problem in the tarball', async () => {
    const { stdout } = await sh(BIN('attw'), [tarball, '--format', 'ascii'], work);
    expect(stdout).toContain('No problems found');
  });

  test('publint finds nothing in the installed package', async () => {
    const { stdout } = await sh(BIN('publint'), [join(empty, 'node_modules/tabsession'), '--pack', 'false', '--strict'], work);
    expect(stdout).toContain('All good!');
  });
});

// What every consumer file checks: the root, each subpath, and that types are real (a wrong
// apiDomain must not compile, which it would if the declarations resolved to `any`).
const USES_CORE = `
init({ apiDomain: 'https://api.example.com', tokenTransferMethod: 'header' });
// @ts-expect-error apiDomain is a string
init({ apiDomain: 1234 });
export const exists: Promise<boolean> = doesSessionExist();
export const isError: boolean = isTabsessionError(new TabsessionError('NOT_IN_BROWSER', 'x'));
export const back: string = safeRedirectPath('/dashboard');
export const leave: Promise<string> = refreshAndRedirect({ loginPath: '/login' });
export const remove: () => void = addAxiosInterceptors(axios.create({ baseURL: 'https://api.example.com' }));
export const messenger: TabMessenger = packageMessenger();
init({ apiDomain: 'https://api.example.com', interceptXMLHttpRequest: xhr });
// @ts-expect-error the XMLHttpRequest patch is opt-in (tabsession/xhr): true is no longer an option
init({ apiDomain: 'https://api.example.com', interceptXMLHttpRequest: true });
`;
const IMPORTS_ESM = `import axios from 'axios';
import { init, doesSessionExist, isTabsessionError, TabsessionError, type TabMessenger } from 'tabsession';
import { addAxiosInterceptors } from 'tabsession/axios';
import { packageMessenger } from 'tabsession/broadcast-channel';
import { refreshAndRedirect, safeRedirectPath } from 'tabsession/ssr';
import { xhr } from 'tabsession/xhr';
`;
const USES_KY = `import ky from 'ky';
import { withSession } from 'tabsession/ky';
export const api = withSession(ky.create({ prefix: 'https://api.example.com' }));
export const order: Promise<unknown> = api.post('orders', { json: { item: 42 } }).json();
`;
const IMPORTS_CJS = IMPORTS_ESM.replace("import axios from 'axios';", "import axios = require('axios');");

describe('TypeScript, skipLibCheck: false', () => {
  const strict = { strict: true, skipLibCheck: false, noEmit: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] };
  const modes: Record<string, { compilerOptions: Record<string, unknown>; files: Record<string, string> }> = {
    bundler: {
      compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
      files: { 'main.ts': IMPORTS_ESM + USES_CORE + USES_KY },
    },
    // One project per resolution: a .mts file is ESM and a .cts file CommonJS under node16/nodenext.
    node16: {
      compilerOptions: { module: 'node16', moduleResolution: 'node16' },
      files: { 'esm.mts': IMPORTS_ESM + USES_CORE + USES_KY, 'cjs.cts': IMPORTS_CJS + USES_CORE },
    },
    nodenext: {
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
      files: { 'esm.mts': IMPORTS_ESM + USES_CORE + USES_KY, 'cjs.cts': IMPORTS_CJS + USES_CORE },
    },
    node10: {
      compilerOptions: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
      files: { 'main.ts': IMPORTS_ESM + USES_CORE },
    },
  };
  for (const [mode, { compilerOptions, files }] of Object.entries(modes)) {
    test(`moduleResolution ${mode}: no errors, and a wrong option type is an error`, async () => {
      const dir = join(app, `tsc-${mode}`);
      write(dir, { ...files, 'tsconfig.json': JSON.stringify({ compilerOptions: { ...strict, ...compilerOptions }, include: Object.keys(files) }) });
      // Passing also proves the types are real: were they `any`, the @ts-expect-error would be unused (TS2578).
      await sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], app);
    });
  }
});

describe('bundled apps in Chromium against the installed mock backend', () => {
  // The app: sign in, and expose a burst of API calls for the test to fire after the token expired.
  const APP = `init({ apiDomain: location.origin });
window.signIn = () => fetch('/auth/signin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }) }).then((r) => r.status);
window.burst = (n) => Promise.all(Array.from({ length: n }, () => fetch('/api/user').then((r) => r.status)));
window.ready = true;
`;
  const MAIN = `import { init } from 'tabsession';\n${APP}`;

  async function serve(web?: string): Promise<string> {
    const args = ['--port', '0', ...(web ? ['--web', web] : [])];
    const child = spawn(join(app, 'node_modules/.bin/tabsession-mock-backend'), args, { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (url) resolve(url);
      });
      child.once('exit', (code) => reject(new Error(`the mock backend exited (${code}) before listening:\n${out}`)));
    });
  }

  async function oneRefreshAfterExpiry(web: string): Promise<void> {
    const url = await serve(web);
    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${url}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    expect(await page.evaluate(() => (window as unknown as { signIn(): Promise<number> }).signIn())).toBe(200);
    expect((await fetch(`${url}/__mock/expire`, { method: 'POST' })).status).toBe(200);
    const statuses = await page.evaluate(() => (window as unknown as { burst(n: number): Promise<number[]> }).burst(5));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const stats = (await (await fetch(`${url}/__mock/stats`)).json()) as { refreshCalls: number };
    expect(stats.refreshCalls).toBe(1);
    // The burst's first round is 401 by design; nothing else may fail (no missing chunk, no 404).
    expect(failed.filter((line) => !line.startsWith('401 '))).toEqual([]);
    await page.close();
  }

  test('Vite: 5 requests on an expired token, exactly 1 refresh call, all 200', async () => {
    const dir = join(app, 'vite');
    write(dir, { 'index.html': '<!doctype html><script type="module" src="./main.js"></script>', 'main.js': MAIN });
    const { build } = await import('vite');
    await build({ root: dir, configFile: false, logLevel: 'error', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
    await oneRefreshAfterExpiry(join(dir, 'dist'));
  });

  test('webpack: 5 requests on an expired token, exactly 1 refresh call, all 200', async () => {
    const dir = join(app, 'webpack');
    write(dir, { 'main.js': MAIN, 'dist/index.html': '<!doctype html><script src="/main.js"></script>' });
    const { default: webpack } = await import('webpack');
    const stats = await new Promise<import('webpack').Stats>((resolve, reject) =>
      webpack({ mode: 'production', context: dir, entry: './main.js', output: { path: join(dir, 'dist'), filename: 'main.js' } }, (error, result) =>
        error || !result ? reject(error ?? new Error('no webpack result')) : resolve(result),
      ),
    );
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false);
    await oneRefreshAfterExpiry(join(dir, 'dist'));
  });

  test('script tag: dist/tabsession.iife.js alone, window.tabsession, exactly 1 refresh call', async () => {
    // The installed bin serves its package's dist/ at /dist, so the page loads the build users would link.
    const dir = join(app, 'script-tag');
    write(dir, { 'index.html': `<!doctype html><script src="/dist/tabsession.iife.js"></script><script>const { init } = window.tabsession;\n${APP}</script>` });
    await oneRefreshAfterExpiry(dir);
  });

  test("README.md's walkthrough: its script-tag page in web/, served by the installed bin, refreshes once", async () => {
    // The page is test/examples/script-tag.html, which README.md quotes verbatim (test/examples/docs.test.ts).
    const web = join(app, 'readme-web');
    write(web, { 'index.html': readFileSync(join(ROOT, 'test/examples/script-tag.html'), 'utf8') });
    const url = await serve(web);
    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/`);
    const shown = async (button: string): Promise<unknown> => {
      await page.evaluate(() => {
        (document.getElementById('out') as HTMLElement).textContent = '';
      });
      await page.getByRole('button', { name: button }).click();
      await page.waitForFunction(() => document.getElementById('out')?.textContent !== '');
      return JSON.parse((await page.textContent('#out')) ?? '');
    };
    expect(await shown('Sign in')).toMatchObject({ status: 'OK' });
    expect((await fetch(`${url}/__mock/expire`, { method: 'POST' })).status).toBe(200);
    expect(await shown('Call the API')).toMatchObject({ userId: 'user-demo' });
    expect(((await (await fetch(`${url}/__mock/stats`)).json()) as { refreshCalls: number }).refreshCalls).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the bin's own demo page loads everything it needs from the bin (no 404, no import map)", async () => {
    const url = await serve();
    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as demo@example.com').waitFor();
    // 401 is the protocol speaking (the first visit's refresh probe finds no session); nothing else may fail.
    expect(failed.filter((line) => !line.startsWith('401 '))).toEqual([]);
    expect(errors).toEqual([]);
    expect(readdirSync(join(app, 'node_modules/tabsession/dist/mock-backend/web'))).toContain('index.html');
    await page.close();
  });
});
