import type { Browser, BrowserContext } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { launchChromium } from '../../test/e2e/support/browser';
import { ROOT } from '../../test/e2e/support/env';
import type { Lib } from '../page/protocol';

/** The mock backend's test-control API, over HTTP (the backend runs in its own process). */
export interface BackendControl {
  readonly url: string;
  expire(): Promise<void>;
  refreshCalls(): Promise<number>;
  /** The refresh requests logged since `since` (epoch ms): when each arrived and how it was answered. */
  refreshRequests(since: number): Promise<{ at: number; status: number | null }[]>;
}

/** One Chromium and one mock backend for the whole run; contexts (profiles) and pages come and go. */
export interface BenchWorld {
  readonly browser: Browser;
  readonly backend: BackendControl;
  close(): Promise<void>;
}

async function control(url: string, path: string, method: 'GET' | 'POST'): Promise<unknown> {
  const response = await fetch(`${url}/__mock/${path}`, { method });
  if (!response.ok) throw new Error(`bench: ${method} /__mock/${path} answered ${response.status}`);
  return response.json();
}

function spawnBackend(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/support/backend-process.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolveUrl, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`bench: the backend process exited (${code}) before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolveUrl({ child, url: (JSON.parse(line) as { url: string }).url });
    });
  });
}

export async function startWorld(): Promise<BenchWorld> {
  const { child, url } = await spawnBackend();
  const stopBackend = () =>
    new Promise<void>((done) => {
      child.once('exit', () => done());
      child.stdin?.end();
    });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await stopBackend();
    throw error;
  });
  return {
    browser,
    backend: {
      url,
      expire: async () => void (await control(url, 'expire', 'POST')),
      refreshCalls: async () => ((await control(url, 'stats', 'GET')) as { refreshCalls: number }).refreshCalls,
      refreshRequests: async (since) =>
        ((await control(url, 'stats', 'GET')) as { requests: { path: string; at: number; status: number | null }[] }).requests
          .filter((r) => r.path === '/auth/session/refresh' && r.at >= since)
          .map(({ at, status }) => ({ at, status })),
    },
    async close() {
      await browser.close();
      await stopBackend();
    },
  };
}

/** A tab of the bench page with `lib` loaded. Its uncaught errors fail the run when it is next used. */
export interface BenchTab {
  readonly lib: Lib;
  close(): Promise<void>;
  /** `page.evaluate`, failing when the page has thrown since (`fn` runs in the page: it uses `window.bench`). */
  run<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

export async function openTab(context: BrowserContext, origin: string, lib: Lib, options: { stub?: boolean } = {}): Promise<BenchTab> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/bench-build/bench.html?lib=${lib}${options.stub === true ? '&stub' : ''}`);
  await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true');
  return {
    lib,
    close: () => page.close(),
    async run(fn, arg) {
      // Playwright types the argument after serialisation (Unboxed); ours are plain JSON values.
      const result = (await page.evaluate(fn as (arg: unknown) => unknown, arg)) as Awaited<ReturnType<typeof fn>>;
      if (errors.length > 0) throw new Error(`bench page (${lib}) threw: ${errors.join('; ')}`);
      return result;
    },
  };
}

/** A fresh profile with `count` tabs of `lib`, signed in from the first. */
export async function openSignedInTabs(world: BenchWorld, lib: Lib, count: number): Promise<{ context: BrowserContext; tabs: BenchTab[] }> {
  const context = await world.browser.newContext();
  const tabs = await Promise.all(Array.from({ length: count }, () => openTab(context, world.backend.url, lib)));
  const status = await tabs[0]!.run(() => window.bench.signIn(), null);
  if (status !== 200) throw new Error(`bench: sign-in from a ${lib} tab answered ${status}`);
  return { context, tabs };
}
