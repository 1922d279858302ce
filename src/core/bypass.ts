/** How many layers that handle the session themselves are sending right now. */
let depth = 0;

/**
 * The one "do not intercept" rule: a request started synchronously inside `send`, through the patched
 * `window.fetch` or `XMLHttpRequest` alike, goes to the platform untouched. For a layer that handles the
 * session itself (the axios adapter): a second layer would see its 401 again.
 */
export function withoutInterception<T>(send: () => T): T {
  depth++;
  try {
    return send();
  } finally {
    depth--;
  }
}

/** False inside `withoutInterception`. */
export const intercepting = (): boolean => depth === 0;
