import { expect, test } from 'vitest';
import { packageMessenger } from '../../src/broadcast-channel/index';
import type { TabMessage } from '../../src/index';
import { fakeBackend } from './harness';
import { tab } from './util';

// broadcast-channel's 'simulate' method delivers between instances of one process, like two tabs.
const options = { type: 'simulate' as const };

test('packageMessenger delivers session messages to the other instances, ignores foreign ones', async () => {
  const a = packageMessenger('t1', options);
  const b = packageMessenger('t1', options);
  const received: TabMessage[] = [];
  const arrived = new Promise<void>((resolve) =>
    b.subscribe((message) => {
      received.push(message);
      resolve();
    }),
  );
  a.post({ event: { action: 'SIGN_OUT' } });
  await arrived;
  expect(received).toEqual([{ event: { action: 'SIGN_OUT' } }]);
  a.close();
  b.close();
});

test('two tabs using packageMessenger hear each other’s session events', async () => {
  fakeBackend();
  const a = tab({ messenger: packageMessenger('t2', options) });
  const b = tab({ messenger: packageMessenger('t2', options) });
  const heard = new Promise((resolve) => b.session.on('SESSION_CREATED', resolve));
  await a.signIn();
  expect(await heard).toEqual({ action: 'SESSION_CREATED', fromOtherTab: true });
});
