import { normaliseConfig, type NormalisedConfig, type TabsessionConfig, type APIAction } from '../config';
import { isApiUrl } from './interception';
import { hooksOf } from './hooks';
import { inBrowser, notInBrowser } from '../env';
import { tabsessionError, type ErrorCode, type TabsessionErrorDetails } from '../errors';
import { CROSS_TAB_EVENTS, Emitter, eventFromOtherTab, type EventInput, type SessionEvent, type SessionEventListener } from '../events';
import { defaultLock, memoryLock, type RefreshLock } from '../lock';
import { Cooldown } from './cooldown';
import { SessionStore, type Snapshot } from '../state/store';
import { sharedStore, type SharedStore } from '../sync/idb';
import { createDateProvider, type DateProvider } from '../state/clock';
import { defaultMessenger, type TabMessenger } from '../sync/messenger';
import { claimErrorsOf, supertokens } from '../protocol/supertokens';
import type { Exchange } from './exchange';
import type { Protocol, RefreshAnswer, SessionKeeper } from './protocol';
import type { FrontToken } from '../state/frontToken';

const LOCK_NAME = 'tabsession-refresh';

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

/** REFRESH_FAILED of a refresh that did not happen or did not end: the session is kept either way. */
const refreshFailed = (why: ErrorCode, values: readonly unknown[] = [], details?: TabsessionErrorDetails) => tabsessionError('REFRESH_FAILED', why, values, details);

/**
 * Rejects with REFRESH_FAILED (`why`) after `ms`, unless `work` settles first. At that moment `work`'s
 * signal is aborted (with the same error), so the work stops and anything it still does can tell it was
 * abandoned; `stop` stops the clock.
 */
function deadline<T>(ms: number, why: ErrorCode, values: readonly unknown[], work: (stop: () => void, signal: AbortSignal) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abandon = new AbortController();
    const timer = setTimeout(() => {
      const error = refreshFailed(why, values);
      abandon.abort(error);
      reject(error);
    }, ms);
    const stop = () => clearTimeout(timer);
    work(stop, abandon.signal)
      .then(resolve, reject)
      .finally(stop);
  });
}

/**
 * Runs `task` holding the lock, but waits for the lock at most `ms`: a tab that never lets go (a lock
 * that hangs, a lease holder frozen in the background) ends the wait as REFRESH_FAILED, never a hang. A
 * wait that timed out gives its turn back unused when it finally comes.
 */
const boundedLock = <T>(lock: RefreshLock, name: string, ms: number, task: () => Promise<T>, unused: T): Promise<T> =>
  deadline(ms, 'TS030', [ms / 1000, name], (stop, late) =>
    lock.run(name, () => {
      stop();
      return late.aborted ? Promise.resolve(unused) : task();
    }),
  );

const coolingDown = (until: number) => refreshFailed('TS031', [new Date(until).toISOString()], { retryAfter: new Date(until) });

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
  private readonly lock_: RefreshLock;
  private readonly messenger_: TabMessenger;
  private readonly emitter_: Emitter;
  private readonly clock_: DateProvider;
  /** The wire protocol and where it keeps the session: every header name and what an answer means (the loop below knows none). */
  private readonly protocol_: Protocol;
  /** Where the protocol keeps this tab's session. */
  private readonly keeper_: SessionKeeper;
  /** Set while the refresh record is being read for a protocol that keeps the session in it (`inRecord`). */
  private ready_: Promise<void> | undefined;
  private readonly unsubscribe_: () => void;
  /** In-tab single flight: requests sent with the same session share one lock wait and refresh. */
  private inflight_: { seen: string; outcome: Promise<RefreshOutcome> } | undefined;
  /** Where the refresh record lives (IndexedDB); undefined when there is none. */
  private shared_: SharedStore | undefined;
  /** The refresh record as this tab last read or wrote it: the session as of the last refresh. */
  private latest_: Snapshot | undefined;
  /** @internal The `session` of the last message from another tab, unchecked (src/state/snapshot.ts checks it). */
  heard: unknown;
  /** The rate-limit cooldown of the refresh, shared with every tab. */
  private readonly cooldown_: Cooldown;

  constructor(config: TabsessionConfig, private readonly baseFetch_: BaseFetch) {
    this.config = normaliseConfig(config);
    this.store = new SessionStore(this.config.sessionTokenFrontendDomain, this.config.onDiagnostic, this.config.cookieHandler, this.config.isInIframe);
    // A server process has no tabs: no lock to share, no record, and no fallback worth a diagnostic.
    const browser = inBrowser();
    this.lock_ = this.config.lock ?? (browser ? defaultLock(this.config.onDiagnostic, this.config.storage) : memoryLock());
    this.messenger_ = this.config.messenger ?? defaultMessenger(this.config.storage);
    this.clock_ = this.config.dateProvider ?? createDateProvider();
    this.emitter_ = new Emitter(this.config.onDiagnostic);
    const context = { config: this.config, clock: this.clock_, cookies: this.store };
    this.protocol_ = (this.config.protocol ?? supertokens)(context);
    this.keeper_ = this.protocol_.store;
    this.cooldown_ = new Cooldown(() => this.shared_, this.config.storage, this.config.onDiagnostic);
    if (typeof indexedDB === 'object' && indexedDB) this.shared_ = sharedStore(indexedDB);
    else if (browser) this.unordered_();
    this.load_();
    const onHandleEvent = this.config.onHandleEvent;
    if (onHandleEvent) this.emitter_.on(onHandleEvent);
    this.unsubscribe_ = this.messenger_.subscribe((message) => {
      const event = eventFromOtherTab(message);
      if (event) {
        this.heard = message.session;
        // A session kept in the record: what the other tab did is read from it before the next request.
        this.load_();
        this.emitter_.emit(event);
      } else this.config.onDiagnostic(tabsessionError('INVALID_RESPONSE', 'TS044'));
    });
  }

  /** For a protocol that keeps the session in the refresh record: (re)reads it; requests wait for it. */
  private load_(): void {
    const shared = this.shared_;
    if (!this.protocol_.inRecord || !shared) return;
    this.ready_ = shared.update<Snapshot>('record').then(
      (record) => {
        if (record && Number(record.version) > Number(this.latest_?.version ?? -1)) this.latest_ = record;
      },
      (error) => void this.unordered_(error),
    );
  }

  /** Stops listening to other tabs. The instance must not be used afterwards. */
  destroy(): void {
    this.unsubscribe_();
    this.messenger_.close();
  }

  /** Now, in milliseconds on the server's clock (the learned clock skew applied): what claim ages are measured against. */
  now(): number {
    return this.clock_.now();
  }

  /** True when the SDK should touch a request to this URL (docs/protocol.md section 2). */
  intercepts(url: string): boolean {
    return isApiUrl(this.config, url);
  }

  /** Subscribes to session events; returns the unsubscribe function. */
  on<A extends SessionEvent['action']>(action: A | '*', listener: SessionEventListener<A>): () => void {
    return this.emitter_.on((event) => {
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
    await this.ready_;
    for (let round = 0; ; round++) {
      const before = this.view();
      if (round === 0) staleToken = before.accessToken;
      const response = await exchange.send((request) => {
        // "Credentials unless the caller chose", decided here for every transport.
        request.credentials ??= this.config.autoAddCredentials ? 'include' : undefined;
        this.protocol_.decorate(request, before, staleToken);
      });
      const answeredBy = exchange.url?.(response);
      if (answeredBy && !answeredBy.startsWith(`${this.config.apiOrigin}/`) && !this.intercepts(answeredBy)) {
        return response; // redirected off the API: not ours to read
      }
      const status = exchange.status(response);
      const header = (name: string) => exchange.header(response, name);
      const removed = this.read_(header, action, status);
      if (status === invalidClaimStatusCode && exchange.json) await this.reportInvalidClaim_(exchange.json(response));
      const { expired } = this.protocol_;
      if (!(expired ? expired(status, header) : status === sessionExpiredStatusCode)) return response;

      if (this.view().state === 'NOT_EXISTS') {
        // No session to refresh. Say so, unless the front-token removal above already did.
        if (!removed) this.emit({ action: 'UNAUTHORISED', sessionExpiredOrRevoked: false });
        return response;
      }
      if (round >= max) {
        throw tabsessionError('MAX_REFRESH_ATTEMPTS', 'TS036', [status, max], {
          status,
          response: response instanceof Response ? response : undefined,
        });
      }
      if ((await abortable(this.refreshAfter(stamp(before)), exchange.signal)) === 'SESSION_GONE') return response;
    }
  }

  /**
   * Reads the session headers of any intercepted response (through the protocol) and fires the events
   * they imply. Returns true when the response removed an existing session.
   */
  private read_(header: (name: string) => string | null, action: 'API' | APIAction, status?: number): boolean {
    const { removed, created, payloadChanged } = this.protocol_.read(header);
    if (removed && action === 'API') this.emit(this.removal_(status));
    if (action === 'API' && created) this.emit({ action: 'SESSION_CREATED' });
    else if (payloadChanged) this.emit({ action: 'ACCESS_TOKEN_PAYLOAD_UPDATED' });
    return Boolean(removed);
  }

  /**
   * The event of a session the backend removed: UNAUTHORISED (expired or revoked). The drop-in (hooks)
   * follows the reference: a removal that is not a session-expired answer is a sign-out.
   */
  private removal_(status: number | undefined): EventInput {
    return hooksOf(this.config).signOutOnRemoval && status !== this.config.sessionExpiredStatusCode
      ? { action: 'SIGN_OUT' }
      : { action: 'UNAUTHORISED', sessionExpiredOrRevoked: true };
  }

  private async reportInvalidClaim_(body: Promise<unknown>): Promise<void> {
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
   * the cookies move past it (a later sign-in or sign-out). @internal Also read by the UI state.
   */
  view(): Snapshot {
    const cookies = this.keeper_.snapshot();
    const record = this.latest_;
    return record && cookies.version !== '' && Number(record.version) >= Number(cookies.version) ? record : cookies;
  }

  /** Stores the session as the refresh record; resolves once it is committed (before the lock is released). */
  private async share_(session: Snapshot): Promise<void> {
    this.latest_ = session;
    await this.shared_?.update('record', () => session).catch((error) => this.unordered_(error));
  }

  /**
   * No IndexedDB: the decision falls back to the session cookie. Absent, for good; failing (`cause`), for
   * this refresh only: the store reopens, so the next refresh tries IndexedDB again. Reported once a page.
   */
  private unordered_(cause?: unknown): undefined {
    if (cause === undefined) this.shared_ = undefined;
    this.config.onDiagnostic(cause === undefined ? tabsessionError('FALLBACK', 'TS053') : tabsessionError('FALLBACK', 'TS063', [(cause as Error | null)?.name], { cause }));
    return undefined;
  }

  /**
   * A request sent with the session `seen` (its stamp) got a 401. Requests of this tab sent with the same
   * one share one wait; the lock makes tabs take turns; inside it, a changed session (read from the
   * refresh record, which is ordered with the lock in every engine) means another request or tab
   * already refreshed, so only the first one calls the endpoint.
   */
  refreshAfter(seen: string): Promise<RefreshOutcome> {
    if (this.inflight_?.seen === seen) return this.inflight_.outcome;
    // During a rate-limit cooldown (this tab's or another's) a request fails fast, without the lock.
    const cooling = this.cooldown_.until();
    if (cooling !== undefined && stamp(this.view()) === seen) return Promise.reject(coolingDown(cooling));
    const bound = this.config.refreshTimeoutMs;
    const outcome = boundedLock(this.lock_, LOCK_NAME, bound, async (): Promise<RefreshOutcome> => {
      if (this.shared_) this.latest_ = await this.shared_.update<Snapshot>('record').catch(this.unordered_.bind(this));
      const now = this.view();
      if (now.state === 'NOT_EXISTS') return 'SESSION_GONE' as const;
      if (stamp(now) !== seen) return 'RETRY' as const;
      const until = await this.cooldown_.read(); // another tab was rate-limited while this one waited
      if (until !== undefined) throw coolingDown(until);
      try {
        // Past the bound the refresh is abandoned: its request is aborted and a late answer is dropped
        // unread, because the lock is released and another tab may be refreshing with the same token.
        return await deadline(bound, 'TS032', [bound / 1000], (_stop, abandoned) => this.callRefresh_(now, abandoned));
      } finally {
        // What the refresh wrote becomes the record, committed before the lock is released. (Without
        // IndexedDB, this read still makes Chromium apply the cookie writes before the release.)
        const after = this.keeper_.snapshot();
        if (Number(after.version) > Number(now.version)) await this.share_(after);
      }
    }, 'RETRY');
    const entry = { seen, outcome };
    this.inflight_ = entry;
    const clear = () => {
      if (this.inflight_ === entry) this.inflight_ = undefined;
    };
    outcome.then(clear, clear);
    return outcome;
  }

  /**
   * @internal Runs `task` under the cross-tab lock `name` (not the refresh's), as long as the refresh
   * bound: the claims refresh stale values under one, so tabs that check claims at once refresh a claim
   * once. A wait past the bound rejects with REFRESH_FAILED and never runs `task`.
   */
  exclusive_(name: string, task: () => Promise<void>): Promise<void> {
    return boundedLock(this.lock_, name, this.config.refreshTimeoutMs, task, undefined);
  }

  /**
   * Called with the lock held: the protocol calls the endpoint, this decides what its answer does. Once
   * `abandoned` is aborted (the refresh bound passed, the lock is gone) nothing of the answer is read:
   * no token written, no event.
   */
  private async callRefresh_(now: Snapshot, abandoned: AbortSignal): Promise<RefreshOutcome> {
    let response: Response;
    let answer: RefreshAnswer;
    try {
      [response, answer] = await this.protocol_.refresh(now, (url, init) => this.callOwnEndpoint('REFRESH_SESSION', url, init), abandoned);
    } catch (cause) {
      throw refreshFailed('TS033', [], { cause });
    }
    if (abandoned.aborted) throw abortReason(abandoned);
    const removed = this.read_((name) => response.headers.get(name), 'REFRESH_SESSION');
    const { status } = response;
    if (answer === 'ENDED' || removed) {
      // The session is over (expired, revoked, or theft detected; or a refresh that answered 200 and
      // removed it): forget it everywhere, and retry nothing. A probe with nothing known before
      // (MAY_EXIST, a first visit) ended no session, so it is no event.
      this.keeper_.clear();
      // In the record before the event, so the tabs that re-read it on the event find the session gone.
      await this.share_(this.keeper_.snapshot());
      if (now.state === 'EXISTS') this.emit(this.removal_(status));
      return 'SESSION_GONE';
    }
    if (typeof answer === 'number') {
      // Rate-limited: no tab refreshes again before the backend said, and no request waits for it.
      await this.cooldown_.start(answer);
      throw refreshFailed('TS034', [status, new Date(answer).toISOString()], { response, retryAfter: new Date(answer) });
    }
    if (answer === 'FAILED') throw refreshFailed('TS035', [status], { response });
    if (answer === 'UNCHANGED') {
      // Retry, counted against maxRetryAttemptsForSessionRefresh. Bump the version so waiting tabs retry
      // too, but never create it: a version without a front token would read as "signed out" (NOT_EXISTS)
      // and end the retry this case calls for.
      if (now.state !== 'MAY_EXIST') this.keeper_.bumpVersion();
    } else this.emit({ action: 'REFRESH_SESSION' });
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
    // The SDK's signal (a refresh abandoned at its bound) reaches the fetch whatever the hook returned.
    const own = requestInit.signal;
    const theirs = hooked.requestInit.signal;
    const signal = own && theirs && own !== theirs && 'any' in AbortSignal ? AbortSignal.any([own, theirs]) : (own ?? theirs);
    const response = await this.baseFetch_(hooked.url, signal ? { ...hooked.requestInit, signal } : hooked.requestInit);
    if (signal?.aborted) throw abortReason(signal); // a fetch that ignores its signal: its answer is not ours to read
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
    this.emitter_.emit({ ...event, fromOtherTab: false } as SessionEvent);
    // "This request found no session" (UNAUTHORISED, not expired or revoked) is this tab's news only:
    // the other tabs already know from the shared cookies, and it would repeat once per request.
    const local = event.action === 'UNAUTHORISED' && !event.sessionExpiredOrRevoked;
    if (CROSS_TAB_EVENTS.has(event.action) && !local) {
      try {
        const { version, rawFrontToken } = this.view();
        this.messenger_.post({ event, session: { version, rawFrontToken } });
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
    this.assertBrowser_();
    await this.ready_;
    const now = this.view();
    if (now.state === 'NOT_EXISTS') return false;
    if (now.state === 'EXISTS' && !this.accessTokenExpired_()) return true;
    await this.refreshAfter(stamp(now));
    return this.view().state === 'EXISTS';
  }

  /** The session lives in document.cookie: without a document (on a server) there is none to read. */
  private assertBrowser_(): void {
    if (!inBrowser()) throw notInBrowser('TS021');
  }

  private accessTokenExpired_(): boolean {
    try {
      const token = this.protocol_.identity(this.view());
      return token === undefined || token.ate < this.clock_.now();
    } catch (error) {
      this.config.onDiagnostic(error);
      return true; // a garbage cookie: refreshing replaces it with a good one
    }
  }

  /** Refreshes the session now (shared with any refresh already under way). True if a session exists after. */
  async attemptRefreshingSession(): Promise<boolean> {
    this.assertBrowser_();
    return (await this.refreshAfter(stamp(this.view()))) === 'RETRY' && this.view().state === 'EXISTS';
  }

  async getUserId(): Promise<string> {
    return (await this.requireFrontToken_()).uid;
  }

  async getAccessTokenPayloadSecurely(): Promise<Record<string, unknown>> {
    return (await this.requireFrontToken_()).up;
  }

  /** Header mode: the current access token (refreshed first if expired). Cookie mode: undefined (httpOnly). */
  async getAccessToken(): Promise<string | undefined> {
    if (!(await this.doesSessionExist())) return undefined;
    return this.view().accessToken;
  }

  private async requireFrontToken_(): Promise<FrontToken> {
    const token = (await this.doesSessionExist()) ? this.protocol_.identity(this.view()) : undefined;
    if (token === undefined) throw tabsessionError('NO_SESSION', 'TS023');
    return token;
  }

  /**
   * Starts a session from tokens the app obtained itself (an authorization-code exchange), for protocols
   * that take them: stored in the refresh record under the lock, so every tab uses them from now on.
   */
  async adopt(tokens: unknown): Promise<void> {
    await this.ready_;
    // A protocol without `adopt` (SuperTokens: the backend's answers start sessions) throws a TypeError here.
    await this.exclusive_(LOCK_NAME, () => {
      this.protocol_.adopt!(tokens);
      return this.share_(this.keeper_.snapshot());
    });
    this.emit({ action: 'SESSION_CREATED' });
  }

  /** Signs out on the backend (refreshing first if the access token expired) and forgets the session. */
  async signOut(): Promise<void> {
    const { signOut } = this.protocol_;
    if (signOut) {
      // A token revocation needs no valid access token: nothing is refreshed first.
      this.assertBrowser_();
      await this.ready_;
      const now = this.view();
      const failure = now.state === 'NOT_EXISTS' ? undefined : await signOut(now, (url, init) => this.callOwnEndpoint('SIGN_OUT', url, init));
      if (failure !== undefined) throw tabsessionError('SIGN_OUT_FAILED', 'TS024', [failure, '']);
    } else if (!(await this.signOutRequest_())) return;
    this.keeper_.clear();
    await this.share_(this.keeper_.snapshot()); // the ended session's tokens leave the record too
    this.emit({ action: 'SIGN_OUT' });
  }

  /** The sign-out API request; false when there was no session to end (the backend's or this tab's). */
  private async signOutRequest_(): Promise<boolean> {
    if (!(await this.doesSessionExist())) {
      this.emit({ action: 'SIGN_OUT' });
      return false;
    }
    const response = await this.run(
      {
        send: (decorate) => {
          const headers = new Headers(this.protocol_.signOutHeaders);
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
    if (response.status === this.config.sessionExpiredStatusCode) return false; // the session was already gone
    const failure = await this.protocol_.signOutFailure?.(response);
    if (failure !== undefined) throw tabsessionError('SIGN_OUT_FAILED', 'TS024', [response.status, failure], { response });
    return true;
  }
}
