import type { AxiosInstance } from 'axios';
import type { KyInstance } from 'ky';
import { describe, expectTypeOf, test } from 'vitest';
import { addAxiosInterceptors } from '../../src/axios/index';
import { nativeFetch, type SessionClient, type TabsessionConfig, type XMLHttpRequestPatch } from '../../src/index';
import { xhr } from '../../src/xhr/index';
import { withSession } from '../../src/ky/index';

describe('public signatures of the adapters', () => {
  test('addAxiosInterceptors takes an optional axios instance and session, and returns the function that removes it', () => {
    expectTypeOf(addAxiosInterceptors).parameters.toEqualTypeOf<[instance?: AxiosInstance, options?: { session?: SessionClient }]>();
    expectTypeOf(addAxiosInterceptors).returns.toEqualTypeOf<() => void>();
    expectTypeOf(addAxiosInterceptors).toBeCallableWith();
  });

  test('withSession takes a ky instance (and optionally a session) and returns one', () => {
    expectTypeOf(withSession).parameters.toEqualTypeOf<[instance: KyInstance, options?: { session?: SessionClient }]>();
    expectTypeOf(withSession).returns.toEqualTypeOf<KyInstance>();
    // Never called: only the compiler's verdict matters here.
    // @ts-expect-error: ky options are not an instance
    expectTypeOf(() => withSession({ prefixUrl: 'https://api.example.com' })).toBeFunction();
  });

  test('interceptXMLHttpRequest takes false or the xhr of tabsession/xhr (never true); nativeFetch is a fetch', () => {
    expectTypeOf<TabsessionConfig['interceptXMLHttpRequest']>().toEqualTypeOf<false | XMLHttpRequestPatch | undefined>();
    expectTypeOf(xhr).toEqualTypeOf<XMLHttpRequestPatch>();
    expectTypeOf(nativeFetch).toEqualTypeOf<typeof globalThis.fetch>();
  });
});
