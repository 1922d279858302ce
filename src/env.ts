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
