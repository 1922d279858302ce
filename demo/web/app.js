// The tabsession demo page: sign in, call the API by fetch / axios / ky, break the session on purpose
// through the mock backend's /__mock controls, and watch requests and session events (this tab's and
// other tabs') in the log.
import * as tabsession from 'tabsession';
import { xhr } from 'tabsession/xhr';
import { demoSettings } from './demo-config.js';

const settings = demoSettings();
const api = settings.apiDomain;
const $ = (selector) => document.querySelector(selector);

// ---- The log -------------------------------------------------------------------------------------

const logList = $('#log');

/** @param {'request' | 'event' | 'info' | 'error'} kind */
function log(kind, text, { tone, badge } = {}) {
  const item = document.createElement('li');
  item.className = kind;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString([], { hour12: false }) + '.' + String(Date.now() % 1000).padStart(3, '0');
  const kindCell = document.createElement('span');
  kindCell.className = 'kind';
  kindCell.textContent = kind;
  const textCell = document.createElement('span');
  textCell.className = 'text' + (tone ? ` ${tone}` : '');
  textCell.textContent = text;
  const badgeCell = document.createElement('span');
  if (badge) {
    badgeCell.className = badge.own ? 'badge own' : 'badge';
    badgeCell.textContent = badge.text;
  }
  item.append(time, kindCell, textCell, badgeCell);
  logList.prepend(item);
  while (logList.children.length > 300) logList.lastElementChild.remove();
}

const toneOf = (status) => (status >= 200 && status < 300 ? 'good' : status === 401 || status >= 500 ? 'bad' : 'meh');

// ---- The SDK -------------------------------------------------------------------------------------

const NativeXMLHttpRequest = window.XMLHttpRequest;

// `?mock=worker`: no backend at all. msw's service worker answers the API in this page with the same protocol
// engine as the mock backend (tabsession/msw), so a static host is enough (`npm run demo:static`). One tab:
// the backend lives in the page.
if (new URLSearchParams(location.search).get('mock') === 'worker') {
  const { startMockWorker } = await import('/mock/worker.js');
  await startMockWorker();
}

tabsession.init({
  apiDomain: api,
  tokenTransferMethod: settings.tokenTransferMethod,
  // The XMLHttpRequest patch is opt-in (tabsession/xhr); the demo's XHR transport needs it.
  interceptXMLHttpRequest: xhr,
  onHandleEvent(event) {
    const { action, fromOtherTab, ...detail } = event;
    const extra = Object.keys(detail).length ? ' ' + JSON.stringify(detail) : '';
    log('event', action + extra, { badge: fromOtherTab ? { text: 'other tab' } : { text: 'this tab', own: true } });
    void renderSession();
    void renderStats();
  },
  // The SDK's own calls (refresh, sign-out) are not the app's requests; the hooks let the log show them.
  postAPIHook({ action, url, requestInit, fetchResponse }) {
    const path = new URL(url).pathname;
    log('request', `${requestInit.method ?? 'GET'} ${path} → ${fetchResponse.status} (SDK: ${action})`, { tone: toneOf(fetchResponse.status) });
  },
});

/** Test-control calls skip the SDK (`superTokensDoNotDoInterception`): they are not the app's traffic. */
async function mock(path, body) {
  const init = body === undefined ? { method: path === 'stats' ? 'GET' : 'POST' } : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
  const response = await fetch(`${api}/__mock/${path}?superTokensDoNotDoInterception`, { ...init, credentials: 'include' });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.message ?? `/__mock/${path} answered ${response.status}`);
  return data;
}

// ---- Rendering -------------------------------------------------------------------------------------

async function renderSession() {
  const box = $('#status');
  let exists = false;
  let detail = '';
  try {
    exists = await tabsession.doesSessionExist();
    if (exists) {
      const [userId, payload] = await Promise.all([tabsession.getUserId(), tabsession.getAccessTokenPayloadSecurely()]);
      box.querySelector('.who').textContent = `Signed in as ${payload.email ?? userId}`;
      detail = `${userId} · role ${payload.role ?? '?'}`;
    }
  } catch (error) {
    detail = error.type ?? error.message;
  }
  box.classList.toggle('signed-in', exists);
  if (!exists) box.querySelector('.who').textContent = 'Signed out';
  box.querySelector('.detail').textContent = detail;
  $('#signin').hidden = exists;
}

let statsPending = false;
async function renderStats() {
  if (statsPending) return;
  statsPending = true;
  try {
    const stats = await mock('stats');
    $('#stat-refresh').textContent = stats.refreshCalls;
    $('#stat-api').textContent = stats.apiCalls;
    $('#stat-signin').textContent = stats.signIns;
    $('#stat-signout').textContent = stats.signOuts;
  } catch {
    $('#stat-refresh').textContent = '?';
  } finally {
    statsPending = false;
  }
}

// ---- Transports ------------------------------------------------------------------------------------

/**
 * Each transport sends `{ method, path, body }` to the API and resolves with the HTTP status; a transport
 * whose adapter is not built is `undefined` and its buttons are disabled with a note.
 */
const transports = {
  fetch: async ({ method, path, body }) => {
    const response = await fetch(api + path, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return response.status;
  },
  axios: undefined,
  ky: undefined,
  xhr: undefined,
};

/** Loads an optional adapter; a missing build (404) or a changed API leaves the transport unavailable. */
async function loadAdapters() {
  try {
    const [{ default: axios }, adapter] = await Promise.all([import('axios'), import('tabsession/axios')]);
    const client = axios.create({ validateStatus: () => true });
    adapter.addAxiosInterceptors(client);
    transports.axios = async ({ method, path, body }) => (await client.request({ method, url: api + path, data: body })).status;
  } catch (error) {
    markMissing('axios', error);
  }
  try {
    const [{ default: ky }, adapter] = await Promise.all([import('ky'), import('tabsession/ky')]);
    const client = adapter.withSession(ky.create({ throwHttpErrors: false, retry: 0 }));
    transports.ky = async ({ method, path, body }) =>
      (await client(api + path, { method, ...(body === undefined ? {} : { json: body }) })).status;
  } catch (error) {
    markMissing('ky', error);
  }
}

/** Plain XHR code, unchanged: init() patched XMLHttpRequest, so it gets the session like fetch does. */
function loadXhr(patched) {
  if (!patched) {
    markMissing('xhr', new Error('this build of init() does not patch XMLHttpRequest'));
    return;
  }
  transports.xhr = ({ method, path, body }) =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, api + path);
      if (body !== undefined) xhr.setRequestHeader('content-type', 'application/json');
      xhr.onload = () => resolve(xhr.status);
      xhr.onerror = () => reject(new TypeError('network error'));
      xhr.send(body === undefined ? null : JSON.stringify(body));
    });
}

function markMissing(name, error) {
  const row = document.querySelector(`[data-transport="${name}"]`);
  for (const button of row.querySelectorAll('button')) button.disabled = true;
  const note = document.createElement('span');
  note.className = 'adapter-missing';
  note.textContent = name === 'xhr' ? 'XHR is not patched by this build' : `adapter not built yet (dist/${name}.js)`;
  note.title = String(error?.message ?? error);
  row.append(note);
}

const CALLS = {
  user: { method: 'GET', path: '/api/user' },
  echo: { method: 'POST', path: '/api/echo', body: { hello: 'world' } },
  admin: { method: 'GET', path: '/api/admin' },
};

async function send(transport, request) {
  try {
    return { status: await transports[transport](request) };
  } catch (error) {
    return { error };
  }
}

const describeFailure = (error) => `${error.type ?? error.name}: ${error.message}`;

async function call(transport, name) {
  if (transports[transport] === undefined) return;
  if (name === 'burst') {
    // Ten at once, summarised in one line: the point is that they share one refresh.
    const request = CALLS.user;
    const results = await Promise.all(Array.from({ length: 10 }, () => send(transport, request)));
    const counts = new Map();
    for (const { status, error } of results) {
      const key = error ? describeFailure(error) : String(status);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const summary = [...counts].map(([key, n]) => `${key} ×${n}`).join(', ');
    const allOk = results.every((r) => r.status !== undefined && r.status < 300);
    log('request', `10 × ${request.method} ${request.path} → ${summary} (${transport})`, { tone: allOk ? 'good' : 'bad' });
  } else {
    const request = CALLS[name];
    const { status, error } = await send(transport, request);
    if (error) log('error', `${request.method} ${request.path} failed (${transport}): ${describeFailure(error)}`);
    else log('request', `${request.method} ${request.path} → ${status} (${transport})`, { tone: toneOf(status) });
  }
  void renderStats();
}

// ---- Wiring ------------------------------------------------------------------------------------------

$('#signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  try {
    const response = await fetch(`${api}/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    });
    const body = await response.json();
    log('request', `POST /auth/signin → ${response.status} ${body.status ?? ''}`, { tone: body.status === 'OK' ? 'good' : 'bad' });
  } catch (error) {
    log('error', `sign-in failed: ${error.message}`);
  }
  void renderSession();
  void renderStats();
});

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button');
  if (!button || button.disabled) return;
  if (button.dataset.call) {
    await call(button.closest('[data-transport]').dataset.transport, button.dataset.call);
  } else if (button.dataset.mock) {
    try {
      const result = await mock(button.dataset.mock, {});
      log('info', `/__mock/${button.dataset.mock} ${JSON.stringify(result)}`);
    } catch (error) {
      log('error', error.message);
    }
    void renderStats();
  } else if (button.dataset.action === 'exists') {
    try {
      log('info', `doesSessionExist() = ${await tabsession.doesSessionExist()}`);
    } catch (error) {
      log('error', `doesSessionExist() threw ${error.type ?? error.name}: ${error.message}`);
    }
  } else if (button.dataset.action === 'payload') {
    try {
      log('info', `payload = ${JSON.stringify(await tabsession.getAccessTokenPayloadSecurely())}`);
    } catch (error) {
      log('error', `getAccessTokenPayloadSecurely() threw ${error.type ?? error.name}: ${error.message}`);
    }
  } else if (button.dataset.action === 'signout') {
    try {
      await tabsession.signOut();
    } catch (error) {
      log('error', `signOut() threw ${error.type ?? error.name}: ${error.message}`);
    }
  } else if (button.id === 'clear-log') {
    logList.replaceChildren();
  }
});

$('#force').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  try {
    const result = await mock('force', { error: form.get('error'), on: form.get('on'), times: Number(form.get('times')) || 1 });
    log('info', `next ${form.get('times')} ${form.get('on')} request(s) answer ${form.get('error')} (${result.forced.length} queued)`);
  } catch (error) {
    log('error', error.message);
  }
});

// Header and links reflect the settings; SSR needs cookies (a page navigation carries no Authorization).
$('#mode').textContent = `${settings.tokenTransferMethod} mode` + (api === location.origin ? '' : ` · API ${api}`);
$('#second-tab').href = location.pathname + location.search;
if (settings.tokenTransferMethod === 'header' || api !== location.origin) {
  const link = $('#ssr-link');
  link.removeAttribute('href');
  link.title = 'The SSR demo needs cookie mode and the API on this origin';
  link.style.opacity = '0.5';
}

if (new URLSearchParams(location.search).get('session') === 'expired') {
  $('#session-hint').textContent = 'Your session has ended. Please sign in again (demo@example.com / demo).';
}

loadXhr(window.XMLHttpRequest !== NativeXMLHttpRequest);
await loadAdapters();
await Promise.all([renderSession(), renderStats()]);
log('info', `ready: ${settings.tokenTransferMethod} mode, API ${api}`);
document.body.dataset.ready = 'true';
// Other tabs move the counters too; a slow poll keeps them honest without flooding the log.
setInterval(() => {
  if (document.visibilityState === 'visible') void renderStats();
}, 2000);
