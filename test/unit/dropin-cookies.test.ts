// The drop-in with an app's own asynchronous cookie jar (supertokens-website's `cookieHandler` option,
// as Capacitor and Electron apps give it) whose writes fail. Its own file: the drop-in keeps the jar of
// its first init for the page.
import { afterEach, expect, test, vi } from 'vitest';
import { isTabsessionError } from '../../src/index';
import SuperTokens, { type Event } from '../../src/supertokens-website/index';
import { API, fakeBackend } from './harness';

afterEach(() => {
  vi.restoreAllMocks();
});

test("a jar whose setCookie rejects: SESSION_CREATED still fires, the page keeps the session, and the app hears it once (CONFIG, with the jar's error)", async () => {
  fakeBackend();
  // The drop-in has no onDiagnostic option: its diagnostics go to the default console.warn.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const offline = new Error('native cookie store offline');
  const events: Event[] = [];
  SuperTokens.init({
    apiDomain: API,
    onHandleEvent: (event) => events.push(event),
    cookieHandler: () => ({
      getCookie: async () => '',
      setCookie: async () => {
        throw offline;
      },
    }),
  });
  await fetch(`${API}/auth/signin`, { method: 'POST' });
  expect(events.map((event) => event.action)).toEqual(['SESSION_CREATED']);
  expect(await SuperTokens.doesSessionExist()).toBe(true);
  const reported = () => warn.mock.calls.map(([, error]) => error).filter((error) => isTabsessionError(error) && error.type === 'CONFIG');
  await vi.waitFor(() => expect(reported()).toHaveLength(1));
  const [error] = reported() as Error[];
  expect(error?.message).toMatch(/cookieHandler's setCookie\(\) failed: the session is kept in this page only/);
  expect(error?.cause).toBe(offline);
});
