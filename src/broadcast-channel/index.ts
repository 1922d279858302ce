import { BroadcastChannel, type BroadcastChannelOptions } from 'broadcast-channel';
import type { TabMessage, TabMessenger } from '../sync/messenger';

/**
 * A messenger over the `broadcast-channel` package, for browsers without a native BroadcastChannel: it
 * falls back to IndexedDB or localStorage by itself. The core does not bundle it (it is larger than the
 * rest of the core), so apps that need it opt in here.
 *
 * @example
 * import { init } from 'tabsession';
 * import { packageMessenger } from 'tabsession/broadcast-channel';
 * init({ apiDomain: 'https://api.example.com', messenger: packageMessenger() });
 */
export function packageMessenger(name = 'tabsession', options?: BroadcastChannelOptions): TabMessenger {
  const channel = new BroadcastChannel<TabMessage>(name, options);
  const listeners = new Set<(message: TabMessage) => void>();
  channel.onmessage = (message) => {
    if (typeof message?.event?.action !== 'string') return; // not ours
    for (const listener of listeners) listener(message);
  };
  return {
    post(message) {
      void channel.postMessage(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      void channel.close();
    },
  };
}
