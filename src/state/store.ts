import { documentCookieHandler, parseCookies, serialiseCookie, type CookieAttributes, type CookieHandler } from './cookies';
import { tabsessionError } from '../errors';
import { parseFrontToken, type FrontToken } from './frontToken';
import { isIpOrLocalhost } from './hostname';

/** docs/protocol.md section 1: EXISTS, NOT_EXISTS (removed), MAY_EXIST (nothing known: refresh to find out). */
export type LocalSessionState = 'EXISTS' | 'NOT_EXISTS' | 'MAY_EXIST';

const FRONT_TOKEN = 'sFrontToken';
const VERSION = 'st-last-access-token-update';
const ANTI_CSRF = 'sAntiCsrf';
const ACCESS_TOKEN = 'st-access-token';
const REFRESH_TOKEN = 'st-refresh-token';
const TEN_YEARS_MS = 3650 * 24 * 3600 * 1000;

/** One read of every frontend cookie: a request looks at several, and parsing document.cookie once is enough. */
export interface Snapshot {
  state: LocalSessionState;
  /** The session version: the last-update marker, '' when there is none. */
  version: string;
  /** The front token as stored (base64 JSON); `decodeFrontToken` turns it into a `FrontToken`. */
  rawFrontToken: string | undefined;
  antiCsrf: string | undefined;
  accessToken: string | undefined;
  refreshToken: string | undefined;
  /** When the access token expires (ms since the epoch), for protocols that keep it outside a front token. */
  expiresAt?: number;
}

/** What writing a `front-token` changed, so the caller can fire the right events. */
export interface FrontTokenChange {
  created: boolean;
  payloadChanged: boolean;
  token: FrontToken;
}

/**
 * The session state the SDK keeps in JS-readable cookies (docs/protocol.md section 1). Cookies, not
 * localStorage, because every tab of the origin sees a write at once and a server-rendered page can
 * read them too.
 */
export class SessionStore {
  private readonly attributes_: CookieAttributes;
  /** Set once a write did not stick, so the diagnostic is given once, not at every response. */
  private blockedReported_ = false;

  /**
   * `inIframe`: the page runs in a third-party iframe, where the browser only keeps cookies that are
   * `SameSite=None; Secure`.
   */
  constructor(
    frontendDomain: string | undefined,
    private readonly report_: (error: unknown) => void = () => {},
    private readonly cookies_: CookieHandler = documentCookieHandler,
    inIframe = false,
  ) {
    const hostname = typeof location === 'undefined' ? '' : location.hostname;
    this.attributes_ = inIframe ? { path: '/', sameSite: 'None', secure: true } : { path: '/', sameSite: 'Lax', secure: false };
    if (frontendDomain !== undefined && !isIpOrLocalhost(hostname)) this.attributes_.domain = frontendDomain;
  }

  private all_(): Record<string, string | undefined> {
    return parseCookies(this.cookies_.getCookie());
  }

  snapshot(): Snapshot {
    const all = this.all_();
    const rawFrontToken = all[FRONT_TOKEN];
    const version = all[VERSION];
    return {
      state: rawFrontToken !== undefined && version !== undefined ? 'EXISTS' : version !== undefined ? 'NOT_EXISTS' : 'MAY_EXIST',
      version: version ?? '',
      rawFrontToken,
      antiCsrf: all[ANTI_CSRF],
      accessToken: all[ACCESS_TOKEN],
      refreshToken: all[REFRESH_TOKEN],
    };
  }

  /** Decodes a stored front token (undefined when there is none); garbage is a clear error. */
  decodeFrontToken(raw: string | undefined): FrontToken | undefined {
    if (raw === undefined) return undefined;
    try {
      return parseFrontToken(raw);
    } catch (cause) {
      throw tabsessionError('MALFORMED_FRONT_TOKEN', 'TS047', [], { cause });
    }
  }

  /** Stores a validated front token; throws MALFORMED_FRONT_TOKEN and stores nothing when it is not. */
  setFrontToken(value: string): FrontTokenChange {
    const next = parseFrontToken(value);
    const previousRaw = this.all_()[FRONT_TOKEN];
    let previous: FrontToken | undefined;
    try {
      previous = previousRaw === undefined ? undefined : parseFrontToken(previousRaw);
    } catch {
      previous = undefined;
    }
    this.set_(FRONT_TOKEN, value);
    this.bumpVersion();
    this.checkStuck_(value);
    return {
      created: previous === undefined || previous.uid !== next.uid,
      payloadChanged: previous !== undefined && JSON.stringify(previous.up) !== JSON.stringify(next.up),
      token: next,
    };
  }

  /**
   * Blocked cookies (a third-party iframe, privacy settings) or a `sessionTokenFrontendDomain` the browser
   * refuses drop every write without an error, and `doesSessionExist` would then quietly say false after
   * each refresh. The front token is read back once per write, and a write that did not stick is
   * reported, once.
   */
  private checkStuck_(value: string): void {
    if (this.blockedReported_ || this.all_()[FRONT_TOKEN] === value) return;
    this.blockedReported_ = true;
    this.report_(
      tabsessionError('STORAGE', 'TS055', [this.attributes_.domain ?? 'host-only']),
    );
  }

  /** Forgets the session (front token, anti-csrf, header-mode tokens); returns whether one existed. */
  clear(): boolean {
    const existed = this.all_()[FRONT_TOKEN] !== undefined;
    for (const name of [FRONT_TOKEN, ANTI_CSRF, ACCESS_TOKEN, REFRESH_TOKEN]) this.set_(name);
    this.bumpVersion();
    return existed;
  }

  setAntiCsrf(value: string): void {
    this.set_(ANTI_CSRF, value);
  }

  /** Header mode: an empty value or `remove` clears the token (docs/protocol.md section 3). */
  setToken(kind: 'access' | 'refresh', value: string): void {
    const name = kind === 'access' ? ACCESS_TOKEN : REFRESH_TOKEN;
    if (value === '' || value === 'remove') this.set_(name);
    else this.set_(name, value);
  }

  /** Marks "the session changed" so a request that waited on the lock knows someone else refreshed. */
  bumpVersion(): void {
    const previous = Number(this.all_()[VERSION] ?? 0);
    this.set_(VERSION, String(Math.max(Date.now(), (Number.isFinite(previous) ? previous : 0) + 1)));
  }

  /** Writes a cookie, or removes it (`value` undefined). */
  private set_(name: string, value?: string): void {
    const { domain, ...hostOnly } = this.attributes_;
    // An app that adds `sessionTokenFrontendDomain` later still has host-only copies from before, which
    // the browser lists first: they would shadow every new value. Writes on a domain remove them.
    if (domain !== undefined) this.cookies_.setCookie(serialiseCookie(name, '', hostOnly, new Date(0)));
    this.cookies_.setCookie(serialiseCookie(name, value ?? '', this.attributes_, new Date(value === undefined ? 0 : Date.now() + TEN_YEARS_MS)));
  }
}
