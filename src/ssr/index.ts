import { tabsessionError } from '../errors';
import { attemptRefreshingSession } from '../index';

/**
 * Where a successful refresh may send the user back to: only a path of this origin. Anything a browser
 * could read as another origin or a script gives `fallback`: `//host` and `/\host` (browsers read `\` as
 * `/`), `https://…`, `javascript:…`, a relative `host/path`, an empty value, and any value with a
 * backslash or a control character (the URL parser drops tabs and newlines, so `/\t/host` is `//host`),
 * and dot segments that collapse to `//host` (`/..//host`).
 *
 * @example
 * safeRedirectPath('/orders?page=2#top'); // '/orders?page=2#top'
 * safeRedirectPath('//evil.example');     // '/'
 */
export function safeRedirectPath(value: string | null | undefined, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, location.origin);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  // Dot segments can collapse to a protocol-relative path: `/..//evil.example` parses to `//evil.example`.
  return url.origin === location.origin && !path.startsWith('//') ? path : fallback;
}

export interface RefreshAndRedirectOptions {
  /** The login page, for a session that is over (the refresh answered 401). The app's own path: not checked. */
  loginPath: string;
  /** Where to go after a successful refresh when `redirectBack` is missing or not a path of this origin. Default `/`. */
  fallback?: string;
  /** The page to go back to. Default: the `redirectBack` query parameter of this page's URL. */
  redirectBack?: string | null;
  /** How to leave the page. Default `location.replace`, so Back does not return to the refresh page. */
  navigate?: (url: string) => void;
}

/**
 * The whole SSR refresh page (docs/protocol.md section 8) in one call: refresh the session (one refresh,
 * shared with other tabs), then go back to `redirectBack` if it is a path of this origin, else to
 * `fallback`; to `loginPath` when the session is over. Resolves with where it went. A refresh that fails
 * (5xx, network: REFRESH_FAILED) rejects without navigating, so the page can offer a retry.
 *
 * @example
 * // refresh-session page, the target of the server's 302 /refresh-session?redirectBack=/dashboard
 * import { init } from 'tabsession';
 * import { refreshAndRedirect } from 'tabsession/ssr';
 *
 * init({ apiDomain: 'https://api.example.com' });
 * refreshAndRedirect({ loginPath: '/login' }).catch(showRetryButton);
 */
export async function refreshAndRedirect(
  { loginPath, fallback = '/', redirectBack, navigate }: RefreshAndRedirectOptions,
): Promise<string> {
  if (typeof loginPath !== 'string' || loginPath === '') {
    throw tabsessionError('CONFIG', 'TS018');
  }
  const refreshed = await attemptRefreshingSession();
  const back = redirectBack === undefined ? new URLSearchParams(location.search).get('redirectBack') : redirectBack;
  const target = refreshed ? safeRedirectPath(back, fallback) : loginPath;
  (navigate ?? ((url: string) => location.replace(url)))(target);
  return target;
}
