import type { AxiosInstance } from 'axios';
import type { KyInstance } from 'ky';
import { describe, expectTypeOf, test } from 'vitest';
import { addAxiosInterceptors } from '../../src/axios/index';
import { nativeFetch, type SessionClient, type TabsessionConfig } from '../../src/index';
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

  test('interceptXMLHttpRequest is an optional boolean option; nativeFetch is a fetch', () => {
    expectTypeOf<TabsessionConfig['interceptXMLHttpRequest']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf(nativeFetch).toEqualTypeOf<typeof globalThis.fetch>();
  });
});
