/**
 * Test helpers for the mock backend: start it on port 0, and a minimal browser stand-in that keeps a
 * cookie jar (name + path, as a browser does for one host) and header-mode tokens.
 */
import { afterEach } from 'vitest';
import { createMockBackend } from '../../demo/server/app.js';
import type { MockBackend, MockBackendOptions, MockSessionInfo, MockStats } from '../../demo/server/app.js';

export interface Running {
  readonly backend: MockBackend;
  readonly url: string;
}

const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(toClose.splice(0).map((close) => close()));
});

/** A backend listening on a free port, closed after the current test. */
export async function start(options: MockBackendOptions = {}): Promise<Running> {
  const backend = createMockBackend(options);
  const { url, close } = await backend.listen();
  toClose.push(close);
  return { backend, url };
}

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

export interface FrontToken {
  readonly uid: string;
  readonly ate: number;
  readonly up: Record<string, unknown>;
}

export function decodeFrontToken(value: string): FrontToken {
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as FrontToken;
}

/** Name, value and attributes of one Set-Cookie header (attribute names lower-cased). */
export function parseSetCookie(header: string): { name: string; value: string; attrs: Record<string, string> } {
  const [pair = '', ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attrs: Record<string, string> = {};
  for (const part of rest) {
    const [key = '', ...value] = part.trim().split('=');
    attrs[key.toLowerCase()] = value.join('=');
  }
  return { name: pair.slice(0, eq).trim(), value: decodeURIComponent(pair.slice(eq + 1).trim()), attrs };
}

export function isClearing(header: string): boolean {
  const { value, attrs } = parseSetCookie(header);
  return value === '' && attrs['expires'] !== undefined && new Date(attrs['expires']).getTime() <= 0;
}

/**
 * What the SDK does, by hand: sends `rid`, `st-auth-mode`, stored cookies / Bearer tokens and the
 * anti-csrf token; stores what comes back.
 */
export class Client {
  readonly #url: string;
  readonly mode: 'cookie' | 'header';
  #jar: StoredCookie[] = [];
  accessToken: string | undefined;
  refreshToken: string | undefined;
  frontToken: string | undefined;
  antiCsrf: string | undefined;

  constructor(url: string, mode: 'cookie' | 'header' = 'cookie') {
    this.#url = url;
    this.mode = mode;
  }

  get cookies(): readonly StoredCookie[] {
    return this.#jar;
  }

  cookie(name: string): string | undefined {
    return this.#jar.find((c) => c.name === name)?.value;
  }

  /** Adds a cookie by hand (e.g. a stale duplicate). */
  setCookie(name: string, value: string, path = '/'): void {
    this.#jar = this.#jar.filter((c) => !(c.name === name && c.path === path));
    this.#jar.push({ name, value, path });
  }

  cookieHeader(path: string): string {
    return this.#jar
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
      .join('; ');
  }

  /** A request the way the SDK sends it; `headers` override the defaults (pass `rid: null` to drop one). */
  async request(path: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string | null> } = {}): Promise<Response> {
    const isRefresh = path.endsWith('/session/refresh');
    const headers: Record<string, string | null> = {
      rid: isRefresh ? 'session' : 'anti-csrf',
      'st-auth-mode': this.mode,
    };
    const cookie = this.cookieHeader(path);
    if (cookie !== '') headers['cookie'] = cookie;
    if (this.antiCsrf !== undefined) headers['anti-csrf'] = this.antiCsrf;
    const bearer = isRefresh ? this.refreshToken : this.accessToken;
    if (this.mode === 'header' && bearer !== undefined) headers['authorization'] = `Bearer ${bearer}`;
    Object.assign(headers, init.headers);
    const sent: Record<string, string> = {};
    for (const [key, value] of Object.entries(headers)) if (value !== null) sent[key] = value;
    const response = await fetch(`${this.#url}${path}`, {
      method: init.method ?? 'GET',
      headers: sent,
      redirect: 'manual',
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    this.absorb(response);
    return response;
  }

  post(path: string, json?: unknown, headers: Record<string, string | null> = {}): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  signIn(email = 'demo@example.com', password = 'demo'): Promise<Response> {
    return this.post('/auth/signin', { email, password });
  }

  refresh(headers: Record<string, string | null> = {}): Promise<Response> {
    return this.request('/auth/session/refresh', { method: 'POST', headers });
  }

  /** Stores tokens from a response, as the SDK and the browser would. */
  absorb(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const { name, value, attrs } = parseSetCookie(header);
      const path = attrs['path'] ?? '/';
      this.#jar = this.#jar.filter((c) => !(c.name === name && c.path === path));
      if (!isClearing(header)) this.#jar.push({ name, value, path });
    }
    const front = response.headers.get('front-token');
    if (front === 'remove') {
      this.frontToken = undefined;
      this.antiCsrf = undefined;
      this.accessToken = undefined;
      this.refreshToken = undefined;
    } else if (front !== null) {
      this.frontToken = front;
    }
    const antiCsrf = response.headers.get('anti-csrf');
    if (antiCsrf !== null) this.antiCsrf = antiCsrf;
    const access = response.headers.get('st-access-token');
    if (access !== null) this.accessToken = access === '' || access === 'remove' ? undefined : access;
    const refresh = response.headers.get('st-refresh-token');
    if (refresh !== null) this.refreshToken = refresh === '' || refresh === 'remove' ? undefined : refresh;
  }
}

export async function stats(url: string): Promise<MockStats> {
  return (await (await fetch(`${url}/__mock/stats`)).json()) as MockStats;
}

export async function sessions(url: string): Promise<MockSessionInfo[]> {
  return (await (await fetch(`${url}/__mock/sessions`)).json()) as MockSessionInfo[];
}

export async function mockPost(url: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/__mock/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A JSON snapshot of everything a bad request must not change. */
export async function snapshot(url: string): Promise<string> {
  const { refreshCalls, signIns, signOuts, apiCalls } = await stats(url);
  const config = (await (await fetch(`${url}/__mock/config`)).json()) as unknown;
  return JSON.stringify({ refreshCalls, signIns, signOuts, apiCalls, sessions: await sessions(url), config });
}
