import type { BrowserTab, PageFunction, Profile } from './drivers';
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
  /** The TabsessionError's short code (docs/error-codes.md), null for other errors. */
  code: string | null;
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
  /** `?protocol=oauth2` tabs: the password grant, its tokens adopted; resolves with the grant's status. */
  oauthSignIn(username?: string, password?: string): Promise<number>;
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
  /** The driver's handle on the tab: `page.evaluate(fn, arg)` runs in it, in every engine. */
  readonly page: BrowserTab;
}

export interface TabOptions {
  mode?: TokenMode;
  /** The API origin; default: the page's own. */
  api?: string;
  /** false: init() patches neither fetch nor XMLHttpRequest (an adapter must carry the session). Default true. */
  patch?: boolean;
  /** Browser APIs removed before the SDK loads (fixtures/fallback.js): a browser without them. */
  without?: ('locks' | 'indexedDB')[];
  /** `oauth2`: the page's client speaks tabsession/oauth2 to the mock token endpoint. Default: SuperTokens. */
  protocol?: 'oauth2';
  /** The main thread busy-loops this long on each 401, refresh response and storage event (fixtures/fallback.js). */
  jankMs?: number;
  /** 'production': the page runs dist/tabsession.iife.min.js (fixtures/production.html). Default: dist/ as built, in development. */
  build?: 'development' | 'production';
}

/**
 * Polls `fn(arg)` in the tab until it returns something other than false/undefined: how a test waits
 * for page state in every engine (WebDriver has no "wait for function").
 */
export function waitInTab<R, A = undefined>(tab: BrowserTab, fn: PageFunction<A, R | false | undefined>, arg: A, what: string): Promise<R> {
  return until(() => tab.evaluate(fn, arg), what);
}

/**
 * Opens the harness as a new tab of `profile`, served by `origin`, talking to `api` (default: `origin`),
 * and waits until the SDK is initialised.
 */
export async function openTab(profile: Profile, origin: string, options: TabOptions = {}): Promise<Tab> {
  const query = new URLSearchParams({ mode: options.mode ?? 'cookie' });
  if (options.api !== undefined) query.set('api', options.api);
  if (options.patch === false) query.set('patch', 'none');
  if (options.without?.length) query.set('without', options.without.join(','));
  if (options.jankMs) query.set('jank', String(options.jankMs));
  if (options.protocol) query.set('protocol', options.protocol);
  const file = options.build === 'production' ? 'production.html' : 'harness.html';
  const page = await profile.newTab(`${origin}/e2e/${file}?${query}`);
  await waitInTab(page, () => document.documentElement.dataset['ready'] === 'true', undefined, 'the harness to be ready');
  return { page };
}

/** Opens `count` tabs in parallel (a WebDriver session still runs its commands one at a time). */
export function openTabs(profile: Profile, origin: string, count: number, options: TabOptions = {}): Promise<Tab[]> {
  return Promise.all(Array.from({ length: count }, () => openTab(profile, origin, options)));
}

declare global {
  interface Window {
    /** test/e2e/fixtures/record.js */
    __tab: { sent: string[]; errors: string[] };
  }
}

/** Every request the tab's scripts sent (`METHOD url`), recorded in the page as it was sent. */
export const sentBy = (tab: Tab): Promise<string[]> => tab.page.evaluate(() => window.__tab.sent);

/** Requests the tab sent to `origin` since index `from` of what it sent. */
export async function sentTo(tab: Tab, origin: string, from = 0): Promise<string[]> {
  return (await sentBy(tab)).slice(from).filter((line) => line.split(' ')[1]?.startsWith(`${origin}/`));
}

/** Uncaught errors of the page (recorded in the page, and by the driver where it can): a test that ends with any has a bug. */
export async function pageErrors(tab: Tab): Promise<string[]> {
  const [inPage, driver] = await Promise.all([tab.page.evaluate(() => window.__tab.errors), tab.page.errors()]);
  return [...new Set([...inPage, ...driver])];
}
