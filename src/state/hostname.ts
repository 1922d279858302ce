/**
 * An IP address or localhost: no cookie can take a Domain attribute there, so the SDK's cookies stay
 * host-only and any `sessionTokenFrontendDomain` is moot.
 */
export function isIpOrLocalhost(hostname: string): boolean {
  return hostname === 'localhost' || /^[\d.]+$|:|^\[/.test(hostname);
}
