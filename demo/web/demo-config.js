// The demo's SDK settings, shared by the demo page and the refresh page.
//
// `?api=http://127.0.0.1:3001` points the page at an API on another origin, `?mode=header` switches to
// header-based tokens. Both are remembered in localStorage, so the SSR refresh page (reached by a server
// redirect that drops the query) and a second tab use the same settings.

const KEY = 'tabsession-demo:settings';

/** @returns {{ apiDomain: string, tokenTransferMethod: 'cookie' | 'header' }} */
export function demoSettings() {
  const params = new URLSearchParams(location.search);
  let stored = {};
  try {
    stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') ?? {};
  } catch {
    stored = {};
  }
  const mode = params.get('mode') ?? stored.tokenTransferMethod;
  const api = params.get('api') ?? stored.apiDomain;
  const settings = {
    apiDomain: typeof api === 'string' && /^https?:\/\/[^/]+$/.test(api) ? api : location.origin,
    tokenTransferMethod: mode === 'header' ? 'header' : 'cookie',
  };
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage can be unavailable (privacy settings): the query string still works for this page.
  }
  return settings;
}

/**
 * Where a successful SSR refresh may send the user: only a path of this origin. Anything that a browser
 * could read as another origin goes to `fallback`: `//host` and `/\host` (browsers treat `\` as `/`),
 * `https://…`, `javascript:…`, and values with control characters (the URL parser drops tabs and newlines,
 * so `/\t/host` would become `//host`).
 *
 * @param {string | null} value the raw `redirectBack` parameter
 * @param {string} [fallback]
 */
export function safeRedirectPath(value, fallback = '/') {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url;
  try {
    url = new URL(value, location.origin);
  } catch {
    return fallback;
  }
  if (url.origin !== location.origin) return fallback;
  return url.pathname + url.search + url.hash;
}
