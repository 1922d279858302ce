import type { Outgoing } from './exchange';
import type { NormalisedConfig } from '../config';
import type { DateProvider } from '../state/clock';
import type { FrontToken } from '../state/frontToken';
import type { Snapshot, SessionStore } from '../state/store';

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

/** What a protocol is built with: the client's config and clock, and the cookie store (for protocols that keep the session in cookies). */
export interface ProtocolContext {
  readonly config: NormalisedConfig;
  readonly clock: DateProvider;
  readonly cookies: SessionStore;
}

/**
 * The wire protocol and where it keeps the session, behind one small interface: which headers carry the
 * session, what a response says about it, how to refresh and sign out, and what a session is (a
 * `Snapshot`: its state, a version stamp that changes at every change, the tokens). The refresh-and-retry
 * loop, the lock, the refresh record and the single flight decide when; they know no header name.
 */
export interface Protocol {
  /**
   * Where the session is kept (SuperTokens: the cookie store). Its `snapshot()` is this tab's own view of
   * the session; the core compares it with the refresh record (the session as the last refresh left it, in
   * IndexedDB) and takes whichever has the higher `version`.
   */
  readonly store: SessionKeeper;
  /** User id, payload and access-token expiry of `session`; undefined when it has none. Throws on garbage. */
  identity(session: Snapshot): FrontToken | undefined;
  /**
   * True when the session lives only in this tab's memory and the refresh record (not in storage every tab
   * reads, as cookies): the core then loads the record at start and again when another tab's event arrives.
   */
  readonly inRecord?: boolean;
  /** Adds the session to an intercepted request. `stale`: the access token the request was first sent with. */
  decorate(request: Outgoing, session: Snapshot, stale: string | undefined): void;
  /** Stores what a response's headers say about the session. A malformed header is reported, never thrown. */
  read(header: (name: string) => string | null): SessionChange;
  /** True when an answer means "the access token expired: refresh". Default: the `sessionExpiredStatusCode`. */
  expired?(status: number, header: (name: string) => string | null): boolean;
  /**
   * Calls the refresh endpoint for `session` and says what the answer means. `signal` goes on the request:
   * aborted, the refresh is abandoned (past its bound) and the call must reject rather than answer, and
   * store nothing.
   */
  refresh(session: Snapshot, call: OwnCall, signal: AbortSignal): Promise<[Response, RefreshAnswer]>;
  /** Stores a session the app obtained itself (`adopt`); protocols without one refuse. */
  adopt?(tokens: unknown): void;
  /**
   * Ends `session` on the server without an API request (a token revocation); resolves with undefined on
   * success, else what went wrong. Without it, sign-out is a POST to `signOutUrl` with `signOutHeaders`.
   */
  signOut?(session: Snapshot, call: OwnCall): Promise<string | undefined>;
  /** The headers of the sign-out call, before `decorate`. */
  readonly signOutHeaders?: Record<string, string>;
  /** Undefined when a sign-out answer is a success; else what its body says (`: message`, or ''). */
  signOutFailure?(response: Response): Promise<string | undefined>;
}

/** Where a protocol keeps this tab's session. */
export interface SessionKeeper {
  snapshot(): Snapshot;
  /** Forgets the session (a newer version, state NOT_EXISTS); true when one existed. */
  clear(): boolean;
  /** Marks "the session changed" without new tokens, so waiting tabs retry. */
  bumpVersion(): void;
}

/** A protocol as the client option takes it: built once per client, from the client's context. */
export type ProtocolFactory = (context: ProtocolContext) => Protocol;
