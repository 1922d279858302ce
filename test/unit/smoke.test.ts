import { expect, test } from 'vitest';
import { createSession, memoryLock } from '../../src/index';
import { API, fakeBackend } from './harness';

test('smoke', async () => {
  const backend = fakeBackend();
  const s = createSession({ apiDomain: API, lock: memoryLock() });
  const { wrapFetch } = await import('../../src/transports/fetch');
  const f = wrapFetch(() => s, (i, o) => globalThis.fetch(i, o));
  await f(`${API}/auth/signin`, { method: 'POST' });
  expect(await s.doesSessionExist()).toBe(true);
  backend.expire();
  const rs = await Promise.all(Array.from({ length: 5 }, () => f(`${API}/api/user`)));
  expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  expect(backend.state.refreshCalls).toBe(1);
  s.destroy();
});
