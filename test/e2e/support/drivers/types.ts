/**
 * The small interface every scenario of the browser suite is written against, once, and run in each
 * engine: a browser, profiles of it (each a fresh cookie jar, storage, Web Locks, IndexedDB), tabs of a
 * profile, and a script evaluated in a tab. Nothing here routes or intercepts requests: where a scenario
 * must hold or drop a refresh, the test backend does it (support/backend.ts), the same way in every engine.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

export interface ProfileOptions {
  /** Window size of the profile's tabs, where the engine lets a profile choose it. */
  viewport?: { width: number; height: number };
}

export interface CookieInfo {
  name: string;
  domain: string;
  httpOnly: boolean;
}

/** A function run in the page with one JSON argument; what it returns (or resolves to) must be JSON. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface BrowserTab {
  /** Runs `fn(arg)` in the page and resolves with its (awaited) JSON result; rejects if the page throws or closes. */
  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>;
  /** Navigates and resolves once the new document has loaded. */
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  /** Brings the tab to the front (a background tab's timers and rendering may be throttled). */
  bringToFront(): Promise<void>;
  /**
   * Whether `screenshot` works in this engine. WebKit's is false: WebKitWebDriver's Take Screenshot
   * never answers for a MiniBrowser page under Xvfb (WebKitGTK 2.50.6 on Debian 12: every tab, even a lone one).
   */
  readonly canScreenshot: boolean;
  /** A PNG of the visible part of the tab; rejects where `canScreenshot` is false. */
  screenshot(path: string): Promise<void>;
  /**
   * Uncaught errors of the page seen by the driver. WebKit's WebDriver has no event for them: there,
   * the list holds what a listener installed after each navigation saw (errors while loading are missed).
   */
  errors(): Promise<string[]>;
  /** Texts of alert/confirm/prompt dialogs the page opened (each dismissed). */
  readonly dialogs: string[];
  close(): Promise<void>;
}

/** One browser profile: its tabs share cookies, storage, Web Locks, BroadcastChannels and IndexedDB. */
export interface Profile {
  /** Opens a new tab (in the background of the others where the engine allows) and loads `url`. */
  newTab(url: string): Promise<BrowserTab>;
  /** The cookies the profile would send with a request to `url` (host and path match), httpOnly ones included. */
  cookies(url: string): Promise<CookieInfo[]>;
  close(): Promise<void>;
}

export interface EngineBrowser {
  readonly engine: Engine;
  /** A fresh, empty profile. */
  newProfile(options?: ProfileOptions): Promise<Profile>;
  close(): Promise<void>;
}
