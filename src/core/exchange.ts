/** Read and write access to an outgoing request's headers, whatever the transport keeps them in. */
export interface HeaderBag {
  get(name: string): string | null | undefined;
  set(name: string, value: string): void;
}

/** An outgoing attempt as the core may change it. */
export interface Outgoing {
  headers: HeaderBag;
  /** What the caller chose, undefined when it did not: the core decides then (`autoAddCredentials`). */
  credentials: RequestCredentials | undefined;
}

/**
 * One intercepted request, as a transport presents it to the core. The transport only sends and
 * replays; the core decides what to add, when to refresh and whether to retry. `R` is the transport's
 * own response type (a fetch `Response`, an axios response, an XHR).
 */
export interface Exchange<R> {
  /**
   * Sends one attempt. The transport builds the outgoing headers afresh from the caller's (so a retry
   * carries the new tokens), calls `decorate` on them and the caller's credentials, sends what it got
   * back, and resolves with the response — including error statuses: a 401 is an answer here.
   */
  send(decorate: (request: Outgoing) => void): Promise<R>;
  status(response: R): number;
  header(response: R, name: string): string | null;
  /**
   * The URL that finally answered, after redirects ('' when unknown). A response from a host that is not
   * the API's is handed back untouched: its headers could otherwise plant a session (fixation).
   */
  url?(response: R): string;
  /**
   * The request's AbortSignal, if it has one: aborting it while the request waits for a refresh rejects
   * this request at once with the signal's reason (the platform's AbortError), and leaves the refresh
   * running for the others that wait on it.
   */
  signal?: AbortSignal | undefined;
  /** The parsed JSON body, read without consuming the caller's copy; used for 403 claim errors. */
  json?(response: R): Promise<unknown>;
}
