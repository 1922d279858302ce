/** One claim that failed validation on the backend (docs/protocol.md section 4, INVALID_CLAIM). */
export interface ClaimValidationError {
  id: string;
  reason?: unknown;
}

/**
 * What `onHandleEvent` and `onSessionEvent` listeners receive (docs/protocol.md section 7).
 * `fromOtherTab` is true when another open tab of the app caused the event.
 */
export type SessionEvent =
  | { action: 'SESSION_CREATED'; fromOtherTab: boolean }
  | { action: 'REFRESH_SESSION'; fromOtherTab: boolean }
  | { action: 'SIGN_OUT'; fromOtherTab: boolean }
  | { action: 'UNAUTHORISED'; sessionExpiredOrRevoked: boolean; fromOtherTab: boolean }
  | { action: 'ACCESS_TOKEN_PAYLOAD_UPDATED'; fromOtherTab: boolean }
  | { action: 'API_INVALID_CLAIM'; claimValidationErrors: ClaimValidationError[]; fromOtherTab: boolean };

export type SessionEventType = SessionEvent['action'];
/** A session event before it is delivered: without the receiver-side `fromOtherTab` flag. */
export type EventInput = SessionEvent extends infer E ? (E extends unknown ? Omit<E, 'fromOtherTab'> : never) : never;
export type SessionEventListener<A extends SessionEventType = SessionEventType> = (
  event: Extract<SessionEvent, { action: A }>,
) => void;

/** The events another tab needs to hear about: the ones that change whether a session exists. */
export const CROSS_TAB_EVENTS: ReadonlySet<SessionEventType> = new Set([
  'SESSION_CREATED',
  'REFRESH_SESSION',
  'SIGN_OUT',
  'UNAUTHORISED',
]);

/**
 * A message from another tab, checked before it becomes an event: only the cross-tab actions, in exactly
 * the shape this SDK sends them (`UNAUTHORISED` only with `sessionExpiredOrRevoked: true`), rebuilt
 * field by field so nothing else the sender attached reaches a listener. Anything else is undefined.
 *
 * The threat model, stated here once (docs/security.md): every script of the page's origin is trusted.
 * Any of them can post to the `tabsession` BroadcastChannel (or write the storage messenger's key), so
 * it can make every tab hear a SIGN_OUT that did not happen; it could as well read the session cookies,
 * call the API with the user's credentials, or sign out for real. This check does not stop such a
 * script. It keeps out malformed messages, those of another version of this SDK, and those of another
 * library on the same channel name. A message, checked or not, only becomes an event (and a hint of the
 * sender's session version for the UI state, src/state/snapshot.ts): it writes no cookie, token or
 * refresh record and sends no request.
 */
export function eventFromOtherTab(message: unknown): SessionEvent | undefined {
  const event = typeof message === 'object' && message !== null ? (message as { event?: unknown }).event : undefined;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
  const keys = Object.keys(event).sort().join();
  const { action, sessionExpiredOrRevoked } = event as { action: SessionEventType; sessionExpiredOrRevoked?: unknown };
  if (action === 'UNAUTHORISED') {
    return keys === 'action,sessionExpiredOrRevoked' && sessionExpiredOrRevoked === true ? { action, sessionExpiredOrRevoked, fromOtherTab: true } : undefined;
  }
  return CROSS_TAB_EVENTS.has(action) && keys === 'action' ? ({ action, fromOtherTab: true } as SessionEvent) : undefined;
}

/** A tiny synchronous emitter; a throwing listener is reported and does not stop the others. */
export class Emitter {
  private readonly listeners_ = new Set<SessionEventListener>();

  constructor(private readonly report_: (error: unknown) => void) {}

  on(listener: SessionEventListener): () => void {
    this.listeners_.add(listener);
    return () => this.listeners_.delete(listener);
  }

  emit(event: SessionEvent): void {
    for (const listener of [...this.listeners_]) {
      try {
        listener(event);
      } catch (error) {
        this.report_(error);
      }
    }
  }
}
