import { describe, expectTypeOf, test } from 'vitest';
import { createClient, init, onSessionEvent, type SessionEvent, type TabsessionConfig } from '../../src/index';

// Type tests: checked by the compiler (`vitest --typecheck`, the `types` project), never executed.
// Each `@ts-expect-error` fails the run when the mistake below it stops being a type error.

describe('the config is checked when it is written', () => {
  test('wrong option values and unknown options are type errors', () => {
    const apiDomain = 'https://api.example.com';
    expectTypeOf(init).parameter(0).toEqualTypeOf<TabsessionConfig>();
    // @ts-expect-error: apiDomain is required
    expectTypeOf({}).toExtend<TabsessionConfig>();
    // @ts-expect-error: tokenTransferMethod is 'cookie' or 'header'
    expectTypeOf({ apiDomain, tokenTransferMethod: 'jwt' as const }).toExtend<TabsessionConfig>();
    // @ts-expect-error: a status code is a number
    createClient({ apiDomain, sessionExpiredStatusCode: '401' });
    // @ts-expect-error: a misspelt option (sessionExpiredStatus) is not silently ignored
    createClient({ apiDomain, sessionExpiredStatus: 401 });
    // @ts-expect-error: onHandleEvent receives an event, not a string
    createClient({ apiDomain, onHandleEvent: (event: string) => event });
  });
});

describe('session events', () => {
  test('listeners see the event type of the action they subscribed to', () => {
    onSessionEvent('UNAUTHORISED', (event) => {
      expectTypeOf(event).toEqualTypeOf<Extract<SessionEvent, { action: 'UNAUTHORISED' }>>();
      expectTypeOf(event.sessionExpiredOrRevoked).toBeBoolean();
    });
    onSessionEvent('*', (event) => expectTypeOf(event).toEqualTypeOf<SessionEvent>());
  });

  test('wrong event names are type errors', () => {
    // @ts-expect-error: there is no SESSION_EXPIRED event (it is UNAUTHORISED)
    onSessionEvent('SESSION_EXPIRED', () => undefined);
    // @ts-expect-error: a REFRESH_SESSION event has no sessionExpiredOrRevoked
    onSessionEvent('REFRESH_SESSION', (event) => event.sessionExpiredOrRevoked);
  });
});
