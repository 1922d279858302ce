import Cookies from 'js-cookie';
import { TabsessionError } from '../errors';
import { parseFrontToken, type FrontToken } from './frontToken';

/** PROTOCOL.md section 1: EXISTS, NOT_EXISTS (removed), MAY_EXIST (nothing known: refresh to find out). */
export type LocalSessionState = 'EXISTS' | 'NOT_EXISTS' | 'MAY_EXIST';

const FRONT_TOKEN = 'sFrontToken';
const VERSION = 'st-last-access-token-update';
const ANTI_CSRF = 'sAntiCsrf';
const ACCESS_TOKEN = 'st-access-token';
const REFRESH_TOKEN = 'st-refresh-token';

/** One read of every frontend cookie: a request looks at several, and parsing document.cookie once is enough. */
export interface Snapshot {
  state: LocalSessionState;
  /** The session version: the last-update marker, '' when there is none. */
  version: string;
  frontToken: string | undefined;
  antiCsrf: string | undefined;
  accessToken: string | undefined;
  refreshToken: string | undefined;
}

/** What writing a `front-token` changed, so the caller can fire the right events. */
export interface FrontTokenChange {
  created: boolean;
  payloadChanged: boolean;
}

function isIpOrLocalhost(hostname: string): boolean {
  return hostname === 'localhost' || /^[\d.]+$/.test(hostname) || hostname.includes(':') || hostname.startsWith('[');
}

/**
 * The session state the SDK keeps in JS-readable cookies (PROTOCOL.md section 1). Cookies, not
 * localStorage, because every tab of the origin sees a write at once and a server-rendered page can
 * read them too.
 */
export class SessionStore {
  private readonly attributes: Cookies.CookieAttributes;

  constructor(frontendDomain: string | undefined) {
    const hostname = typeof location === 'undefined' ? '' : location.hostname;
    this.attributes = { path: '/', sameSite: 'Lax', expires: 3650 };
    if (frontendDomain !== undefined && !isIpOrLocalhost(hostname)) this.attributes.domain = frontendDomain;
  }

  snapshot(): Snapshot {
    const all = Cookies.get();
    const frontToken = all[FRONT_TOKEN];
    const version = all[VERSION];
    return {
      state: frontToken !== undefined && version !== undefined ? 'EXISTS' : version !== undefined ? 'NOT_EXISTS' : 'MAY_EXIST',
      version: version ?? '',
      frontToken,
      antiCsrf: all[ANTI_CSRF],
      accessToken: all[ACCESS_TOKEN],
      refreshToken: all[REFRESH_TOKEN],
    };
  }

  /** Decodes a stored front token (undefined when there is none); garbage is a clear error. */
  frontToken(raw: string | undefined): FrontToken | undefined {
    if (raw === undefined) return undefined;
    try {
      return parseFrontToken(raw);
    } catch (cause) {
      throw new TabsessionError('MALFORMED_FRONT_TOKEN', `the ${FRONT_TOKEN} cookie is malformed`, { cause });
    }
  }

  /** Stores a validated front token; throws MALFORMED_FRONT_TOKEN and stores nothing when it is not. */
  setFrontToken(value: string): FrontTokenChange {
    const next = parseFrontToken(value);
    const previousRaw = Cookies.get(FRONT_TOKEN);
    let previous: FrontToken | undefined;
    try {
      previous = previousRaw === undefined ? undefined : parseFrontToken(previousRaw);
    } catch {
      previous = undefined;
    }
    this.set(FRONT_TOKEN, value);
    this.bumpVersion();
    return {
      created: previous === undefined || previous.uid !== next.uid,
      payloadChanged: previous !== undefined && JSON.stringify(previous.up) !== JSON.stringify(next.up),
    };
  }

  /** Forgets the session (front token, anti-csrf, header-mode tokens); returns whether one existed. */
  clear(): boolean {
    const existed = Cookies.get(FRONT_TOKEN) !== undefined;
    for (const name of [FRONT_TOKEN, ANTI_CSRF, ACCESS_TOKEN, REFRESH_TOKEN]) this.remove(name);
    this.bumpVersion();
    return existed;
  }

  setAntiCsrf(value: string): void {
    this.set(ANTI_CSRF, value);
  }

  /** Header mode: an empty value or `remove` clears the token (PROTOCOL.md section 3). */
  setToken(kind: 'access' | 'refresh', value: string): void {
    const name = kind === 'access' ? ACCESS_TOKEN : REFRESH_TOKEN;
    if (value === '' || value === 'remove') this.remove(name);
    else this.set(name, value);
  }

  /** Marks "the session changed" so a request that waited on the lock knows someone else refreshed. */
  bumpVersion(): void {
    const previous = Number(Cookies.get(VERSION) ?? 0);
    this.set(VERSION, String(Math.max(Date.now(), (Number.isFinite(previous) ? previous : 0) + 1)));
  }

  private set(name: string, value: string): void {
    this.dropHostOnlyCopy(name);
    Cookies.set(name, value, this.attributes);
  }

  private remove(name: string): void {
    this.dropHostOnlyCopy(name);
    Cookies.remove(name, this.attributes);
  }

  /**
   * An app that adds `sessionTokenFrontendDomain` later still has host-only copies from before, which
   * the browser lists first: they would shadow every new value. Writes on a domain remove them.
   */
  private dropHostOnlyCopy(name: string): void {
    if (this.attributes.domain !== undefined) Cookies.remove(name, { path: '/' });
  }
}
