import { replaceGlobal } from '../../core/globals';
import type { Session } from '../../core/session';
import { PATCHED, sessionXMLHttpRequest } from './facade';

/**
 * What `init({ interceptXMLHttpRequest })` takes: the XMLHttpRequest patch, exported as `xhr` by
 * `tabsession/xhr`. An app that never imports it never bundles it.
 */
export interface XMLHttpRequestPatch {
  readonly kind: 'XMLHttpRequest';
  /** @internal Installs the patch for the session `session()` returns; returns the function that removes it. */
  readonly install_: (session: () => Session) => (() => void) | undefined;
}

/**
 * Replaces `globalThis.XMLHttpRequest` with the session-aware one; returns the function that puts the
 * platform's back, or undefined when there is nothing to patch (no XHR, or already patched).
 */
export function patchXMLHttpRequest(session: () => Session): (() => void) | undefined {
  const Platform = globalThis.XMLHttpRequest as (typeof XMLHttpRequest & { [PATCHED]?: true }) | undefined;
  if (typeof Platform !== 'function' || Platform[PATCHED]) return undefined;
  const Patched = sessionXMLHttpRequest(Platform, session);
  replaceGlobal('XMLHttpRequest', Patched);
  return () => {
    // Someone wrapped our constructor since: leave theirs. Instances then see interceptXMLHttpRequest
    // false in the config and behave as the platform's.
    if (globalThis.XMLHttpRequest === Patched) replaceGlobal('XMLHttpRequest', Platform);
  };
}
