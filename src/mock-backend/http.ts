/**
 * The mock backend's own tiny HTTP model: a request in (method, url, headers, body bytes), a response out
 * (status, header pairs with repeats such as several Set-Cookie, body). No framework and no Node API, so
 * the same protocol engine runs behind Express, behind msw in Node, and in a browser page.
 */
import { HttpError } from './errors.js';

/** What an adapter hands the engine. Header names lower-case; repeated headers joined as HTTP does. */
export interface EngineRequest {
  readonly method: string;
  /** Path and query (`/api/user?x=1`) or an absolute URL: only the path and query are used. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body; undefined or empty when there is none. */
  readonly body?: Uint8Array | undefined;
  /** Aborted when the client goes away (a tab closed mid-refresh). */
  readonly signal?: AbortSignal | undefined;
}

export interface EngineResponse {
  readonly status: number;
  /** In order, names lower-case, repeats kept (one entry per Set-Cookie). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | undefined;
}

/** The request as a route sees it. */
export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  /** The query string's parameters (`?email=a%40b.c` gives `query.get('email') === 'a@b.c'`). */
  readonly query: URLSearchParams;
  header(name: string): string | undefined;
  /** Parsed according to the route's `body` kind; undefined when there was no body. */
  readonly body: unknown;
  readonly rawBody: Uint8Array;
  readonly signal: AbortSignal | undefined;
}

/** A response under construction: the few things the routes need of Express's `res`, framework-free. */
export class Reply {
  status = 200;
  #headers: [string, string][] = [];
  body: string | undefined;
  /** True once a route answered. */
  sent = false;

  header(name: string): string | undefined {
    return this.#headers.find(([key]) => key === name.toLowerCase())?.[1];
  }

  set(name: string, value: string): this {
    this.remove(name);
    this.#headers.push([name.toLowerCase(), value]);
    return this;
  }

  append(name: string, values: readonly string[]): this {
    for (const value of values) this.#headers.push([name.toLowerCase(), value]);
    return this;
  }

  remove(name: string): this {
    this.#headers = this.#headers.filter(([key]) => key !== name.toLowerCase());
    return this;
  }

  vary(field: string): this {
    const current = this.header('vary');
    if (current === undefined) return this.set('vary', field);
    if (!current.toLowerCase().split(/\s*,\s*/).includes(field.toLowerCase())) this.set('vary', `${current}, ${field}`);
    return this;
  }

  json(body: unknown, status = this.status): void {
    this.send(status, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  html(body: string): void {
    this.send(this.status, 'text/html; charset=utf-8', body);
  }

  redirect(status: number, location: string): void {
    this.set('location', location);
    this.send(status, 'text/plain; charset=utf-8', `Found. Redirecting to ${location}`);
  }

  /** An answer without a body (a preflight's 204). */
  end(status: number): void {
    this.status = status;
    this.sent = true;
  }

  send(status: number, contentType: string, body: string): void {
    this.status = status;
    this.set('content-type', contentType);
    this.body = body;
    this.sent = true;
  }

  toResponse(head: boolean): EngineResponse {
    return { status: this.status, headers: [...this.#headers], body: head ? undefined : this.body };
  }
}

export type RouteHandler = (req: RouteRequest, reply: Reply) => void | Promise<void>;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One path of the route table. A group of routes (auth, api, ssr, the test control) lives in its own file
 * under routes/ and is mounted at a prefix by the engine; adding a group is one file and one line.
 */
export interface Route {
  /** Relative to the group's mount point, e.g. '/signin'. */
  readonly path: string;
  readonly methods: Partial<Record<Method, RouteHandler>>;
  /**
   * How the body is read: 'json' any content type (a sign-in form posted as text/plain), 'json-typed' only
   * application/json (others 415), 'raw' bytes. Every kind is limited to BODY_LIMIT bytes (413).
   */
  readonly body?: 'json' | 'json-typed' | 'raw';
}

/** 100 KB, as the Express backend's body parsers had. */
export const BODY_LIMIT = 100 * 1024;

export function mount(prefix: string, routes: readonly Route[]): Route[] {
  const base = prefix === '/' ? '' : prefix;
  return routes.map((route) => ({ ...route, path: `${base}${route.path}` }));
}

/**
 * The route table by normalised path. Routes of the same path are tried in table order, as Express tries
 * routers in mount order: a handler that returns without answering passes the request on (Express's
 * `next()`), to the same method of the next route of that path. Routes sharing a path share its body kind.
 */
export function routesByPath(routes: readonly Route[]): Map<string, Route> {
  const table = new Map<string, Route>();
  for (const route of routes) {
    const key = normalisePath(route.path);
    const earlier = table.get(key);
    if (earlier === undefined) {
      table.set(key, route);
      continue;
    }
    if (earlier.body !== route.body) throw new TypeError(`routes of ${route.path} read their bodies differently`);
    const methods: Partial<Record<Method, RouteHandler>> = { ...route.methods, ...earlier.methods };
    for (const [method, later] of Object.entries(route.methods) as [Method, RouteHandler][]) {
      const first = earlier.methods[method];
      if (first === undefined) continue;
      methods[method] = async (req, reply) => {
        await first(req, reply);
        if (!reply.sent) await later(req, reply);
      };
    }
    table.set(key, { ...earlier, methods });
  }
  return table;
}

/** Paths compare as Express's default router does: case-insensitive, one trailing slash ignored. */
export function normalisePath(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.toLowerCase();
}

/** The path of a request URL, absolute or not, as sent (not decoded), like Express's `req.path`. */
export function pathOf(url: string): string {
  return url.startsWith('/') ? (url.split(/[?#]/)[0] ?? '/') : new URL(url).pathname;
}

/** The query parameters of a request URL, absolute or not. */
export function queryOf(url: string): URLSearchParams {
  const query = url.split('#')[0] ?? '';
  const start = query.indexOf('?');
  return new URLSearchParams(start === -1 ? '' : query.slice(start + 1));
}

/** The value `Allow` lists for a route: HEAD wherever GET is. */
export function allowedMethods(route: Route): string[] {
  const methods = Object.keys(route.methods);
  return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
}

function isJsonType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Reads the body as the route asks; bad bodies throw the 4xx a body parser would answer. */
export function readBody(route: Route, bytes: Uint8Array, contentType: string | undefined): unknown {
  if (route.body === undefined) return undefined;
  if (bytes.byteLength > BODY_LIMIT) throw new HttpError(413, `request body too large (limit ${BODY_LIMIT} bytes)`);
  if (route.body === 'raw') return bytes;
  if (route.body === 'json-typed' && !isJsonType(contentType)) {
    if (bytes.byteLength > 0) throw new HttpError(415, 'expected an application/json body');
    return undefined;
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return {};
  // Strict, as body-parser: only an object or an array is a JSON body.
  if (!/^[\s]*[[{]/.test(text)) throw new HttpError(400, 'malformed JSON body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'malformed JSON body');
  }
}

/** base64 of bytes, without Node's Buffer. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
