import { describe, expect, test } from 'vitest';
import { coreOf, type SessionClient } from '../../src/core/public';
import { tabsessionError } from '../../src/errors';
import { createClient, init } from '../../src/index';
import { MESSAGES } from '../../src/messages';
import { invalidState } from '../../src/transports/xhr/backend';
import { API } from '../unit/harness';

// Runs only in the `unit-production` project (process.env.NODE_ENV is "production", as an app's production
// bundle defines it), next to the core's refresh, lock and ordering tests run there too: what the
// production build drops (the long texts, the config checks) and what it keeps (codes, values, behaviour).
describe('the production build', () => {
  test('this project runs with process.env.NODE_ENV "production"', () => {
    expect(process.env.NODE_ENV).toBe('production');
  });

  test('an error says its short code and its values, not the long text', () => {
    const error = tabsessionError('REFRESH_FAILED', 'TS030', [30, 'tabsession-refresh']);
    expect(error).toMatchObject({ type: 'REFRESH_FAILED', code: 'TS030', message: 'tabsession TS030 30 tabsession-refresh' });
    expect(error.message).not.toContain(MESSAGES.TS030.slice(0, 20));
  });

  test('the config checks are development-only: a misspelt option passes, the derived URLs are as in development', () => {
    const session = createClient({ apiDomain: API, apiBasePath: '/auth/', sesionExpiredStatusCode: 440 } as never);
    expect(session.intercepts(`${API}/api/user`)).toBe(true);
    expect(session.intercepts(`${API}/auth/session/refresh`)).toBe(false); // the refresh URL, derived
    session.destroy();
  });

  test('interceptXMLHttpRequest: true still fails with its code (TS016) in production', () => {
    expect(() => init({ apiDomain: API, interceptXMLHttpRequest: true as unknown as false })).toThrow(
      expect.objectContaining({ type: 'CONFIG', code: 'TS016', message: 'tabsession TS016' }),
    );
  });

  test("the XMLHttpRequest patch's InvalidStateError keeps its name, not the development text", () => {
    expect(invalidState(3)).toMatchObject({ name: 'InvalidStateError', message: 'XMLHttpRequest' });
  });

  test('an object that is not a SessionClient passes the development check and fails at its first use, a TypeError too', () => {
    const core = coreOf({} as SessionClient);
    expect(core).toBeUndefined();
    expect(() => core.config).toThrow(TypeError);
  });
});
