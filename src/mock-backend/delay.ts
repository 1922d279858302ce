/** `refreshDelayMs` (control.ts): holding a refresh back, shared by the SuperTokens refresh and the OAuth2 token endpoint. */
import type { BackendContext } from './context.js';

/**
 * Waits out the configured refresh delay; true when the client went away meanwhile. A client that leaves
 * during the delay (tab closed mid-refresh) never gets its refresh processed, so its refresh token stays
 * current for whoever refreshes next.
 */
export async function clientLeftDuringDelay(ctx: BackendContext, signal: AbortSignal | undefined): Promise<boolean> {
  const delayMs = ctx.state.config.refreshDelayMs;
  return delayMs > 0 && (await waitUnlessAborted(signal, delayMs, ctx));
}

/**
 * Resolves after `ms`, or early with true when the client goes away (or the server closes its socket).
 * Setting refreshDelayMs again (control API) releases it at once with false.
 */
function waitUnlessAborted(signal: AbortSignal | undefined, ms: number, ctx: BackendContext): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      unhold();
      resolve(true);
    };
    const release = (): void => {
      clearTimeout(timer);
      unhold();
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    };
    const timer = setTimeout(release, ms);
    const unhold = ctx.state.hold(release);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
