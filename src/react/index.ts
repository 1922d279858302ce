/**
 * `tabsession/react`: the session as React state. No provider needed: every component that calls
 * `useSession()` reads the same per-instance state (src/state/snapshot.ts) and re-renders on every session
 * event, those of other tabs included.
 *
 * @example
 * function Header() {
 *   const { loading, exists, userId } = useSession();
 *   if (loading) return null;
 *   return exists ? <span>Signed in as {userId}</span> : <a href="/login">Sign in</a>;
 * }
 */
import { useSyncExternalStore } from 'react';
import { getClient, type SessionClient } from '../index';
import { LOADING, sessionState, type SessionSnapshot } from '../state/snapshot';

export { LOADING, sessionState, type SessionSnapshot, type SessionState } from '../state/snapshot';

const noSubscription = (): (() => void) => () => undefined;
const loading = (): SessionSnapshot => LOADING;

/**
 * The session of `session` (default: the instance `init()` made). Server-side rendering is safe: on the
 * server, and in the first client render that hydrates it, the snapshot is `{ loading: true, exists: false }`
 * and no browser API is touched.
 */
export function useSession(session?: SessionClient): SessionSnapshot {
  const state = typeof document === 'undefined' ? undefined : sessionState(session ?? getClient());
  return useSyncExternalStore(state?.subscribe ?? noSubscription, state?.getSnapshot ?? loading, loading);
}
