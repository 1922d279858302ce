import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import Cookies from 'js-cookie';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { coreOf, SessionClient } from '../../src/core/public';
import type { BaseFetch } from '../../src/core/session';
import { memoryLock, type RefreshLock, type SessionEvent } from '../../src/index';
import { wrapFetch } from '../../src/transports/fetch';
import { messageBus } from './util';

// Model-based property tests (issue 13): random command sequences over several SDK instances (tabs)
// sharing one lock, one cookie jar, one IndexedDB and one message bus, against an in-process model of
// the backend. Invariants are checked after every step. No network and no msw: thousands of runs fit in
// the time budget. On failure fast-check prints the seed and the shrunk command sequence.

const API = 'http://api.test';
const FOREIGN = 'http://elsewhere.test';
const MAX = 3; // maxRetryAttemptsForSessionRefresh of every tab
const RUNS = Number(process.env.MODEL_RUNS ?? 3000);
/** Every tab's refresh bound (refreshTimeoutMs): short, so a hang shows within the test's time. */
const BOUND_MS = 2_000;

type Fault = 'ok' | '401' | '500' | '429' | 'no-front-token' | 'network';
const TRANSIENT: ReadonlySet<Fault> = new Set(['500', '429', 'no-front-token', 'network']);

/** The backend as the protocol describes it, reduced to what the invariants need. */
function backendModel() {
  const state = {
    generation: 0,
    alive: false,
    valid: false,
    next: 'ok' as Fault,
    refreshCalls: 0,
    inFlight: 0,
    maxInFlight: 0,
    cooldownUntil: 0,
    refreshesInCooldown: 0,
    leaks: [] as string[],
  };
  const sessionHeaders = (): Record<string, string> => ({
    'front-token': btoa(JSON.stringify({ uid: 'u1', ate: Date.now() + 60_000, up: { g: state.generation } })),
    'anti-csrf': `csrf-${state.generation}`,
  });
  const json = (status: number, headers: Record<string, string> = {}) => new Response('{}', { status, headers });
  const fetch: BaseFetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const headers = new Headers(request ? request.headers : init?.headers);
    const credentials = request ? request.credentials : init?.credentials;
    if (url.origin !== API) {
      for (const name of ['rid', 'st-auth-mode', 'anti-csrf', 'authorization']) if (headers.has(name)) state.leaks.push(`${name} to ${url.origin}`);
      if (credentials === 'include') state.leaks.push(`credentials to ${url.origin}`);
      return json(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 0)); // a network round trip: let others interleave
    switch (url.pathname) {
      case '/auth/session/refresh': {
        state.refreshCalls++;
        if (Date.now() < state.cooldownUntil) state.refreshesInCooldown++;
        state.inFlight++;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 0));
        state.inFlight--;
        const fault = state.next;
        state.next = 'ok';
        if (fault === 'network') throw new TypeError('Failed to fetch');
        if (fault === '500') return json(500);
        if (fault === '429') {
          state.cooldownUntil = Date.now() + 30_000;
          return json(429, { 'retry-after': '30' });
        }
        if (fault === '401' || !state.alive) {
          state.alive = false;
          return json(401, { 'front-token': 'remove' });
        }
        if (fault === 'no-front-token') return json(200);
        state.generation++;
        state.valid = true;
        return json(200, sessionHeaders());
      }
      case '/auth/signin':
        state.generation++;
        state.alive = state.valid = true;
        return json(200, sessionHeaders());
      case '/auth/signout':
        if (!state.alive || !state.valid) return json(401);
        state.alive = false;
        return json(200, { 'front-token': 'remove' });
      default:
        return state.alive && state.valid ? json(200) : json(401);
    }
  };
  return { state, fetch };
}

type Step =
  | { kind: 'requests'; tabs: number[]; foreign: boolean }
  | { kind: 'expire' }
  | { kind: 'fault'; fault: Fault }
  | { kind: 'signIn'; tab: number }
  | { kind: 'signOut'; tab: number }
  | { kind: 'closeTab'; tab: number }
  | { kind: 'wait'; seconds: number };

const TABS = 3;
const tabIndex = fc.integer({ min: 0, max: TABS - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('requests' as const), tabs: fc.array(tabIndex, { minLength: 1, maxLength: 4 }), foreign: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom<Fault>('ok', '401', '500', '429', 'no-front-token', 'network') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('signIn' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('signOut' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('closeTab' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 40 }) }) },
);

/**
 * How many refresh calls a step of concurrent requests makes, all tabs together: what the SDK promises.
 * None when no request reaches the API, when the session is known to be gone (NOT_EXISTS), when the
 * access token is good, or during a rate-limit cooldown. Otherwise one, shared by every request and every
 * tab, except where the first refresh did not settle the question: a refresh that answered 200 without
 * tokens is retried once (then succeeds); one that failed (500, network) leaves the session as it was, so
 * another tab waiting with it refreshes once more (the failing tab's own requests share its failure).
 */
function expectedRefreshes(apiTabs: readonly number[], fault: Fault, before: { known: boolean; alive: boolean; valid: boolean; cooling: boolean }): number {
  if (apiTabs.length === 0 || !before.known || (before.alive && before.valid) || before.cooling) return 0;
  if (fault === 'no-front-token') return before.alive ? 2 : 1;
  if (fault === '500' || fault === 'network') return new Set(apiTabs).size > 1 ? 2 : 1;
  return 1;
}

/** Resolves with the outcomes, or rejects if any request has not settled within the refresh bound and then some. */
function allSettleBounded(work: Promise<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('a request did not settle')), BOUND_MS * 3);
  });
  return Promise.race([Promise.allSettled(work), hang]).finally(() => clearTimeout(timer));
}

async function runModel(steps: Step[]): Promise<void> {
  globalThis.indexedDB = new IDBFactory();
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' });
  localStorage.clear();
  const now = Date.parse('2026-01-05T10:00:00Z');
  vi.setSystemTime(now);
  const backend = backendModel();
  const lock: RefreshLock = memoryLock();
  const bus = messageBus();
  const events: SessionEvent[] = [];
  const open = (): SessionClient =>
    new SessionClient(
      { apiDomain: API, lock, messenger: bus(), maxRetryAttemptsForSessionRefresh: MAX, refreshTimeoutMs: BOUND_MS, onHandleEvent: (e) => events.push(e), onDiagnostic: () => {} },
      backend.fetch,
    );
  const tabs = Array.from({ length: TABS }, open);
  const fetchOf = (i: number) => wrapFetch(() => coreOf(tabs[i]!), backend.fetch);
  try {
    for (const s of steps) {
      const { state } = backend;
      const callsBefore = state.refreshCalls;
      const jar = Cookies.get(); // one read: happy-dom builds the cookie string on every read
      const hadSession = jar['sFrontToken'] !== undefined;
      const fault = state.next;
      // What the tabs know before the step: the session may exist unless the cookies say it was removed.
      const known = !(jar['st-last-access-token-update'] !== undefined && !hadSession);
      const before = { known, alive: state.alive, valid: state.valid, cooling: Date.now() < state.cooldownUntil };
      let requests = 0;
      let expected: number | undefined;
      if (s.kind === 'requests') {
        const work = s.tabs.map((i) => fetchOf(i)(`${s.foreign ? FOREIGN : API}/api/x`));
        requests = work.length;
        expected = expectedRefreshes(s.foreign ? [] : s.tabs, fault, before);
        const outcomes = await allSettleBounded(work);
        // Every request settled, with a response or a TabsessionError (never a hang, never a raw error).
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect((outcome.reason as { name?: unknown }).name, String(outcome.reason)).toBe('TabsessionError');
        }
        // A transient fault of the refresh never ends the session.
        if (hadSession && TRANSIENT.has(fault) && state.alive) expect(Cookies.get('sFrontToken'), `session lost after a refresh ${fault}`).toBeDefined();
      } else if (s.kind === 'expire') {
        state.valid = false;
      } else if (s.kind === 'fault') {
        state.next = s.fault;
      } else if (s.kind === 'signIn') {
        await allSettleBounded([fetchOf(s.tab)(`${API}/auth/signin`, { method: 'POST' })]);
      } else if (s.kind === 'signOut') {
        requests = 1;
        await allSettleBounded([tabs[s.tab]!.signOut()]);
      } else if (s.kind === 'closeTab') {
        tabs[s.tab]!.destroy();
        tabs[s.tab] = open();
      } else {
        vi.setSystemTime(Date.now() + s.seconds * 1000);
      }
      // Invariants after every step.
      expect(state.maxInFlight, 'two refresh calls in flight at once').toBeLessThanOrEqual(1);
      if (expected !== undefined) expect(state.refreshCalls - callsBefore, `refreshes for requests from tabs ${String(s.kind === 'requests' && s.tabs)} (fault ${fault})`).toBe(expected);
      else expect(state.refreshCalls - callsBefore, 'more refreshes than maxRetryAttemptsForSessionRefresh per request').toBeLessThanOrEqual(requests * MAX);
      expect(state.leaks, 'credentials or session headers sent to a foreign host').toEqual([]);
      expect(state.refreshesInCooldown, 'a refresh during a Retry-After cooldown').toBe(0);
    }
  } finally {
    for (const t of tabs) t.destroy();
  }
}

describe('model-based: random command sequences over three tabs (fast-check)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test(`${RUNS} random sequences keep every invariant after every step`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => runModel(steps)),
      { numRuns: RUNS, verbose: 1 },
    );
  }, 120_000);
});
