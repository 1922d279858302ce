import { afterEach, describe, expect, test, vi } from 'vitest';
import { coreOf } from '../../src/core/public';
import { createClient, isTabsessionError, TabsessionError } from '../../src/index';
import { API, fakeBackend } from './harness';
import { messageBus, tab } from './util';

const live: Array<{ destroy(): void }> = [];
afterEach(() => {
  for (const session of live.splice(0)) session.destroy();
  vi.restoreAllMocks();
});

/** A client standing in for one more tab of this page, with the default lock (no Web Locks here). */
const client = (onDiagnostic?: (error: unknown) => void) => {
  const session = createClient({ apiDomain: API, messenger: messageBus()(), ...(onDiagnostic ? { onDiagnostic } : {}) });
  live.push(session);
  return session;
};

const withoutIndexedDB = () => delete (globalThis as { indexedDB?: unknown }).indexedDB;

/** Runs `body` under happy-dom's own user agent (test/unit/setup.ts gives the other tests a real browser's). */
function inHappyDom(body: () => void): void {
  const stubbed = Object.getOwnPropertyDescriptor(navigator, 'userAgent');
  delete (navigator as { userAgent?: string }).userAgent;
  try {
    expect(navigator.userAgent).toMatch(/HappyDOM\//);
    body();
  } finally {
    if (stubbed) Object.defineProperty(navigator, 'userAgent', stubbed);
  }
}

describe('a diagnostic is said once per page and kind', () => {
  test('the default console.warn: three clients without IndexedDB or Web Locks print each fallback once, not once per client', () => {
    withoutIndexedDB();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (let i = 0; i < 3; i++) client();
    const printed = warn.mock.calls.map(([, error]) => (error as Error).message);
    expect(printed).toEqual([expect.stringMatching(/^no Web Locks: no IndexedDB either/), expect.stringMatching(/^no IndexedDB: the cross-tab refresh decision/)]);
  });

  test('one onDiagnostic shared by clients hears a kind once; another function hears it too', () => {
    withoutIndexedDB();
    const shared: unknown[] = [];
    const own: unknown[] = [];
    const report = (error: unknown) => shared.push(error);
    client(report);
    client(report);
    client((error) => own.push(error));
    expect(shared).toHaveLength(2);
    expect(own).toHaveLength(2);
  });

  test("the app's own errors (a throwing listener) are passed on every time", async () => {
    fakeBackend();
    const t = tab({
      onHandleEvent: () => {
        throw new Error('listener bug');
      },
    });
    await t.signIn();
    await t.session.signOut();
    expect(t.diagnostics.filter((d) => !isTabsessionError(d)).map((d) => (d as Error).message)).toEqual(['listener bug', 'listener bug']);
  });

  test('a kind is the type and the message: another message of the same type is said too', () => {
    const diagnostics: unknown[] = [];
    const report = coreOf(client((error) => diagnostics.push(error))).config.onDiagnostic;
    for (const message of ['first', 'second', 'first']) report(new TabsessionError('STORAGE', message));
    const storage = diagnostics.filter((d) => isTabsessionError(d) && d.type === 'STORAGE');
    expect(storage.map((d) => (d as Error).message)).toEqual(['first', 'second']);
  });
});

describe('a single document (happy-dom, jsdom) has no other tab', () => {
  test('no FALLBACK is said there; a real browser without IndexedDB still says it (test/unit/ordered.test.ts)', () => {
    withoutIndexedDB();
    const diagnostics: unknown[] = [];
    inHappyDom(() => {
      client((error) => diagnostics.push(error));
    });
    expect(diagnostics).toEqual([]);
    client((error) => diagnostics.push(error)); // a real browser's user agent again
    expect(diagnostics.map((d) => (d as TabsessionError).type)).toEqual(['FALLBACK', 'FALLBACK']);
  });

  test('the other diagnostics are still said there', () => {
    const diagnostics: unknown[] = [];
    inHappyDom(() => {
      const report = coreOf(client((error) => diagnostics.push(error))).config.onDiagnostic;
      report(new TabsessionError('STORAGE', 'sFrontToken did not stick'));
    });
    expect(diagnostics.map((d) => (d as TabsessionError).type)).toEqual(['STORAGE']);
  });
});
