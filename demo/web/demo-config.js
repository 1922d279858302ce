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
