import Cookies from 'js-cookie';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_BACKOFF_MS, retryAfterOf } from '../../src/core/cooldown';
import { SessionClient } from '../../src/core/public';
import type { BaseFetch } from '../../src/core/session';
import { createFetch, memoryLock, type RefreshLock } from '../../src/index';
import { API, fakeBackend } from './harness';
import { messageBus, recorded, rejection, tab } from './util';

const T0 = Date.parse('2026-01-05T10:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

/** Only Date is faked: msw, IndexedDB and the lock keep their real timers. */
const clockAt = (time: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time);
};

describe('Retry-After (issue 13, item 1)', () => {
  test.each([
    [429, '60', T0 + 60_000],
    [429, new Date(T0 + 120_000).toUTCString(), T0 + 120_000],
    [429, null, T0 + DEFAULT_BACKOFF_MS],
    [429, 'soon', T0 + DEFAULT_BACKOFF_MS],
    [429, new Date(T0 - 5_000).toUTCString(), T0], // a date in the past: no wait
    [429, '999999999', T0 + 60 * 60_000], // capped at an hour
    [503, '30', T0 + 30_000],
    [503, null, undefined], // a 503 without Retry-After is an ordinary failure
    [500, '30', undefined],
  ])('%i with Retry-After %j cools down until %j', (status, header, until) => {
    expect(retryAfterOf(status, header, T0)).toBe(until);
  });
});

describe('the cooldown every tab respects', () => {
  async function twoTabs(shareLock: boolean) {
    const backend = fakeBackend();
    const lock = memoryLock();
    const bus = messageBus();
    const a = tab({ lock, messenger: bus() });
    const b = tab({ lock: shareLock ? lock : memoryLock(), messenger: bus() });
    await a.signIn();
    backend.expire();
    return { backend, a, b };
  }

  test('a 429 in one tab: the other tab fails fast with the same retryAfter, no second refresh; after it, one refresh', async () => {
    clockAt(T0);
    const { backend, a, b } = await twoTabs(false);
    backend.state.refresh = '429';
    backend.state.retryAfter = '60';
    expect((await rejection(a.fetch(`${API}/api/a`))).retryAfter).toEqual(new Date(T0 + 60_000));
    const fromB = await rejection(b.fetch(`${API}/api/b`));
    expect([fromB.type, fromB.retryAfter]).toEqual(['REFRESH_FAILED', new Date(T0 + 60_000)]);
    expect(await rejection(b.session.attemptRefreshingSession())).toMatchObject({ type: 'REFRESH_FAILED' });
    expect(backend.state.refreshCalls).toBe(1);
    expect(Cookies.get('sFrontToken')).toBeDefined(); // the session is kept

    backend.state.refresh = 'ok';
    vi.setSystemTime(T0 + 60_001);
    expect((await b.fetch(`${API}/api/b`)).status).toBe(200);
    expect(backend.state.refreshCalls).toBe(2);
  });

  test('a tab that waited on the lock while another was rate-limited does not refresh when its turn comes', async () => {
    clockAt(T0);
    const { backend, a, b } = await twoTabs(true);
    backend.state.refresh = '429';
    backend.state.retryAfter = '30';
    const release = backend.holdRefresh();
    const fromA = rejection(a.fetch(`${API}/api/a`));
    await expect.poll(() => backend.state.refreshCalls).toBe(1);
    const fromB = rejection(b.fetch(`${API}/api/b`)); // meets its 401 before the 429 arrives: waits on the lock
    await expect.poll(() => backend.apiRequests().length).toBe(2);
    release();
    const until = (await fromA).retryAfter!;
    expect(until.getTime() - T0).toBeGreaterThanOrEqual(30_000);
    expect(until.getTime() - T0).toBeLessThan(31_000); // expect.poll moves the fake clock a little
    expect((await fromB).retryAfter).toEqual(until);
    expect(backend.state.refreshCalls).toBe(1);
  });

  test('503 without Retry-After starts no cooldown: the next request tries again', async () => {
    const { backend, a } = await twoTabs(true);
    backend.state.refresh = '503';
    expect((await rejection(a.fetch(`${API}/api/a`))).retryAfter).toBeUndefined();
    await rejection(a.fetch(`${API}/api/a`));
    expect(backend.state.refreshCalls).toBe(2);
  });
});

describe('bounded waits (issue 13, item 2)', () => {
  test('the answer of a refresh abandoned at its bound (a fetch that ignores its signal) is dropped: nothing written, no event', async () => {
    const backend = fakeBackend();
    const release = backend.holdRefresh();
    const answers: Promise<Response>[] = [];
    // A fetch that ignores AbortSignal (an old polyfill, a wrapper that drops it): the late answer still comes.
    const deaf: BaseFetch = (input, init) => {
      const answer = globalThis.fetch(input, { ...init, signal: null });
      if (String(input).endsWith('/session/refresh')) answers.push(answer);
      return answer;
    };
    const { events, diagnostics, config } = recorded({ refreshTimeoutMs: 100 });
    const session = new SessionClient(config, deaf);
    try {
      const fetch = createFetch(session);
      await fetch(`${API}/auth/signin`, { method: 'POST' });
      const cookies = Cookies.get();
      backend.expire();
      expect((await rejection(fetch(`${API}/api/x`))).type).toBe('REFRESH_FAILED');
      release();
      expect((await answers[0]!).headers.get('front-token')).toBeTruthy(); // new tokens, answered after the bound
      await new Promise((resolve) => setTimeout(resolve, 0)); // what the SDK does with the answer is microtasks: all done by now
      expect(Cookies.get()).toEqual(cookies);
      expect(events.map((event) => event.action)).toEqual(['SESSION_CREATED']);
      expect(diagnostics).toEqual([]);
    } finally {
      session.destroy();
    }
  });

  test('an answer that came in time but whose postAPIHook ran past the bound is dropped: nothing written, no event', async () => {
    const backend = fakeBackend();
    let hookCalled!: () => void;
    const inHook = new Promise<void>((resolve) => (hookCalled = resolve));
    let finishHook!: () => void;
    const hookDone = new Promise<void>((resolve) => (finishHook = resolve));
    const t = tab({
      refreshTimeoutMs: 100,
      postAPIHook: async ({ action }) => {
        if (action !== 'REFRESH_SESSION') return;
        hookCalled();
        await hookDone;
      },
    });
    await t.signIn();
    const cookies = Cookies.get();
    backend.expire();
    const failed = rejection(t.fetch(`${API}/api/x`));
    await inHook;
    expect((await failed).type).toBe('REFRESH_FAILED');
    finishHook();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the rest is microtasks: all done by now
    expect(backend.state.refreshCalls).toBe(1);
    expect(Cookies.get()).toEqual(cookies);
    expect(t.actions()).toEqual(['SESSION_CREATED']);
  });

  test('a lock that is never granted ends the wait as REFRESH_FAILED after the refresh bound, not a hang', async () => {
    const backend = fakeBackend();
    const stuck: RefreshLock = { run: () => new Promise(() => {}) }; // another tab holds it for ever
    const t = tab({ lock: stuck, refreshTimeoutMs: 200 });
    await t.signIn();
    backend.expire();
    const error = await rejection(t.fetch(`${API}/api/x`));
    expect(error.type).toBe('REFRESH_FAILED');
    // TS030 (docs/error-codes.md) with its values, the bound and the lock, in either build's message.
    expect(error).toMatchObject({ code: 'TS030', message: expect.stringMatching(/0\.2 .*tabsession-refresh/) });
    expect(backend.state.refreshCalls).toBe(0);
  });

  test('a wait that timed out gives its turn back unused when the lock finally comes', async () => {
    const backend = fakeBackend();
    let grant!: () => void;
    const granted = new Promise<void>((resolve) => (grant = resolve));
    const late: RefreshLock = { run: (_name, task) => granted.then(task) };
    const t = tab({ lock: late, refreshTimeoutMs: 100 });
    await t.signIn();
    backend.expire();
    expect((await rejection(t.fetch(`${API}/api/x`))).type).toBe('REFRESH_FAILED');
    grant();
    await granted;
    await new Promise((resolve) => setTimeout(resolve, 20)); // the task (if it ran) would have called refresh by now
    expect(backend.state.refreshCalls).toBe(0);
  });
});
