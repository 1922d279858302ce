import axios, { AxiosError, isAxiosError, type AxiosInstance } from 'axios';
import Cookies from 'js-cookie';
import ky, { HTTPError } from 'ky';
import { http } from 'msw';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { addAxiosInterceptors } from '../../src/axios/index';
import type { Exchange } from '../../src/core/exchange';
import type { SessionClient as PublicSession } from '../../src/core/public';
import { Session } from '../../src/core/session'; // the core: what every transport runs through
import { createFetch, init, type TabsessionError, isTabsessionError, memoryLock, type SessionEvent, type TabsessionConfig } from '../../src/index';
import { withSession } from '../../src/ky/index';
import { addDropinAxiosInterceptors } from '../../src/supertokens-website/axios';
import { xhr } from '../../src/xhr/index';
import { API, OTHER, fakeBackend, server, type RefreshBehaviour } from './harness';
import { recorded, tab } from './util';

// One behaviour table, run against every transport (STYLE.md: "write a behaviour once"). Each test starts
// the default instance with init(), as an app does: window.fetch and XMLHttpRequest are patched, so every
// row also proves that a request is handled by exactly one layer.

// ---- Instrumentation: how often the core was asked to run an exchange, and how many 401s it saw ----

let runs = 0;
let seen401 = 0;
/** The latest run, to wait for its end without sleeping. */
let lastRun: Promise<unknown> = Promise.resolve();
const realRun = Session.prototype.run;
const runSpy = vi.spyOn(Session.prototype, 'run').mockImplementation(function <R>(this: Session, exchange: Exchange<R>, action?: Parameters<Session['run']>[1]) {
  runs++;
  const counted: Exchange<R> = {
    ...exchange,
    status: (response) => {
      const status = exchange.status(response);
      if (status === 401) seen401++;
      return status;
    },
  };
  const run = realRun.call(this, counted, action) as Promise<R>;
  lastRun = run;
  return run;
} as Session['run']);

beforeEach(() => {
  runs = 0;
  seen401 = 0;
});

afterAll(() => {
  runSpy.mockRestore();
  init({ apiDomain: API, patchGlobalFetch: false, interceptXMLHttpRequest: false, lock: memoryLock() });
});

/**
 * init() as an app that opted in to the XMLHttpRequest patch (tabsession/xhr) calls it, with everything it
 * reports recorded; signs in through the session fetch.
 */
async function start(overrides: Partial<TabsessionConfig> = {}) {
  const backend = fakeBackend();
  const { events, diagnostics, config } = recorded({ interceptXMLHttpRequest: xhr, ...overrides });
  const session = init(config);
  await createFetch()(`${API}/auth/signin`, { method: 'POST' });
  runs = 0;
  seen401 = 0;
  const count = (action: SessionEvent['action']) => events.filter((event) => event.action === action).length;
  return { backend, events, diagnostics, session, count };
}

/** A signed-in session whose access token has expired, with the refresh endpoint behaving as `refresh`. */
async function expired(refresh: RefreshBehaviour = 'ok', config: Partial<TabsessionConfig> = {}) {
  const started = await start(config);
  started.backend.expire();
  started.backend.state.refresh = refresh;
  return started;
}

// ---- The transports, each reduced to "send this, tell me what came back" ----

const bodies = {
  JSON: { make: () => ({ a: 1 }), text: '{"a":1}' },
  string: { make: () => 'plain text', text: 'plain text' },
  URLSearchParams: { make: () => new URLSearchParams({ q: 'a b' }), text: 'q=a+b' },
  Blob: { make: () => new Blob(['blob body'], { type: 'application/x-custom' }), text: 'blob body' },
  ArrayBuffer: { make: () => new TextEncoder().encode('bytes').buffer as ArrayBuffer, text: 'bytes' },
  FormData: {
    make: () => {
      const form = new FormData();
      form.append('name', 'value');
      return form;
    },
    text: undefined,
  },
};
type BodyKind = keyof typeof bodies;

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyKind;
  signal?: AbortSignal;
}
/** What the caller got: a status (for axios and ky, from the error they throw), or an error without one. */
interface Outcome {
  status?: number;
  data?: unknown;
  error?: unknown;
}
interface Transport {
  name: string;
  request(url: string, call?: Call): Promise<Outcome>;
  /** The error class the library throws for a final 401, if it throws for one. */
  httpError?: new (...args: never[]) => Error;
  /** Bodies this transport cannot send in happy-dom (not a limit of the adapter; see where it is set). */
  cannotSend?: BodyKind[];
  /** The name of what this transport reports for an aborted request: the platform's AbortError, axios's CanceledError. */
  abortedName?: string;
}

/** fetch and XHR send the JSON body as a string with its Content-Type; axios and ky serialise it themselves. */
const rawBody = (kind: BodyKind | undefined): { body?: unknown; headers: Record<string, string> } => {
  if (kind === undefined) return { headers: {} };
  if (kind === 'JSON') return { body: JSON.stringify(bodies.JSON.make()), headers: { 'content-type': 'application/json' } };
  return { body: bodies[kind].make(), headers: {} };
};
const json = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const fetchTransport: Transport = {
  name: 'fetch',
  async request(url, call = {}) {
    const { body, headers } = rawBody(call.body);
    try {
      const response = await fetch(url, { method: call.method ?? 'GET', headers: { ...headers, ...call.headers }, body: body as BodyInit, signal: call.signal ?? null });
      return { status: response.status, data: json(await response.text()) };
    } catch (error) {
      return { error };
    }
  },
};

/** `install` gives the instance the session: tabsession/axios's function, or the drop-in's. */
function axiosTransport(name: string, instance: AxiosInstance, install: (instance: AxiosInstance) => void = addAxiosInterceptors): Transport {
  install(instance);
  return {
    name,
    httpError: AxiosError,
    // axios recognises a Blob by its toString tag, which happy-dom's Blob lacks: it would JSON-encode it.
    cannotSend: ['Blob'],
    abortedName: 'CanceledError',
    async request(url, call = {}) {
      try {
        const data = call.body ? { data: bodies[call.body].make() } : {};
        const signal = call.signal ? { signal: call.signal } : {};
        const response = await instance.request({ url, method: call.method ?? 'GET', headers: call.headers ?? {}, ...data, ...signal });
        return { status: response.status, data: response.data };
      } catch (error) {
        return isAxiosError(error) && error.response ? { status: error.response.status, data: error.response.data, error } : { error };
      }
    },
  };
}

const kyInstance = withSession(ky.create());
const kyTransport: Transport = {
  name: 'ky',
  httpError: HTTPError,
  async request(url, call = {}) {
    const payload = call.body === 'JSON' ? { json: bodies.JSON.make() } : call.body ? { body: bodies[call.body].make() as BodyInit } : {};
    // Headers go in through a hook: in happy-dom, a Request built from a Headers object (as ky's `headers`
    // option does) loses them when copied with `new Headers(request.headers)`. Browsers are not affected.
    const setHeaders = (request: Request) => {
      for (const [name, value] of Object.entries(call.headers ?? {})) request.headers.set(name, value);
    };
    try {
      const signal = call.signal ? { signal: call.signal } : {};
      const response = await kyInstance(url, { method: call.method ?? 'GET', hooks: { beforeRequest: [setHeaders] }, ...payload, ...signal });
      return { status: response.status, data: await response.json() };
    } catch (error) {
      return error instanceof HTTPError ? { status: error.response.status, data: await error.response.json(), error } : { error };
    }
  },
};

/** A plain XHR as XHR-based code writes it; a failed request reports the event's `error` (the cause). */
function xhrRequest(url: string, call: Call = {}, setup?: (xhr: XMLHttpRequest) => void): Promise<Outcome> {
  const { body, headers } = rawBody(call.body);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let error: unknown;
    xhr.open(call.method ?? 'GET', url);
    for (const [name, value] of Object.entries({ ...headers, ...call.headers })) xhr.setRequestHeader(name, value);
    xhr.addEventListener('error', (event) => (error = (event as ProgressEvent & { error?: unknown }).error ?? new Error('network error')));
    // XHR reports an abort as its 'abort' event; recorded as the AbortError the other transports reject with.
    xhr.addEventListener('abort', () => (error = new DOMException('aborted', 'AbortError')));
    call.signal?.addEventListener('abort', () => xhr.abort());
    xhr.onloadend = () => resolve(xhr.status === 0 ? { error } : { status: xhr.status, data: json(xhr.responseText) });
    setup?.(xhr);
    xhr.send(body as XMLHttpRequestBodyInit);
  });
}
const xhrTransport: Transport = { name: 'XMLHttpRequest', request: (url, call) => xhrRequest(url, call) };

const transports: Transport[] = [
  fetchTransport,
  axiosTransport('axios (xhr adapter)', axios.create({ adapter: 'xhr' })),
  axiosTransport('axios (fetch adapter)', axios.create({ adapter: 'fetch' })),
  axiosTransport("axios (xhr adapter) with the supertokens-website drop-in's interceptors", axios.create({ adapter: 'xhr' }), addDropinAxiosInterceptors),
  axiosTransport("axios (fetch adapter) with the supertokens-website drop-in's interceptors", axios.create({ adapter: 'fetch' }), addDropinAxiosInterceptors),
  kyTransport,
  xhrTransport,
];

const errorType = (outcome: Outcome) => (isTabsessionError(outcome.error) ? outcome.error.type : outcome.error);

/** The multipart boundary differs per attempt; everything else must not. */
const withoutBoundary = (contentType: string | null, body: string) => {
  const boundary = /boundary=([^;\s]+)/.exec(contentType ?? '')?.[1];
  return boundary ? { contentType: contentType!.split(boundary).join('B'), body: body.split(boundary).join('B') } : { contentType, body };
};

describe.each(transports)('$name', (transport) => {
  const { request } = transport;

  test('an API request carries rid, st-auth-mode, anti-csrf and credentials, and is handled by one layer', async () => {
    const { backend } = await start();
    const outcome = await request(`${API}/api/user`);
    expect(outcome).toMatchObject({ status: 200, data: { ok: true } });
    expect(backend.apiRequests()).toEqual([expect.objectContaining({ rid: 'anti-csrf', authMode: 'cookie', antiCsrf: 'csrf-1', credentials: 'include' })]);
    expect(runs).toBe(1);
  });

  test('50 concurrent requests with an expired token: exactly one refresh, all succeed', async () => {
    const { backend } = await expired();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => request(`${API}/api/item/${i}`)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(50).fill(200));
    expect(backend.state.refreshCalls).toBe(1);
    expect(runs).toBe(50);
  });

  test('refresh answers 401: the caller gets the original 401, UNAUTHORISED fires once, the 401 is seen once', async () => {
    const { backend, count } = await expired('401');
    const outcome = await request(`${API}/api/user`);
    expect(outcome).toMatchObject({ status: 401, data: { message: 'try refresh token' } });
    if (transport.httpError) expect(outcome.error).toBeInstanceOf(transport.httpError);
    expect(count('UNAUTHORISED')).toBe(1);
    expect([backend.state.refreshCalls, seen401, runs]).toEqual([1, 1, 1]);
    expect(Cookies.get('sFrontToken')).toBeUndefined();
  });

  test.each(['500', 'network'] as const)('refresh fails (%s): REFRESH_FAILED, the session is kept, nothing loops', async (fault) => {
    const { backend } = await expired(fault);
    const outcome = await request(`${API}/api/user`);
    expect(errorType(outcome)).toBe('REFRESH_FAILED');
    expect(outcome.status).toBeUndefined();
    expect(Cookies.get('sFrontToken')).toBeDefined();
    // ky would retry a failed GET; a session error is not retried, so the refresh is not called again.
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('refresh rate-limited (429, Retry-After: 60): REFRESH_FAILED with retryAfter, no refresh during the cooldown, session kept', async () => {
    const { backend } = await expired('429');
    backend.state.retryAfter = '60';
    const before = Date.now();
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await request(`${API}/api/user`));
    expect(outcomes.map(errorType)).toEqual(Array(5).fill('REFRESH_FAILED'));
    for (const { error } of outcomes) {
      const retryAfter = (error as TabsessionError).retryAfter!.getTime();
      expect(retryAfter).toBeGreaterThanOrEqual(before + 60_000);
      expect(retryAfter).toBeLessThanOrEqual(Date.now() + 60_000);
    }
    expect(backend.state.refreshCalls).toBe(1);
    expect(Cookies.get('sFrontToken')).toBeDefined();
  });

  test('aborted while waiting for a refresh: rejects at once with the AbortError; the refresh others wait on goes on', async () => {
    const { backend } = await expired();
    const release = backend.holdRefresh();
    const controller = new AbortController();
    const waiting = request(`${API}/api/waits`);
    const aborted = request(`${API}/api/aborted`, { signal: controller.signal });
    await expect.poll(() => [backend.state.refreshCalls, backend.apiRequests().length]).toEqual([1, 2]);
    controller.abort();
    // Settles while the refresh is still held: it waited for nothing more.
    const outcome = await aborted;
    expect((outcome.error as Error | undefined)?.name).toBe(transport.abortedName ?? 'AbortError');
    release();
    expect(await waiting).toMatchObject({ status: 200 });
    expect(backend.state.refreshCalls).toBe(1);
    expect(backend.apiRequests().map((seen) => new URL(seen.url).pathname)).toEqual(['/api/waits', '/api/aborted', '/api/waits']);
  });

  test('refresh 200 without front-token: the request is retried, and the round is counted', async () => {
    const { backend, diagnostics } = await expired('no-front-token-once');
    expect(await request(`${API}/api/user`)).toMatchObject({ status: 200 });
    expect(backend.state.refreshCalls).toBe(2);
    expect(diagnostics).toContainEqual(expect.objectContaining({ type: 'INVALID_RESPONSE' }));

    const limited = (await expired('no-front-token-once', { maxRetryAttemptsForSessionRefresh: 1 })).backend;
    expect(errorType(await request(`${API}/api/user`))).toBe('MAX_REFRESH_ATTEMPTS');
    expect(limited.state.refreshCalls).toBe(1);
  });

  test('a 403 with claim errors reaches the caller and fires API_INVALID_CLAIM with the parsed errors', async () => {
    const { events } = await start();
    expect(await request(`${API}/api/admin`)).toMatchObject({ status: 403, data: { message: 'invalid claim' } });
    expect(events.filter((event) => event.action === 'API_INVALID_CLAIM')).toEqual([
      expect.objectContaining({ claimValidationErrors: [{ id: 'st-role', reason: { expectedToInclude: 'admin' } }] }),
    ]);
  });

  test('a request to another domain is untouched: no session header, no credentials change, no session run', async () => {
    const { backend } = await start({ tokenTransferMethod: 'header' });
    expect(await request(`${OTHER}/x`, { method: 'POST', body: 'string' })).toMatchObject({ status: 200, data: { other: true, rid: null } });
    expect(backend.state.requests.at(-1)).toMatchObject({ rid: null, authMode: null, antiCsrf: null, authorization: null, credentials: 'same-origin', body: 'plain text' });
    expect(runs).toBe(0);
  });

  const sendable = (Object.keys(bodies) as BodyKind[]).filter((kind) => !transport.cannotSend?.includes(kind));
  test.each(sendable)('the retried request carries the same %s body and Content-Type', async (kind) => {
    const { backend } = await expired();
    expect(await request(`${API}/api/echo`, { method: 'POST', body: kind, headers: { 'x-test': 'kept' } })).toMatchObject({ status: 200 });
    const [first, retry] = backend.apiRequests().map((seen) => ({ ...seen, ...withoutBoundary(seen.contentType, seen.body) }));
    expect(retry).toMatchObject({ method: 'POST', custom: 'kept', body: first!.body, contentType: first!.contentType });
    const { text } = bodies[kind];
    if (text !== undefined) expect(retry!.body).toBe(text);
    if (kind === 'JSON') expect(retry!.contentType).toMatch(/^application\/json/);
    if (kind === 'FormData') expect(retry).toMatchObject({ contentType: 'multipart/form-data; boundary=B', body: expect.stringContaining('name="name"') });
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('an API that always answers 401 ends in MAX_REFRESH_ATTEMPTS after maxRetryAttemptsForSessionRefresh refreshes', async () => {
    const { backend } = await start({ maxRetryAttemptsForSessionRefresh: 3 });
    backend.state.alwaysUnauthorised = true;
    expect(errorType(await request(`${API}/api/user`))).toBe('MAX_REFRESH_ATTEMPTS');
    expect(backend.state.refreshCalls).toBe(3);
    expect(backend.apiRequests()).toHaveLength(4);
  });

  test('header mode: Authorization carries the current token, and a stale one set by the caller is replaced on retry', async () => {
    const { backend } = await start({ tokenTransferMethod: 'header' });
    expect(await request(`${API}/api/a`)).toMatchObject({ status: 200 });
    backend.expire();
    expect(await request(`${API}/api/b`, { headers: { authorization: 'Bearer access-1' } })).toMatchObject({ status: 200 });
    expect(backend.apiRequests().map((seen) => [seen.authMode, seen.authorization])).toEqual([
      ['header', 'Bearer access-1'],
      ['header', 'Bearer access-1'],
      ['header', 'Bearer access-2'],
    ]);
  });
});

describe('handled once: a response is handled by exactly one layer', () => {
  test.each([
    ['axios interceptors over the patched XMLHttpRequest', () => axios.create({ adapter: 'xhr' }), addAxiosInterceptors],
    ['axios interceptors over the patched window.fetch', () => axios.create({ adapter: 'fetch' }), addAxiosInterceptors],
    ["the drop-in's axios interceptors over the patched XMLHttpRequest", () => axios.create({ adapter: 'xhr' }), addDropinAxiosInterceptors],
    ["the drop-in's axios interceptors over the patched window.fetch", () => axios.create({ adapter: 'fetch' }), addDropinAxiosInterceptors],
    ['the XMLHttpRequest patch alone (axios without interceptors)', () => axios.create({ adapter: 'xhr' }), undefined],
  ] as const)('%s', async (_, create, install) => {
    const instance = create();
    install?.(instance);
    const { backend, count } = await expired();
    expect((await instance.get(`${API}/api/user`)).status).toBe(200);
    expect([backend.state.refreshCalls, seen401, runs]).toEqual([1, 1, 1]);

    backend.expire();
    backend.state.refresh = '401';
    await expect(instance.get(`${API}/api/user`)).rejects.toMatchObject({ response: { status: 401 } });
    expect([backend.state.refreshCalls, seen401, runs, count('UNAUTHORISED')]).toEqual([2, 2, 2, 1]);
  });

  test('ky over a patched window.fetch, and withSession applied twice', async () => {
    const twice = withSession(withSession(ky.create()));
    const { backend } = await expired();
    expect((await twice.get(`${API}/api/user`)).status).toBe(200);
    expect([backend.state.refreshCalls, seen401, runs]).toEqual([1, 1, 1]);
  });
});

describe('a createClient() instance, for an app with a second API: each adapter takes { session }', () => {
  test.each([
    ['fetch (createFetch)', (session: PublicSession) => (url: string) => createFetch(session)(url)],
    [
      'axios',
      (session: PublicSession) => {
        const instance = axios.create({ validateStatus: () => true });
        addAxiosInterceptors(instance, { session });
        return (url: string) => instance.get(url);
      },
    ],
    [
      'ky',
      (session: PublicSession) => {
        const instance = withSession(ky.create({ throwHttpErrors: false }), { session });
        return (url: string) => instance.get(url);
      },
    ],
  ] as const)('%s: an expired token is refreshed once by that instance, not the default one', async (_, client) => {
    init({ apiDomain: OTHER, lock: memoryLock() }); // the default instance serves another API
    const backend = fakeBackend();
    const { session, signIn } = tab();
    await signIn();
    backend.expire();
    runs = 0;
    const response = await client(session)(`${API}/api/user`);
    expect([response.status, backend.state.refreshCalls, runs]).toEqual([200, 1, 1]);
  });
});

describe('axios (tabsession/axios)', () => {
  test('addAxiosInterceptors is idempotent and removable', async () => {
    const instance = axios.create();
    const remove = addAxiosInterceptors(instance);
    expect(addAxiosInterceptors(instance)).toBe(remove);
    const { backend } = await expired(undefined, { interceptXMLHttpRequest: false });
    expect((await instance.get(`${API}/api/user`)).status).toBe(200);
    expect([backend.state.refreshCalls, runs]).toEqual([1, 1]);

    remove();
    backend.expire();
    await expect(instance.get(`${API}/api/user`)).rejects.toMatchObject({ response: { status: 401 } });
    expect([backend.state.refreshCalls, runs]).toEqual([1, 1]);
  });

  test('without an argument it installs on the default axios instance', async () => {
    const remove = addAxiosInterceptors();
    try {
      await expired(undefined, { interceptXMLHttpRequest: false });
      expect((await axios.get(`${API}/api/user`)).status).toBe(200);
      expect(runs).toBe(1);
    } finally {
      remove();
    }
  });
});

// What both ways of giving an instance the session guarantee: tabsession/axios and the drop-in's
// addAxiosInterceptors (its own dispatch underneath, since the drop-in cannot import axios).
describe.each([
  ['tabsession/axios', addAxiosInterceptors],
  ["the supertokens-website drop-in's addAxiosInterceptors", addDropinAxiosInterceptors],
] as const)('axios, given the session by %s', (_, install) => {
  const interceptedAxios = () => {
    const instance = axios.create();
    install(instance);
    return instance;
  };

  test("the app's interceptors, transformRequest and transformResponse run once around the whole exchange", async () => {
    // A default header the app's interceptor removes stays removed on every attempt.
    const instance = axios.create({ headers: { 'x-test': 'instance default' } });
    const calls = { request: 0, response: 0, transform: 0, parse: 0 };
    instance.interceptors.request.use((config) => {
      calls.request++;
      config.headers.delete('x-test');
      return config;
    });
    install(instance);
    instance.interceptors.response.use((response) => {
      calls.response++;
      return response;
    });
    const { backend } = await expired();
    const transformRequest = [
      (data: unknown) => {
        calls.transform++;
        return JSON.stringify(data);
      },
    ];
    const transformResponse = [
      (data: unknown) => {
        calls.parse++;
        return JSON.parse(String(data));
      },
    ];
    const response = await instance.post(`${API}/api/echo`, { a: 1 }, { transformRequest, transformResponse, headers: { 'content-type': 'application/json' } });
    expect(response.data).toMatchObject({ body: '{"a":1}', contentType: 'application/json' });
    expect(calls).toEqual({ request: 1, response: 1, transform: 1, parse: 1 });
    expect(backend.apiRequests().map((seen) => [seen.custom, seen.body])).toEqual([
      [null, '{"a":1}'],
      [null, '{"a":1}'],
    ]);
  });

  test('a failed config sent again (axios(error.config)) is not wrapped twice', async () => {
    const instance = interceptedAxios();
    await expired('401');
    const error = await instance.get(`${API}/api/user`).catch((reason: unknown) => reason);
    expect(isAxiosError(error) && error.config).toBeTruthy();
    const again = (await expired()).backend;
    expect((await instance.request((error as AxiosError).config!)).status).toBe(200);
    expect([runs, seen401, again.state.refreshCalls]).toEqual([1, 1, 1]);
  });

  test("the app's own call to the refresh endpoint is never intercepted, so it cannot start a refresh", async () => {
    const instance = interceptedAxios();
    const { backend } = await start();
    backend.state.refresh = '401';
    await expect(instance.post(`${API}/auth/session/refresh`)).rejects.toMatchObject({ response: { status: 401 } });
    expect([backend.state.refreshCalls, runs]).toEqual([1, 0]);
    expect(backend.state.requests.at(-1)).toMatchObject({ rid: null, credentials: 'same-origin' });
  });

  test('a REFRESH_FAILED after a 5xx reaches axios callers as a TabsessionError they can branch on', async () => {
    const instance = interceptedAxios();
    await expired('500');
    const error = await instance.get(`${API}/api/user`).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ name: 'TabsessionError', type: 'REFRESH_FAILED', status: 500, response: undefined });
    expect((error as Error).cause).toMatchObject({ type: 'REFRESH_FAILED', response: { status: 500 } });
  });

  test('autoAddCredentials: false, or withCredentials set by the caller, leaves credentials alone', async () => {
    const instance = interceptedAxios();
    const quiet = (await start({ autoAddCredentials: false })).backend;
    await instance.get(`${API}/api/a`);
    const chosen = (await start()).backend;
    await instance.get(`${API}/api/b`, { withCredentials: false });
    expect([...quiet.apiRequests(), ...chosen.apiRequests()].map((seen) => [seen.rid, seen.credentials])).toEqual([
      ['anti-csrf', 'same-origin'],
      ['anti-csrf', 'same-origin'],
    ]);
  });
});

describe('ky', () => {
  test("withSession keeps the instance's own fetch underneath and its other options", async () => {
    const own = vi.fn((input: RequestInfo | URL, options?: RequestInit) => globalThis.fetch(input, options));
    const api = withSession(ky.create({ fetch: own, headers: { 'x-test': 'instance' } }));
    const { backend } = await expired(undefined, { patchGlobalFetch: false });
    expect(await api.post(`${API}/api/echo`, { json: { a: 1 } }).json()).toMatchObject({ body: '{"a":1}' });
    expect(own).toHaveBeenCalledTimes(2);
    expect(backend.apiRequests().map((seen) => [seen.rid, seen.custom])).toEqual([
      ['anti-csrf', 'instance'],
      ['anti-csrf', 'instance'],
    ]);
  });

  test("ky's own retry still works for what the session does not handle (a 503)", async () => {
    const { backend } = await start();
    let failures = 1;
    server.use(http.get(`${API}/api/flaky`, () => (failures-- > 0 ? new Response(null, { status: 503, headers: { 'retry-after': '0' } }) : undefined)));
    expect((await kyInstance.get(`${API}/api/flaky`)).status).toBe(200);
    expect(backend.apiRequests()).toHaveLength(1); // the 503 came from the handler above, the 200 from the backend
  });
});

describe('XMLHttpRequest', () => {
  test('session headers are read once per response from getAllResponseHeaders, never with getResponseHeader', async () => {
    // Chromium logs "Refused to get unsafe header" for each getResponseHeader() of a header a cross-origin
    // response does not expose; getAllResponseHeaders() lists only the exposed ones, silently.
    init({ apiDomain: API, lock: memoryLock(), interceptXMLHttpRequest: false }); // the platform's constructor back
    const platform = globalThis.XMLHttpRequest;
    const asked: string[] = [];
    let listed = 0;
    // msw gives each instance its own response methods, so the spy wraps the instances tabsession creates.
    const spying = new Proxy(platform, {
      construct(target, args) {
        const xhr = Reflect.construct(target, args) as XMLHttpRequest;
        return new Proxy(xhr, {
          get(_, name) {
            if (name === 'getResponseHeader') {
              return (header: string) => {
                asked.push(header);
                return xhr.getResponseHeader(header);
              };
            }
            if (name === 'getAllResponseHeaders') listed++;
            const value = Reflect.get(xhr, name) as unknown;
            return typeof value === 'function' ? value.bind(xhr) : value;
          },
          set: (_, name, value) => Reflect.set(xhr, name, value),
        });
      },
    });
    Object.defineProperty(globalThis, 'XMLHttpRequest', { value: spying, writable: true, configurable: true });
    try {
      fakeBackend();
      const { events, config } = recorded({ interceptXMLHttpRequest: xhr });
      init(config);
      expect(await xhrRequest(`${API}/auth/signin`, { method: 'POST' })).toMatchObject({ status: 200 });
      expect(events.map((event) => event.action)).toEqual(['SESSION_CREATED']);
      expect([asked, listed]).toEqual([[], 1]);
    } finally {
      init({ apiDomain: API, lock: memoryLock(), interceptXMLHttpRequest: false });
      Object.defineProperty(globalThis, 'XMLHttpRequest', { value: platform, writable: true, configurable: true });
    }
  });

  test('an expired token is invisible to the listeners: one readyState sequence, one load, the final response', async () => {
    const { backend } = await expired();
    const states: number[] = [];
    const seen: string[] = [];
    const xhr = new XMLHttpRequest();
    xhr.onreadystatechange = () => states.push(xhr.readyState);
    xhr.open('GET', `${API}/api/user`);
    xhr.responseType = 'json';
    for (const type of ['loadstart', 'load', 'error', 'loadend']) xhr.addEventListener(type, (event) => seen.push(`${event.type}:${xhr.status}`));
    const done = new Promise((resolve) => xhr.addEventListener('loadend', resolve));
    xhr.send();
    await done;
    expect(states).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual(['loadstart:0', 'load:200', 'loadend:200']);
    expect(xhr.response).toMatchObject({ ok: true });
    expect(xhr.getResponseHeader('content-type')).toMatch(/^application\/json/);
    expect(xhr.getAllResponseHeaders()).toMatch(/content-type: application\/json/i);
    expect(xhr.responseURL).toBe(`${API}/api/user`);
    expect([backend.state.refreshCalls, seen401]).toEqual([1, 1]);
  });

  test('abort() while the refresh is in flight: abort and loadend once, nothing after', async () => {
    const { backend } = await expired();
    const release = backend.holdRefresh();
    let reached!: () => void;
    const refreshReached = new Promise<void>((resolve) => (reached = resolve));
    server.use(http.post(`${API}/auth/session/refresh`, () => void reached()));
    const seen: string[] = [];
    const xhr = new XMLHttpRequest();
    for (const type of ['load', 'error', 'abort', 'loadend']) xhr.addEventListener(type, (event) => seen.push(event.type));
    xhr.open('GET', `${API}/api/user`);
    xhr.send();
    await refreshReached;
    xhr.abort();
    expect([seen, xhr.readyState, xhr.status]).toEqual([['abort', 'loadend'], 0, 0]);
    release();
    await lastRun.catch(() => undefined);
    expect(seen).toEqual(['abort', 'loadend']);
    expect(backend.apiRequests()).toHaveLength(1); // the retry was never sent
  });

  test('upload listeners hear the body being sent, from the XHR the app holds', async () => {
    await expired();
    const progress: [unknown, number][] = [];
    await xhrRequest(`${API}/api/echo`, { method: 'POST', body: 'string' }, (xhr) => {
      xhr.upload.onprogress = (event) => progress.push([event.target === xhr.upload, event.loaded]);
    });
    // Once per attempt: the body really went out twice.
    expect(progress).toEqual([
      [true, 10],
      [true, 10],
    ]);
  });

  test('a synchronous-style handler set before open() and a reused object both work', async () => {
    const { backend } = await start();
    const xhr = new XMLHttpRequest();
    const statuses: number[] = [];
    xhr.onload = function (this: XMLHttpRequest) {
      statuses.push(this.status);
    };
    for (const url of [`${API}/api/one`, `${OTHER}/two`, `${API}/api/three`]) {
      const done = new Promise((resolve) => xhr.addEventListener('loadend', resolve, { once: true }));
      xhr.open('GET', url);
      xhr.send();
      await done;
    }
    expect(statuses).toEqual([200, 200, 200]);
    expect(backend.state.requests.slice(1).map((seen) => seen.rid)).toEqual(['anti-csrf', null, 'anti-csrf']);
  });

  test('init() twice patches once; interceptXMLHttpRequest: false puts the platform constructor back', async () => {
    init({ apiDomain: API, lock: memoryLock(), interceptXMLHttpRequest: false });
    const unpatched = globalThis.XMLHttpRequest;
    await start();
    const patched = globalThis.XMLHttpRequest;
    expect(patched).not.toBe(unpatched);
    await start();
    expect(globalThis.XMLHttpRequest).toBe(patched);
    expect(new XMLHttpRequest()).toBeInstanceOf(XMLHttpRequest);
    expect(await xhrRequest(`${API}/api/user`)).toMatchObject({ status: 200 });
    expect(runs).toBe(1);
    init({ apiDomain: API, lock: memoryLock(), interceptXMLHttpRequest: false });
    expect(globalThis.XMLHttpRequest).toBe(unpatched);
  });

  test('interceptXMLHttpRequest must be false or the xhr of tabsession/xhr', () => {
    expect(() => init({ apiDomain: API, interceptXMLHttpRequest: 'yes' as unknown as false })).toThrow(
      expect.objectContaining({ type: 'CONFIG', code: 'TS017', message: expect.stringContaining('interceptXMLHttpRequest') }),
    );
  });

  test('the patch is opt-in: init() without the xhr of tabsession/xhr leaves XMLHttpRequest alone', () => {
    init({ apiDomain: API, lock: memoryLock(), interceptXMLHttpRequest: false });
    const platform = globalThis.XMLHttpRequest;
    init({ apiDomain: API, lock: memoryLock() });
    expect(globalThis.XMLHttpRequest).toBe(platform);
  });

  test('interceptXMLHttpRequest: true (the old default) is a CONFIG error saying to import tabsession/xhr, and patches nothing', () => {
    init({ apiDomain: API, lock: memoryLock(), interceptXMLHttpRequest: false });
    const platform = globalThis.XMLHttpRequest;
    expect(() => init({ apiDomain: API, interceptXMLHttpRequest: true as unknown as false })).toThrow(
      expect.objectContaining({ type: 'CONFIG', code: 'TS016', message: expect.stringContaining("import { xhr } from 'tabsession/xhr'") }),
    );
    expect(globalThis.XMLHttpRequest).toBe(platform);
  });
});
