import { normaliseConfig, type NormalisedConfig, type TabsessionConfig, type APIAction } from '../config';
import { isApiUrl } from './interception';
import { hooksOf } from './hooks';
import { inBrowser, notInBrowser } from '../env';
import { TabsessionError } from '../errors';
import { CROSS_TAB_EVENTS, Emitter, eventFromOtherTab, type ClaimValidationError, type EventInput, type SessionEvent, type SessionEventListener } from '../events';
import { defaultLock, memoryLock, type RefreshLock } from '../lock';
import { Cooldown, retryAfterOf } from './cooldown';
import { SessionStore, type Snapshot } from '../state/store';
import { sharedStore, type SharedStore } from '../sync/idb';
import { clockSkewFromPayload, createDateProvider, type DateProvider } from '../state/clock';
import { defaultMessenger, type TabMessenger } from '../sync/messenger';
import { parseJsonBody } from './body';
import type { Exchange, Outgoing } from './exchange';

/** The FDI versions of the protocol this SDK speaks, sent on refresh as the reference client does. */
const FDI_VERSIONS = '1.16,1.17,1.18,1.19,2.0,3.0,3.1,4.0,4.1';
const LOCK_NAME = 'tabsession-refresh';
/**
 * The longest a refresh may hold the cross-tab lock. A refresh that hangs (a stalled network, a hook
 * that waits on the SDK) ends as REFRESH_FAILED, so no tab waits forever; the session is kept.
 */
const REFRESH_TIMEOUT_MS = 30_000;
/** Internal knobs (not exported by the package): tests shorten the refresh bound instead of waiting 30 s. */
export const bounds = { refreshMs: REFRESH_TIMEOUT_MS };

/** What an aborted signal rejects with: its reason, which is the platform's AbortError unless the caller gave one. */
const abortReason = (signal: AbortSignal): unknown => signal.reason ?? new DOMException('This operation was aborted', 'AbortError');

/**
 * A request's own wait for a refresh, cut short by its AbortSignal. Only this request stops waiting: the
 * refresh goes on for the others that wait on it.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs `task` holding the lock, but waits for the lock at most `ms`: a tab that never lets go (a lock
 * that hangs, a lease holder frozen in the background) ends the wait as REFRESH_FAILED, never a hang. A
 * wait that timed out gives its turn back unused when it finally comes.
 */
function boundedLock<T>(lock: RefreshLock, ms: number, task: () => Promise<T>, unused: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const timer = setTimeout(() => {
      abandoned = true;
      reject(new TabsessionError('REFRESH_FAILED', `waited longer than ${ms / 1000} s for the session refresh lock; the session is kept`));
    }, ms);
    lock
      .run(LOCK_NAME, () => {
        clearTimeout(timer);
        return abandoned ? Promise.resolve(unused) : task();
      })
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}

const coolingDown = (until: number) =>
  new TabsessionError('REFRESH_FAILED', `the session refresh is rate-limited until ${new Date(until).toISOString()}; the session is kept`, {
    retryAfter: new Date(until),
  });

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TabsessionError('REFRESH_FAILED', `the session refresh took longer than ${ms / 1000} s; the session is kept`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What a request was sent with: the session version and the values that went on the wire. A request
 * whose stamp no longer matches, once it holds the lock, was sent before someone else's refresh.
 */
const stamp = (seen: Snapshot) => `${seen.version} ${seen.antiCsrf} ${seen.accessToken}`;

/** How a refresh attempt ended, from the point of view of a request that got a 401. */
type RefreshOutcome = 'RETRY' | 'SESSION_GONE';

/** The fetch the SDK itself uses; never the patched one, so its own calls are not intercepted. */
export type BaseFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * One SDK instance: config, frontend state, the refresh lock and the event bus. `init()` makes the
 * default instance; tests make several that share a lock and a cookie jar, standing in for tabs.
 */
export class Session {
  readonly config: NormalisedConfig;
  /** @internal What this tab knows, read without a request by the UI state (src/state/snapshot.ts). */
  readonly store: SessionStore;
  private readonly lock: RefreshLock;
  private readonly messenger: TabMessenger;
  private readonly emitter: Emitter;
  private readonly clock: DateProvider;
  private readonly unsubscribe: () => void;
  /** In-tab single flight: requests sent with the same session share one lock wait and refresh. */
  private inflight: { seen: string; outcome: Promise<RefreshOutcome> } | undefined;
  /** Where the refresh record lives (IndexedDB); undefined when there is none. */
  private shared: SharedStore | undefined;
  /** The refresh record as this tab last read or wrote it: the session as of the last refresh. */
  private latest: Snapshot | undefined;
  /** The rate-limit cooldown of the refresh, shared with every tab. */
  private readonly cooldown = new Cooldown(() => this.shared);

  constructor(config: TabsessionConfig, private readonly baseFetch: BaseFetch) {
    this.config = normaliseConfig(config);
    this.store = new SessionStore(this.config.sessionTokenFrontendDomain, this.config.onDiagnostic, this.config.cookieHandler, this.config.isInIframe);
    // A server process has no tabs: no lock to share, no record, and no fallback worth a diagnostic.
    const browser = inBrowser();
    this.lock = this.config.lock ?? (browser ? defaultLock(this.config.onDiagnostic, this.config.storage) : memoryLock());
    this.messenger = this.config.messenger ?? defaultMessenger(this.config.storage);
    this.clock = this.config.dateProvider ?? createDateProvider();
    this.emitter = new Emitter(this.config.onDiagnostic);
    if (typeof indexedDB === 'object' && indexedDB) this.shared = sharedStore(indexedDB);
    else if (browser) this.unordered();
    const onHandleEvent = this.config.onHandleEvent;
    if (onHandleEvent) this.emitter.on(onHandleEvent);
    this.unsubscribe = this.messenger.subscribe((message) => {
      const event = eventFromOtherTab(message);
      if (event) this.emitter.emit(event);
      else this.config.onDiagnostic(new TabsessionError('INVALID_RESPONSE', 'a message from another tab is not a session event this SDK sends; dropped'));
    });
  }

  /** Stops listening to other tabs. The instance must not be used afterwards. */
  destroy(): void {
    this.unsubscribe();
    this.messenger.close();
  }

  /** Now, in milliseconds on the server's clock (the learned clock skew applied): what claim ages are measured against. */
  now(): number {
    return this.clock.now();
  }

  /** True when the SDK should touch a request to this URL (docs/protocol.md section 2). */
  intercepts(url: string): boolean {
    return isApiUrl(this.config, url);
  }

  /** Subscribes to session events; returns the unsubscribe function. */
  on<A extends SessionEvent['action']>(action: A | '*', listener: SessionEventListener<A>): () => void {
    return this.emitter.on((event) => {
      if (action === '*' || event.action === action) (listener as unknown as SessionEventListener)(event);
    });
  }

  /**
   * The one mechanism behind every transport: send, read the session headers, and on a 401 take the
   * refresh (shared in-tab and across tabs), then replay. At most `maxRetryAttemptsForSessionRefresh`
   * rounds; an endpoint that keeps answering 401 ends in MAX_REFRESH_ATTEMPTS, never a loop.
   */
  async run<R>(exchange: Exchange<R>, action: 'API' | APIAction = 'API'): Promise<R> {
    const { sessionExpiredStatusCode, invalidClaimStatusCode, maxRetryAttemptsForSessionRefresh: max } = this.config;
    // One read of the cookies per attempt: in Chromium each document.cookie read is a synchronous IPC.
    let staleToken: string | undefined;
    for (let round = 0; ; round++) {
      const before = this.view();
      if (round === 0) staleToken = before.accessToken;
      const response = await exchange.send((request) => this.decorate(request, before, staleToken));
      const answeredBy = exchange.url?.(response);
      if (answeredBy && !answeredBy.startsWith(`${this.config.apiOrigin}/`) && !this.intercepts(answeredBy)) {
        return response; // redirected off the API: not ours to read
      }
      const status = exchange.status(response);
      const removed = this.readHeaders((name) => exchange.header(response, name), action, status);
      if (status === invalidClaimStatusCode && exchange.json) await this.reportInvalidClaim(exchange.json(response));
      if (status !== sessionExpiredStatusCode) return response;

      if (this.view().state === 'NOT_EXISTS') {
        // No session to refresh. Say so, unless the front-token removal above already did.
        if (!removed) this.emit({ action: 'UNAUTHORISED', sessionExpiredOrRevoked: false });
        return response;
      }
      if (round >= max) {
        throw new TabsessionError(
          'MAX_REFRESH_ATTEMPTS',
          `the API answered ${status} after ${max} session refreshes; giving up (is the backend rejecting fresh tokens?)`,
          { status, response: response instanceof Response ? response : undefined },
        );
      }
      if ((await abortable(this.refreshAfter(stamp(before)), exchange.signal)) === 'SESSION_GONE') return response;
    }
  }

  /** docs/protocol.md section 2: what an intercepted request carries. The caller's own choices win. */
  private decorate(request: Outgoing, before: ReturnType<SessionStore['snapshot']>, staleToken: string | undefined): void {
    const { headers } = request;
    request.credentials ??= this.config.autoAddCredentials ? 'include' : undefined;
    if (!headers.get('rid')) headers.set('rid', 'anti-csrf');
    headers.set('st-auth-mode', this.config.tokenTransferMethod);
    if (before.state === 'EXISTS' && this.headerSafe('anti-csrf', before.antiCsrf)) headers.set('anti-csrf', before.antiCsrf);
    if (this.config.tokenTransferMethod === 'header' && this.headerSafe('st-access-token', before.accessToken)) {
      const own = headers.get('authorization');
      if (!own || (staleToken !== undefined && own === `Bearer ${staleToken}`)) {
        headers.set('authorization', `Bearer ${before.accessToken}`);
      }
    }
  }

  /**
   * A stored value that cannot be a header value (a cookie planted with a newline, say) would make every
   * request throw in `Headers.set`: it is reported and left out instead.
   */
  private headerSafe(name: string, value: string | undefined): value is string {
    if (value === undefined) return false;
    if (/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) return true;
    this.config.onDiagnostic(new TabsessionError('INVALID_RESPONSE', `the stored ${name} is not a valid header value; it is not sent`));
    return false;
  }

  /**
   * Reads the session headers of any intercepted response (docs/protocol.md section 3) and fires the events
   * they imply. Returns true when the response removed an existing session. A malformed header is
   * reported and ignored: it never throws here and never corrupts the stored session.
   */
  private readHeaders(header: (name: string) => string | null, action: 'API' | APIAction, status?: number): boolean {
    let removed = false;
    const frontToken = header('front-token');
    const hooks = hooksOf(this.config);
    if (frontToken === 'remove') {
      removed = this.store.clear();
      // The drop-in (hooks) follows the reference: a removal that is not a session-expired answer is a sign-out.
      const signedOut = hooks.signOutOnRemoval && status !== this.config.sessionExpiredStatusCode;
      if (removed && action === 'API') this.emit(signedOut ? { action: 'SIGN_OUT' } : { action: 'UNAUTHORISED', sessionExpiredOrRevoked: true });
    } else if (frontToken) {
      try {
        const change = this.store.setFrontToken(frontToken);
        this.clock.setClientClockSkewInMillis(hooks.clockSkew ? hooks.clockSkew(change.token.up, header) : clockSkewFromPayload(change.token.up));
        if (action === 'API' && change.created) this.emit({ action: 'SESSION_CREATED' });
        else if (change.payloadChanged) this.emit({ action: 'ACCESS_TOKEN_PAYLOAD_UPDATED' });
      } catch (error) {
        this.config.onDiagnostic(error);
      }
    }
    const antiCsrf = header('anti-csrf');
    if (antiCsrf) this.store.setAntiCsrf(antiCsrf);
    const access = header('st-access-token');
    if (access !== null) this.store.setToken('access', access);
    const refresh = header('st-refresh-token');
    if (refresh !== null) this.store.setToken('refresh', refresh);
    return removed;
  }

  private async reportInvalidClaim(body: Promise<unknown>): Promise<void> {
    try {
      const read = hooksOf(this.config).invalidClaims;
      this.emit({ action: 'API_INVALID_CLAIM', claimValidationErrors: read ? await read(await body) : claimErrorsOf(await body) });
    } catch (error) {
      this.config.onDiagnostic(error);
    }
  }

  /**
   * The session as this tab should see it: the cookies, unless the refresh record is as new. After the
   * lock hand-over, Firefox and WebKit can still show this tab the cookies from before the last refresh,
   * or some of them (the new version with the old token: each cookie travels on its own); the record,
   * read inside the lock and written in one transaction, cannot be stale or partial, so it wins until
   * the cookies move past it (a later sign-in or sign-out).
   */
  private view(): Snapshot {
    const cookies = this.store.snapshot();
    const record = this.latest;
    return record && cookies.version !== '' && Number(record.version) >= Number(cookies.version) ? record : cookies;
  }

  /** Stores the session as the refresh record; resolves once it is committed (before the lock is released). */
  private async share(session: Snapshot): Promise<void> {
    this.latest = session;
    await this.shared?.update('record', () => session).catch((error) => this.unordered(error));
  }

  /** No IndexedDB (absent, or failing): the decision falls back to the session cookie. Reported once. */
  private unordered(cause?: unknown): undefined {
    this.shared = undefined;
    this.config.onDiagnostic(
      new TabsessionError(
        'FALLBACK',
        'no IndexedDB: the cross-tab refresh decision is ordered only in Chromium (Firefox and WebKit tabs may refresh twice)',
        { cause },
      ),
    );
    return undefined;
  }

  /**
   * A request sent with the session `seen` (its stamp) got a 401. Requests of this tab sent with the same
   * one share one wait; the lock makes tabs take turns; inside it, a changed session (read from the
   * refresh record, which is ordered with the lock in every engine) means another request or tab
   * already refreshed, so only the first one calls the endpoint.
   */
  refreshAfter(seen: string): Promise<RefreshOutcome> {
    if (this.inflight?.seen === seen) return this.inflight.outcome;
    // During a rate-limit cooldown (this tab's or another's) a request fails fast, without the lock.
    const cooling = this.cooldown.until();
    if (cooling !== undefined && stamp(this.view()) === seen) return Promise.reject(coolingDown(cooling));
    const outcome = boundedLock(this.lock, bounds.refreshMs, async (): Promise<RefreshOutcome> => {
      if (this.shared) this.latest = await this.shared.update<Snapshot>('record').catch(this.unordered.bind(this));
      const now = this.view();
      if (now.state === 'NOT_EXISTS') return 'SESSION_GONE' as const;
      if (stamp(now) !== seen) return 'RETRY' as const;
      const until = await this.cooldown.read(); // another tab was rate-limited while this one waited
      if (until !== undefined) throw coolingDown(until);
      try {
        return await withTimeout(this.callRefresh(now), bounds.refreshMs);
      } finally {
        // What the refresh wrote becomes the record, committed before the lock is released. (Without
        // IndexedDB, this read still makes Chromium apply the cookie writes before the release.)
        const after = this.store.snapshot();
        if (Number(after.version) > Number(now.version)) await this.share(after);
      }
    }, 'RETRY');
    const entry = { seen, outcome };
    this.inflight = entry;
    const clear = () => {
      if (this.inflight === entry) this.inflight = undefined;
    };
    outcome.then(clear, clear);
    return outcome;
  }

  /** docs/protocol.md section 5. Called with the lock held. */
  private async callRefresh(now: ReturnType<SessionStore['snapshot']>): Promise<RefreshOutcome> {
    const headers: Record<string, string> = {
      rid: 'session',
      'fdi-version': FDI_VERSIONS,
      'st-auth-mode': this.config.tokenTransferMethod,
    };
    if (this.headerSafe('anti-csrf', now.antiCsrf)) headers['anti-csrf'] = now.antiCsrf;
    if (this.config.tokenTransferMethod === 'header' && this.headerSafe('st-refresh-token', now.refreshToken)) {
      headers['authorization'] = `Bearer ${now.refreshToken}`;
    }
    let response: Response;
    try {
      response = await this.callOwnEndpoint('REFRESH_SESSION', this.config.refreshUrl, {
        method: 'POST',
        credentials: 'include',
        headers,
      });
    } catch (cause) {
      throw new TabsessionError('REFRESH_FAILED', 'the session refresh request failed; the session is kept', { cause });
    }
    const hadFrontToken = response.headers.get('front-token');
    this.readHeaders((name) => response.headers.get(name), 'REFRESH_SESSION');

    if (response.status === this.config.sessionExpiredStatusCode) {
      // The session is over (expired, revoked, or theft detected): forget it everywhere. A probe with
      // nothing known before (MAY_EXIST, a first visit) ended no session, so it is no event.
      this.store.clear();
      if (now.state === 'EXISTS') this.emit({ action: 'UNAUTHORISED', sessionExpiredOrRevoked: true });
      return 'SESSION_GONE';
    }
    const retryAfter = retryAfterOf(response.status, response.headers.get('retry-after'), Date.now());
    if (retryAfter !== undefined) {
      // Rate-limited: no tab refreshes again before the backend said, and no request waits for it.
      await this.cooldown.start(retryAfter);
      throw new TabsessionError(
        'REFRESH_FAILED',
        `the session refresh answered ${response.status} (rate-limited) and may be tried again at ${new Date(retryAfter).toISOString()}; the session is kept`,
        { response, retryAfter: new Date(retryAfter) },
      );
    }
    if (!response.ok) {
      throw new TabsessionError('REFRESH_FAILED', `the session refresh answered ${response.status}; the session is kept`, {
        response,
      });
    }
    if (!hadFrontToken) {
      // Either the backend cleared duplicate cookies (CLEAR_DUPLICATE_SESSION_COOKIES), or the header was
      // lost on the way. Retry (counted against maxRetryAttemptsForSessionRefresh), and say which is which.
      // Bump the version so waiting tabs retry too, but never create it: a version without a front token
      // would read as "signed out" (NOT_EXISTS) and end the retry this case calls for.
      if (now.state !== 'MAY_EXIST') this.store.bumpVersion();
      this.config.onDiagnostic(
        new TabsessionError(
          'INVALID_RESPONSE',
          'refresh answered 200 without a front-token: fine if the backend cleared duplicate cookies, else a proxy drops it or CORS does not expose it',
          { response },
        ),
      );
      return 'RETRY';
    }
    this.emit({ action: 'REFRESH_SESSION' });
    return 'RETRY';
  }

  /**
   * The SDK's own requests (refresh, sign-out) go through the hooks, never through interception. A
   * throwing `postAPIHook` is reported, not raised: the response (new tokens, or a removed session) must
   * still be read. Hooks must not call the SDK's intercepted fetch for the API (use `nativeFetch`): a
   * request waiting on the refresh it is part of would wait for the refresh timeout.
   */
  async callOwnEndpoint(action: APIAction, url: string, requestInit: RequestInit): Promise<Response> {
    const hooked = this.config.preAPIHook ? await this.config.preAPIHook({ action, url, requestInit }) : { url, requestInit };
    const response = await this.baseFetch(hooked.url, hooked.requestInit);
    if (this.config.postAPIHook) {
      try {
        await this.config.postAPIHook({ action, url: hooked.url, requestInit: hooked.requestInit, fetchResponse: response.clone() });
      } catch (error) {
        this.config.onDiagnostic(error);
      }
    }
    return response;
  }

  /** Fires an event here and, for the ones that change the session, in every other tab. */
  emit(event: EventInput): void {
    this.emitter.emit({ ...event, fromOtherTab: false } as SessionEvent);
    // "This request found no session" (UNAUTHORISED, not expired or revoked) is this tab's news only:
    // the other tabs already know from the shared cookies, and it would repeat once per request.
    const local = event.action === 'UNAUTHORISED' && !event.sessionExpiredOrRevoked;
    if (CROSS_TAB_EVENTS.has(event.action) && !local) {
      try {
        this.messenger.post({ event });
      } catch (error) {
        this.config.onDiagnostic(error);
      }
    }
  }

  // ---- The public session functions -------------------------------------------------------------

  /**
   * True when a session exists. Refreshes first when the front token says the access token has expired,
   * or when nothing is known locally (cookies wiped). A failed refresh (5xx, network) throws REFRESH_FAILED.
   */
  async doesSessionExist(): Promise<boolean> {
    this.assertBrowser();
    const now = this.view();
    if (now.state === 'NOT_EXISTS') return false;
    if (now.state === 'EXISTS' && !this.accessTokenExpired()) return true;
    await this.refreshAfter(stamp(now));
    return this.view().state === 'EXISTS';
  }

  /** The session lives in document.cookie: without a document (on a server) there is none to read. */
  private assertBrowser(): void {
    if (!inBrowser()) throw notInBrowser('session functions reject');
  }

  private accessTokenExpired(): boolean {
    try {
      const token = this.store.frontToken(this.view().frontToken);
      return token === undefined || token.ate < this.clock.now();
    } catch (error) {
      this.config.onDiagnostic(error);
      return true; // a garbage cookie: refreshing replaces it with a good one
    }
  }

  /** Refreshes the session now (shared with any refresh already under way). True if a session exists after. */
  async attemptRefreshingSession(): Promise<boolean> {
    this.assertBrowser();
    return (await this.refreshAfter(stamp(this.view()))) === 'RETRY' && this.view().state === 'EXISTS';
  }

  async getUserId(): Promise<string> {
    return (await this.requireFrontToken()).uid;
  }

  async getAccessTokenPayloadSecurely(): Promise<Record<string, unknown>> {
    return (await this.requireFrontToken()).up;
  }

  /** Header mode: the current access token (refreshed first if expired). Cookie mode: undefined (httpOnly). */
  async getAccessToken(): Promise<string | undefined> {
    if (!(await this.doesSessionExist())) return undefined;
    return this.view().accessToken;
  }

  private async requireFrontToken() {
    const token = (await this.doesSessionExist()) ? this.store.frontToken(this.view().frontToken) : undefined;
    if (token === undefined) throw new TabsessionError('NO_SESSION', 'no session exists');
    return token;
  }

  /** Signs out on the backend (refreshing first if the access token expired) and forgets the session. */
  async signOut(): Promise<void> {
    if (!(await this.doesSessionExist())) {
      this.emit({ action: 'SIGN_OUT' });
      return;
    }
    const response = await this.run(
      {
        send: (decorate) => {
          const headers = new Headers({ rid: 'session', 'content-type': 'application/json; charset=utf-8' });
          decorate({ headers, credentials: 'include' });
          return this.callOwnEndpoint('SIGN_OUT', this.config.signOutUrl, {
            method: 'POST',
            credentials: 'include',
            headers: Object.fromEntries(headers),
          });
        },
        status: (r) => r.status,
        header: (r, name) => r.headers.get(name),
      },
      'SIGN_OUT',
    );
    if (response.status === this.config.sessionExpiredStatusCode) return; // the session was already gone
    let body: unknown;
    try {
      body = await parseJsonBody(response);
    } catch {
      body = undefined;
    }
    if (!response.ok || (body as { status?: unknown } | undefined)?.status === 'GENERAL_ERROR') {
      const message = (body as { message?: unknown } | undefined)?.message;
      throw new TabsessionError('SIGN_OUT_FAILED', `sign-out failed (${response.status})${typeof message === 'string' ? `: ${message}` : ''}`, {
        response,
      });
    }
    this.store.clear();
    await this.share(this.store.snapshot()); // the ended session's tokens leave the record too
    this.emit({ action: 'SIGN_OUT' });
  }
}

/** Validates the `claimValidationErrors` of an INVALID_CLAIM body (docs/protocol.md section 4). */
export function claimErrorsOf(body: unknown): ClaimValidationError[] {
  const errors = (body as { claimValidationErrors?: unknown } | null | undefined)?.claimValidationErrors;
  if (!Array.isArray(errors) || !errors.every((e) => typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string')) {
    throw new TabsessionError('INVALID_RESPONSE', 'the response body has no valid claimValidationErrors array');
  }
  return errors as ClaimValidationError[];
}
