import type { Outgoing } from './exchange';
import type { Snapshot } from '../state/store';

/** What a response's session headers changed in the store, so the core fires the right events. */
export interface SessionChange {
  /** The response removed a session that existed. */
  removed?: boolean;
  /** A session was stored where there was none, or another user's. */
  created?: boolean;
  /** The access-token payload changed. */
  payloadChanged?: boolean;
}

/**
 * What a refresh's answer means: new tokens (`REFRESHED`), success without them (`UNCHANGED`: retry),
 * the session is over (`ENDED`), a failure that keeps the session (`FAILED`), or rate-limited until
 * this time (ms since the epoch).
 */
export type RefreshAnswer = 'REFRESHED' | 'UNCHANGED' | 'ENDED' | 'FAILED' | number;

/** The SDK's own call (refresh, sign-out), through the app's hooks; rejects when the network fails. */
export type OwnCall = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The wire protocol, behind one small interface: which headers carry the session, what a response says
 * about it, and how to refresh. The refresh-and-retry loop, the lock and the single flight decide when;
 * they know no header name. A second protocol (an OAuth-style token endpoint) would be another of these.
 */
export interface Protocol {
  /** Adds the session to an intercepted request. `stale`: the access token the request was first sent with. */
  decorate(request: Outgoing, session: Snapshot, stale: string | undefined): void;
  /** Stores what a response's headers say about the session. A malformed header is reported, never thrown. */
  read(header: (name: string) => string | null): SessionChange;
  /**
   * Calls the refresh endpoint for `session` and says what the answer means. `signal` goes on the request:
   * aborted, the refresh is abandoned (past its bound) and the call must reject rather than answer.
   */
  refresh(session: Snapshot, call: OwnCall, signal: AbortSignal): Promise<[Response, RefreshAnswer]>;
  /** The headers of the sign-out call, before `decorate`. */
  readonly signOutHeaders: Record<string, string>;
  /** Undefined when a sign-out answer is a success; else what its body says (`: message`, or ''). */
  signOutFailure(response: Response): Promise<string | undefined>;
}
