/**
 * The session as UI state: a subscribable, synchronous snapshot for any view layer (`useSession` in
 * `tabsession/react` is this over React's `useSyncExternalStore`). Framework-free.
 */
import { coreOf, type SessionClient } from '../core/public';
import type { Session as Core } from '../core/session';
import type { ClaimValidationError } from '../events';
import type { FrontToken } from './frontToken';
import type { Snapshot } from './store';

export interface SessionSnapshot {
  /** True until the first check (which may refresh an expired access token) has settled. */
  readonly loading: boolean;
  readonly exists: boolean;
  readonly userId: string | undefined;
  readonly accessTokenPayload: Readonly<Record<string, unknown>> | undefined;
  /** The failed claims of the last INVALID_CLAIM answer, until the session changes. */
  readonly invalidClaims?: readonly ClaimValidationError[];
}

export interface SessionState {
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot: the same object until something changed. */
  getSnapshot(): SessionSnapshot;
}

/** What a server render (and the first client render, to match it) shows: nothing is known yet. */
export const LOADING: SessionSnapshot = Object.freeze({ loading: true, exists: false, userId: undefined, accessTokenPayload: undefined });

const states = new WeakMap<SessionClient, SessionState>();

/**
 * The session state of one SDK instance (one per instance, shared by every subscriber). It follows every
 * session event, those of other tabs included, and re-reads the front token on each.
 *
 * @example
 * const state = sessionState(getClient());
 * const stop = state.subscribe(() => render(state.getSnapshot()));
 */
export function sessionState(session: SessionClient): SessionState {
  let state = states.get(session);
  if (state === undefined) {
    state = createState(session);
    states.set(session, state);
  }
  return state;
}

/**
 * What the UI shows: the core's view (the cookies, or the refresh record when it is as new), unless the
 * session that another tab's last event carried is newer. Firefox can deliver that event before this tab
 * sees the cookies the other tab wrote, and nothing would read them again.
 */
function shown(core: Core): Pick<Snapshot, 'state' | 'rawFrontToken'> {
  const own = core.view();
  const heard = core.heard as Partial<Snapshot> | null | undefined;
  const rawFrontToken = heard?.rawFrontToken;
  if (typeof heard?.version !== 'string' || !(Number(heard.version) > Number(own.version))) return own;
  if (rawFrontToken !== undefined && typeof rawFrontToken !== 'string') return own;
  return { state: rawFrontToken === undefined ? 'NOT_EXISTS' : 'EXISTS', rawFrontToken };
}

function createState(session: SessionClient): SessionState {
  const listeners = new Set<() => void>();
  let current = LOADING;
  /** The first check (doesSessionExist) has been started. */
  let checking = false;
  /** True once a MAY_EXIST (nothing known locally) has been resolved by that check. */
  let settled = false;
  let invalidClaims: readonly ClaimValidationError[] | undefined;

  /** Re-reads the front token; keeps the same object when nothing changed. True when it changed. */
  const refresh = (): boolean => {
    const core = coreOf(session);
    const { store, config } = core;
    const { state, rawFrontToken } = shown(core);
    let frontToken: FrontToken | undefined;
    try {
      frontToken = state === 'EXISTS' ? store.decodeFrontToken(rawFrontToken) : undefined;
    } catch (error) {
      config.onDiagnostic(error); // a garbage cookie reads as signed out; the next refresh replaces it
    }
    const base = { loading: !settled && state === 'MAY_EXIST', exists: frontToken !== undefined, userId: frontToken?.uid, accessTokenPayload: frontToken?.up };
    const next = invalidClaims === undefined ? base : { ...base, invalidClaims };
    if (JSON.stringify(next) === JSON.stringify(current)) return false;
    current = next;
    return true;
  };
  const notify = (): void => {
    if (refresh()) for (const listener of [...listeners]) listener();
  };

  session.on('*', (event) => {
    if (event.action === 'API_INVALID_CLAIM') invalidClaims = event.claimValidationErrors;
    else if (event.action !== 'ACCESS_TOKEN_PAYLOAD_UPDATED') invalidClaims = undefined;
    notify();
  });

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!checking) {
        checking = true;
        // Nothing known locally (cookies wiped, first visit): ask, which may refresh. An error leaves it unknown.
        const settle = (): void => {
          settled = true;
          notify();
        };
        session.doesSessionExist().then(settle, (error: unknown) => {
          coreOf(session).config.onDiagnostic(error);
          settle();
        });
      }
      return () => listeners.delete(listener);
    },
    getSnapshot() {
      refresh();
      return current;
    },
  };
}
