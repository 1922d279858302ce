import type { BrowserContext, Page } from 'playwright-core';
import type * as Tabsession from '../../../src/index';
import type { SessionEvent, SessionEventType } from '../../../src/index';
import { until } from './until';

export type TransportName = 'fetch' | 'axios' | 'ky' | 'xhr';
export type TokenMode = 'cookie' | 'header';

export interface RequestOptions {
  method?: string;
  /** A path on the API, or an absolute URL. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ErrorInfo {
  name: string;
  type: string | null;
  message: string;
}

export interface RequestResult {
  /** 0 when the request failed without a response (then `error` says why). */
  status: number;
  body: string;
  error?: ErrorInfo;
}

type Fn = {
  [K in keyof typeof Tabsession]: (typeof Tabsession)[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof typeof Tabsession];

/** `window.h` of test/e2e/fixtures/harness.js. */
export interface Harness {
  tabsession: typeof Tabsession;
  mode: TokenMode;
  api: string;
  /** Whether init() patched window.fetch and XMLHttpRequest. */
  patch: boolean;
  events: SessionEvent[];
  diagnostics: string[];
  load(name: TransportName): Promise<true>;
  request(name: TransportName, options: RequestOptions): Promise<RequestResult>;
  many(name: TransportName, options: RequestOptions, count: number): Promise<number[]>;
  signIn(email?: string, password?: string): Promise<{ status: number; body: { status?: string } }>;
  waitEvent(action: SessionEventType, since?: number, match?: Partial<Record<string, unknown>>): Promise<SessionEvent>;
  call(fn: Fn, ...args: unknown[]): Promise<{ value?: unknown; error?: ErrorInfo }>;
  cookieNames(): string[];
}

declare global {
  interface Window {
    h: Harness;
  }
}

export interface Tab {
  readonly page: Page;
  /** Every request this tab sent (URLs), counted by the browser: the per-tab view the backend lacks. */
  readonly sent: string[];
  /** Uncaught errors of the page: a test that ends with any has a bug somewhere. */
  readonly pageErrors: string[];
}

/**
 * Opens the harness as a new tab of `context`, served by `origin`, talking to `api` (default: `origin`),
 * and waits until the SDK is initialised.
 */
export interface TabOptions {
  mode?: TokenMode;
  /** The API origin; default: the page's own. */
  api?: string;
  /** false: init() patches neither fetch nor XMLHttpRequest (an adapter must carry the session). Default true. */
  patch?: boolean;
}

export async function openTab(context: BrowserContext, origin: string, options: TabOptions = {}): Promise<Tab> {
  const page = await context.newPage();
  const tab: Tab = { page, sent: [], pageErrors: [] };
  page.on('request', (request) => tab.sent.push(`${request.method()} ${request.url()}`));
  page.on('pageerror', (error) => tab.pageErrors.push(error.message));
  const query = new URLSearchParams({ mode: options.mode ?? 'cookie' });
  if (options.api !== undefined) query.set('api', options.api);
  if (options.patch === false) query.set('patch', 'none');
  await page.goto(`${origin}/e2e/harness.html?${query}`);
  await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true');
  return tab;
}

/** Opens `count` tabs in parallel. */
export function openTabs(
  context: BrowserContext,
  origin: string,
  count: number,
  options: TabOptions = {},
): Promise<Tab[]> {
  return Promise.all(Array.from({ length: count }, () => openTab(context, origin, options)));
}

/** Requests the tab sent to `origin` since index `from` of `tab.sent`. */
export function sentTo(tab: Tab, origin: string, from = 0): string[] {
  return tab.sent.slice(from).filter((line) => line.split(' ')[1]?.startsWith(`${origin}/`));
}

/**
 * Holds every refresh request of `context` until `ready()` holds (checked against the backend's
 * counters), then lets it through: proof that everything counted by `ready` was in flight before the
 * refresh could finish.
 */
export async function holdRefreshUntil(context: BrowserContext, ready: () => boolean, what: string): Promise<void> {
  await context.route('**/auth/session/refresh', async (route) => {
    try {
      await until(ready, what);
    } catch (error) {
      await route.abort();
      throw error;
    }
    await route.continue();
  });
}
