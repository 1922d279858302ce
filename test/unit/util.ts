import { afterEach } from 'vitest';
import { createFetch, createClient, isTabsessionError, memoryLock, type TabsessionError, type SessionClient, type SessionEvent, type TabMessenger, type TabMessage, type TabsessionConfig } from '../../src/index';
import { API } from './harness';

/** An in-memory stand-in for BroadcastChannel: every messenger on one bus hears the others, never itself. */
export function messageBus() {
  const members = new Set<(message: TabMessage) => void>();
  return (): TabMessenger => {
    const own = new Set<(message: TabMessage) => void>();
    return {
      post(message) {
        for (const member of members) if (!own.has(member)) member(structuredClone(message));
      },
      subscribe(listener) {
        own.add(listener);
        members.add(listener);
        return () => {
          own.delete(listener);
          members.delete(listener);
        };
      },
      close() {
        for (const listener of own) members.delete(listener);
      },
    };
  };
}

const live: SessionClient[] = [];
afterEach(() => {
  for (const session of live.splice(0)) session.destroy();
});

/** A test config (the fake API, an in-memory lock and message bus) whose events and diagnostics are recorded. */
export function recorded(config: Partial<TabsessionConfig> = {}) {
  const events: SessionEvent[] = [];
  const diagnostics: unknown[] = [];
  return {
    events,
    diagnostics,
    config: {
      apiDomain: API,
      lock: memoryLock(),
      messenger: messageBus()(),
      onHandleEvent: (event: SessionEvent) => events.push(event),
      onDiagnostic: (error: unknown) => diagnostics.push(error),
      ...config,
    } satisfies TabsessionConfig,
  };
}

/** An SDK instance standing in for one tab: its own fetch, its events recorded, destroyed after the test. */
export function tab(overrides: Partial<TabsessionConfig> = {}) {
  const { events, diagnostics, config } = recorded(overrides);
  const session = createClient(config);
  live.push(session);
  const fetch = createFetch(session);
  return {
    session,
    fetch,
    events,
    diagnostics,
    actions: () => events.map((event) => event.action),
    signIn: (init: RequestInit = {}) => fetch(`${API}/auth/signin`, { method: 'POST', ...init }),
  };
}

/** The TabsessionError `promise` rejects with; anything else (a resolve, another error) fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<TabsessionError> {
  try {
    await promise;
  } catch (error) {
    if (isTabsessionError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
