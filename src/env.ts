import { tabsessionError, type ErrorCode, type TabsessionError } from './errors';

/**
 * True in a browser page: the SDK needs `window` and `document` (its state lives in `document.cookie`).
 * On a server (Next.js, Nuxt, SvelteKit rendering) it is false: `init()` does nothing there, session
 * functions reject with NOT_IN_BROWSER, and the adapters pass requests through untouched
 * (a server verifies sessions with its backend SDK, not with this one).
 */
export function inBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/** The NOT_IN_BROWSER error: what happened (`what`: TS021 or TS022), and what to do instead. */
export function notInBrowser(what: ErrorCode): TabsessionError {
  return tabsessionError('NOT_IN_BROWSER', what);
}

/**
 * True in a simulated DOM (happy-dom, jsdom: an app's unit tests), which says so in its user agent. It
 * holds one document, and no other tab shares its cookies or storage: a missing cross-tab API loses
 * nothing there. A real browser never counts, even without IndexedDB or Web Locks (a private window of an
 * old Firefox): other tabs may be open.
 */
export function singleDocument(): boolean {
  return inBrowser() && typeof navigator !== 'undefined' && /\b(HappyDOM|jsdom)\//.test(String(navigator.userAgent));
}
