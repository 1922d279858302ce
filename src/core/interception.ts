import type { NormalisedConfig } from '../config';
import { hooksOf } from './hooks';

/**
 * docs/protocol.md section 2: is this URL the API's (its host on any port or scheme, or the backend domain
 * and its subdomains), other than the refresh endpoint? Everything else passes through untouched.
 */
export function isApiUrl(config: NormalisedConfig, url: string): boolean {
  if (url.includes('superTokensDoNotDoInterception')) return false;
  let parsed: URL;
  try {
    // Relative URLs resolve as fetch and XHR resolve them: against the document's base URL (<base href>).
    parsed = new URL(url, typeof document !== 'undefined' ? document.baseURI : typeof location !== 'undefined' ? location.href : undefined);
  } catch {
    return false; // fetch will reject the URL itself; nothing of ours should ride on it
  }
  // The refresh endpoint is the SDK's own: an app's call to it (through any transport) must not start
  // another refresh on its 401.
  if (`${parsed.origin}${parsed.pathname}` === config.refreshUrl) return false;
  const rule = hooksOf(config).intercepts;
  return rule ? rule(parsed.href) : matchesApi(parsed.hostname, config.apiHostname, config.sessionTokenBackendDomain);
}

/** The API's host on any port or scheme, or the backend domain (no leading dot) and its subdomains. */
export function matchesApi(hostname: string, apiHostname: string, backendDomain: string | undefined): boolean {
  const host = hostname.toLowerCase();
  return host === apiHostname || (backendDomain !== undefined && (host === backendDomain || host.endsWith(`.${backendDomain}`)));
}
