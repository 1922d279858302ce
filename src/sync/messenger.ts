import type { EventInput } from '../events';
import { inBrowser } from '../env';
import type { Snapshot } from '../state/store';

/** What tabs tell each other: a session event, without the receiver-side `fromOtherTab` flag. */
export interface TabMessage {
  event: EventInput;
  /**
   * The sender's session version and front token as of the event (no token: page scripts read both
   * from the cookies anyway). Firefox can deliver the message before the receiver sees those cookies.
   */
  session?: Pick<Snapshot, 'version' | 'rawFrontToken'>;
}

/**
 * Carries session events to the other open tabs of the origin. Injectable: the default uses the
 * platform's BroadcastChannel (every current browser has one); `tabsession/broadcast-channel` adapts
 * the `broadcast-channel` package for older ones.
 */
export interface TabMessenger {
  post(message: TabMessage): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

const isMessage = (data: unknown): data is TabMessage =>
  typeof data === 'object' && data !== null && typeof (data as TabMessage).event?.action === 'string';

export function broadcastChannelMessenger(name = 'tabsession'): TabMessenger {
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    subscribe(listener) {
      const onMessage = (event: MessageEvent) => {
        if (isMessage(event.data)) listener(event.data);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
    close: () => channel.close(),
  };
}

/** For browsers without BroadcastChannel: a write to localStorage fires `storage` in every other tab. */
export function storageMessenger(name = 'tabsession', storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): TabMessenger {
  const key = `${name}:message`;
  return {
    post(message) {
      // A nonce makes two equal messages in a row still count as a change.
      storage.setItem(key, JSON.stringify({ message, nonce: Math.random() }));
      storage.removeItem(key);
    },
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key !== key || !event.newValue) return;
        try {
          const { message } = JSON.parse(event.newValue) as { message: unknown };
          if (isMessage(message)) listener(message);
        } catch {
          // Someone else's garbage under our key: ignore it.
        }
      };
      addEventListener('storage', onStorage);
      return () => removeEventListener('storage', onStorage);
    },
    close() {},
  };
}

const silent: TabMessenger = { post() {}, subscribe: () => () => {}, close() {} };

export function defaultMessenger(storage?: Pick<Storage, 'setItem' | 'removeItem'>): TabMessenger {
  if (!inBrowser()) return silent; // a server process has no tabs; an open BroadcastChannel would keep it alive
  if (typeof BroadcastChannel === 'function') return broadcastChannelMessenger();
  try {
    const store = storage ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
    if (store !== undefined && typeof addEventListener === 'function') return storageMessenger('tabsession', store);
  } catch {
    // localStorage access can throw (privacy settings): no cross-tab events then.
  }
  return silent;
}
