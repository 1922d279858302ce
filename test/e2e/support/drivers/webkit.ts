import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, error as seleniumError, type WebDriver } from 'selenium-webdriver';
import { until, withTimeout } from '../until';
import type { BrowserTab, EngineBrowser, PageFunction, Profile } from './types';

/** Debian's `webkit2gtk-driver`, or `$WEBKIT_DRIVER_PATH`. It starts MiniBrowser (libwebkit2gtk-4.1-0). */
export const WEBKIT_DRIVER_PATH = process.env['WEBKIT_DRIVER_PATH'] ?? '/usr/bin/WebKitWebDriver';
export const XVFB_PATH = process.env['XVFB_PATH'] ?? '/usr/bin/Xvfb';
const MINIBROWSER_CANDIDATES = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'];
export const MINIBROWSER_PATH = process.env['WEBKIT_MINIBROWSER_PATH'] ?? MINIBROWSER_CANDIDATES.find((path) => existsSync(path)) ?? MINIBROWSER_CANDIDATES[0]!;

/** How many of a child's last output lines are kept for error messages (see `child`). */
const OUTPUT_LINES = 40;

/**
 * A child process stopped by its PID when the browser closes, or when the test process exits first.
 * Its stdout and stderr are read as they come (a pipe nobody reads fills up and blocks the writer), and
 * their last OUTPUT_LINES lines are kept: WebKitWebDriver's are also MiniBrowser's and its web and
 * network processes', where a crashed web process is reported.
 */
function child(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, log?: string): ChildProcess & { tail: () => string[] } {
  const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [proc.stdout!, proc.stderr!]) {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      if (log) appendFileSync(log, chunk);
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop()!;
      lines.push(...parts.filter((line) => line.trim() !== ''));
      lines.splice(0, lines.length - OUTPUT_LINES);
    });
  }
  const stop = () => proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined && process.kill(proc.pid, 'SIGTERM');
  process.once('exit', stop);
  proc.once('exit', () => process.off('exit', stop));
  return Object.assign(proc, { tail: () => [...lines] });
}

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  process.kill(proc.pid, 'SIGTERM');
  await exited;
}

/** Xvfb on a display it picks itself (-displayfd): resolves once it accepts clients. */
async function startXvfb(): Promise<{ proc: ChildProcess; display: string }> {
  const proc = child(XVFB_PATH, ['-displayfd', '1', '-screen', '0', '1280x900x24', '-nolisten', 'tcp']);
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    proc.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
  });
  return { proc, display };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `fn(arg)` as a script that starts the work in the page and returns at once: WebDriver runs one command
 * at a time per session, so a long evaluation in one tab must not block the others. The result is
 * stored on the page and polled (see `poll`).
 */
function startScript(id: number, fn: PageFunction<unknown, unknown>, arg: unknown): string {
  // A document of an opaque origin is not a page the test opened (every test page is http): the tab lost
  // its page, e.g. its web process ended. Say where it is instead of starting work that may never finish.
  return `if (window.origin === 'null') return location.href;
    const jobs = (window.__driverJobs ??= {}); const job = (jobs[${id}] = { done: false });
    Promise.resolve().then(() => (${fn.toString()})(${JSON.stringify(arg) ?? 'undefined'})).then(
      (value) => { job.done = true; job.value = value === undefined ? null : value; },
      (error) => { job.done = true; job.error = String((error && error.message) || error); });
    return null;`;
}
function pollScript(id: number): string {
  return `const job = window.__driverJobs && window.__driverJobs[${id}];
    if (!job) return JSON.stringify({ lost: true });
    if (!job.done) return null;
    delete window.__driverJobs[${id}];
    return JSON.stringify(job);`;
}
/** How many times a repeatable script runs again after the page navigated away under it (see `exec`). */
const UNLOAD_RETRIES = 3;
/** How long one WebDriver step may go unanswered before it fails the test (a hang guard, not a speed limit). */
const COMMAND_TIMEOUT_MS = 30_000;

/** After each navigation: uncaught errors from then on (WebDriver classic has no event for them). */
const WATCH_ERRORS = `if (!window.__driverErrors) { window.__driverErrors = [];
  addEventListener('error', (e) => window.__driverErrors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.__driverErrors.push(String(e.reason && e.reason.message || e.reason))); }`;

/**
 * WebKitGTK's MiniBrowser through Debian's WebKitWebDriver, under an Xvfb the suite starts (WebKitGTK
 * has no headless mode), driven by selenium-webdriver. Both processes are stopped by PID on close.
 * One WebDriver session is one profile; a new profile is the same session emptied (its tabs closed,
 * the cookies of every host it visited deleted): a session costs seconds to start, and every test's
 * servers are new origins (ports), so their storage, locks and IndexedDB start empty anyway.
 */
export async function launchWebKit(): Promise<EngineBrowser> {
  const xvfb = await startXvfb();
  const port = await freePort();
  // TABSESSION_WEBKIT_LOG=<file>: every line of the browser's output is also appended there.
  const driverProc = child(WEBKIT_DRIVER_PATH, [`--port=${port}`], { ...process.env, DISPLAY: xvfb.display }, process.env['TABSESSION_WEBKIT_LOG']);
  const server = `http://127.0.0.1:${port}`;
  let driver: WebDriver;
  try {
    await until(() => fetch(`${server}/status`).then((r) => r.ok, () => false), 'WebKitWebDriver to listen');
    driver = await new Builder()
      .usingServer(server)
      .withCapabilities({
        browserName: 'MiniBrowser',
        unhandledPromptBehavior: 'dismiss and notify',
        'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
      })
      .build();
  } catch (error) {
    await stopChild(driverProc);
    await stopChild(xvfb.proc);
    throw error;
  }
  const base = await driver.getWindowHandle();
  let current = base;
  let queue: Promise<unknown> = Promise.resolve();
  let jobs = 0;
  let profileOpen = false;
  const visited = new Set<string>();

  /**
   * Runs one WebDriver step in `handle`'s tab, after every step queued before it. A step that gets no
   * answer within COMMAND_TIMEOUT_MS fails with its name (`what`) instead of hanging the test; the
   * queue moves on, and the test fails with that message.
   */
  function inTab<T>(handle: string, dialogs: string[], what: string, step: () => Promise<T>): Promise<T> {
    const steps = async (): Promise<T> => {
      if (current !== handle) {
        await driver.switchTo().window(handle);
        current = handle;
      }
      try {
        return await step();
      } catch (error) {
        // An alert the page opened was dismissed by the driver; note it and carry on.
        if (!(error instanceof seleniumError.UnexpectedAlertOpenError)) throw error;
        dialogs.push(error.getAlertText() ?? '');
        return step();
      }
    };
    const run = () => withTimeout(steps(), COMMAND_TIMEOUT_MS, `WebKit: the WebDriver command "${what}" did not answer`);
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  /** An error about a tab that lost its page, with the browser's last output lines (a crash is reported there). */
  function lostPage(message: string): Error {
    const tail = driverProc.tail();
    return new Error(`WebKit: ${message}; WebKitWebDriver's last output lines:${tail.length > 0 ? `\n  ${tail.join('\n  ')}` : ' none'}`);
  }

  function webkitTab(handle: string): BrowserTab {
    const dialogs: string[] = [];
    let closed = false;
    /**
     * Runs `script` in the tab. When the page navigates itself while the script runs (a redirect),
     * WebKitWebDriver answers "no such frame" ("Callback was not called before the unload event"); a
     * `repeatable` script (one that is safe to run twice) then runs again on the new document, at most
     * UNLOAD_RETRIES times.
     */
    const exec = <T>(script: string, what: string, repeatable = false) =>
      inTab(handle, dialogs, what, async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await driver.executeScript<T>(script);
          } catch (error) {
            if (!repeatable || !(error instanceof seleniumError.NoSuchFrameError) || attempt > UNLOAD_RETRIES) throw error;
          }
        }
      });
    return {
      async evaluate<R, A>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
        const id = ++jobs;
        const lostAt = await exec<string | null>(startScript(id, fn as PageFunction<unknown, unknown>, arg), 'executeScript (start an evaluation)');
        if (lostAt !== null) throw lostPage(`the tab is no longer on a page the test opened (it is at ${lostAt})`);
        for (;;) {
          if (closed) throw new Error('the tab was closed while evaluating');
          const raw = await exec<string | null>(pollScript(id), 'executeScript (poll an evaluation)', true);
          if (raw !== null) {
            const job = JSON.parse(raw) as { value?: R; error?: string; lost?: true };
            if (job.lost) {
              const now = await exec<string>('return location.href', 'executeScript (read the location)', true).catch(String);
              throw lostPage(`the page navigated away while evaluating (the tab is now at ${now})`);
            }
            if (job.error !== undefined) throw new Error(job.error);
            return job.value as R;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      },
      async goto(url) {
        visited.add(new URL(url).origin);
        await inTab(handle, dialogs, `get ${url}`, () => driver.get(url));
        await exec(WATCH_ERRORS, 'executeScript (watch errors)', true);
      },
      url: () => inTab(handle, dialogs, 'getCurrentUrl', () => driver.getCurrentUrl()),
      bringToFront: () => inTab(handle, dialogs, 'switch to the tab', async () => undefined),
      // Take Screenshot is never answered for a MiniBrowser page under Xvfb (the command hung the demo
      // test until the per-command timeout), so it is refused here rather than sent; see canScreenshot.
      canScreenshot: false,
      screenshot: async () => {
        throw new Error('WebKit: screenshots are not supported (WebKitWebDriver never answers Take Screenshot for MiniBrowser under Xvfb)');
      },
      errors: async () => (await exec<string[] | null>('return window.__driverErrors || null', 'executeScript (read errors)', true)) ?? [],
      dialogs,
      async close() {
        closed = true;
        await inTab(handle, dialogs, 'close the tab', async () => {
          await driver.close();
          current = '';
        });
      },
    };
  }

  return {
    engine: 'webkit',
    async newProfile(): Promise<Profile> {
      if (profileOpen) throw new Error('WebKit: one profile at a time (one WebDriver session)');
      profileOpen = true;
      return {
        async newTab(url) {
          const handle = await inTab(base, [], 'open a new tab', async () => {
            await driver.switchTo().newWindow('tab');
            current = await driver.getWindowHandle();
            return current;
          });
          const tab = webkitTab(handle);
          await tab.goto(url);
          return tab;
        },
        async cookies(url) {
          const host = new URL(url).hostname;
          const all = await inTab(base, [], 'getCookies', async () => {
            // WebDriver lists the cookies of the current document, whose URL decides the path match.
            await driver.get(url);
            return driver.manage().getCookies();
          });
          return all
            .filter((cookie) => (cookie.domain ?? host).replace(/^\./, '') === host)
            .map((cookie) => ({ name: cookie.name, domain: cookie.domain ?? host, httpOnly: cookie.httpOnly ?? false }));
        },
        async close() {
          await inTab(base, [], 'close the profile', async () => {
            for (const handle of await driver.getAllWindowHandles()) {
              if (handle === base) continue;
              await driver.switchTo().window(handle);
              await driver.close();
            }
            await driver.switchTo().window(base);
            current = base;
            for (const origin of visited) {
              await driver.get(`${origin}/e2e/blank.html`).catch(() => undefined);
              await driver.manage().deleteAllCookies().catch(() => undefined);
            }
            visited.clear();
            await driver.get('about:blank');
          });
          profileOpen = false;
        },
      };
    },
    async close() {
      await driver.quit().catch(() => undefined);
      await stopChild(driverProc);
      await stopChild(xvfb.proc);
    },
  };
}
