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

/** A tiny synchronous emitter; a throwing listener is reported and does not stop the others. */
export class Emitter {
  private readonly listeners = new Set<SessionEventListener>();

  constructor(private readonly report: (error: unknown) => void) {}

  on(listener: SessionEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SessionEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.report(error);
      }
    }
  }
}
