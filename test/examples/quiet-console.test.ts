// An app's own tests must not fill its console: the README's "Testing your app" example (happy-dom, no
// IndexedDB, no Web Locks, tabsession/msw) runs here as it is, under a spy on every console method,
// and the console must stay empty. In a single document there is no other tab, so the cross-tab
// fallbacks lose nothing and are not worth a word.
import { afterAll, expect, it, vi } from 'vitest';

const METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
const said: string[] = [];
// Installed before the example is imported: everything it prints, from init() on, lands here.
const spies = METHODS.map((method) =>
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    said.push(`console.${method}: ${args.map(String).join(' ')}`);
  }),
);
afterAll(() => {
  for (const spy of spies) spy.mockRestore();
});

it('this environment is the one users test in: happy-dom, without IndexedDB or Web Locks', () => {
  expect(navigator.userAgent).toMatch(/HappyDOM\//);
  expect(typeof indexedDB).toBe('undefined');
  expect(navigator.locks).toBeFalsy();
});

// The example registers its hooks and its test here, as if this file were it.
await import('./testing-your-app.test');

it('the example left the console empty', () => {
  expect(said).toEqual([]);
});
