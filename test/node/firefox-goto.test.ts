import { afterEach, describe, expect, test, vi } from 'vitest';
import { gotoLanded, type NavigablePage } from '../e2e/support/drivers/firefox';

// The Firefox driver's goto when the page it opened redirects itself before its load event (see
// gotoLanded): driver logic over a stand-in page, so it runs with the unit tests, without a browser.
const ABORTED = new Error('Protocol error (browsingContext.navigate): unknown error Error: NS_BINDING_ABORTED NavigationError');

/**
 * A page whose goto fails with `error`, whose document reports `states` one per read of its readyState
 * (the last repeats), and whose location is the sign-in page.
 */
function standIn(error: Error | undefined, states: string[]): NavigablePage & { reads: number } {
  const page = {
    reads: 0,
    goto: async () => {
      if (error) throw error;
    },
    evaluate: async (fn: () => string) => {
      if (!String(fn).includes('readyState')) return 'http://127.0.0.1/login';
      const state = states[Math.min(page.reads, states.length - 1)]!;
      page.reads += 1;
      if (state === 'gone') throw new Error('Execution context was destroyed');
      return state;
    },
  };
  return page;
}

describe('the Firefox driver: goto a page that redirects itself', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('a load cancelled by the page\'s own navigation waits for the document it lands on, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const page = standIn(ABORTED, ['loading', 'gone', 'interactive', 'complete']);
    await gotoLanded(page, 'http://127.0.0.1/protected');
    expect(page.reads).toBe(4);
    expect(warn).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/goto http:\/\/127\.0\.0\.1\/protected: .*NS_BINDING_ABORTED.* landed on http:\/\/127\.0\.0\.1\/login$/));
  });

  test('a load that fires resolves without reading the document', async () => {
    const page = standIn(undefined, ['complete']);
    await gotoLanded(page, 'http://127.0.0.1/protected');
    expect(page.reads).toBe(0);
  });

  test('any other navigation error is thrown', async () => {
    const refused = new Error('Protocol error (browsingContext.navigate): unknown error Error: NS_ERROR_CONNECTION_REFUSED');
    await expect(gotoLanded(standIn(refused, ['complete']), 'http://127.0.0.1:1/')).rejects.toBe(refused);
  });
});
