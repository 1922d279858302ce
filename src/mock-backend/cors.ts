/**
 * CORS for a page on another origin (e.g. the demo on :3000 calling the API on :3001). Credentials are
 * always allowed, so the Origin is reflected, never `*`. The exposed headers are the ones the SDK must
 * read (docs/protocol.md section 3): without them a cross-origin SDK silently never sees a refresh. An OAuth2
 * client reads `WWW-Authenticate` to tell an expired access token from a refused one (RFC 6750 section 3).
 */
import type { Reply, RouteRequest } from './http.js';

export const ALLOWED_HEADERS = ['content-type', 'rid', 'fdi-version', 'anti-csrf', 'st-auth-mode', 'authorization', 'x-test'] as const;
export const EXPOSED_HEADERS = ['front-token', 'anti-csrf', 'st-access-token', 'st-refresh-token', 'retry-after', 'www-authenticate'] as const;
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** A page served from this machine (localhost, 127.x, [::1]) on any port: the default, so a website the developer happens to visit cannot use the mock's API or its /__mock controls. */
function isLoopbackOrigin(origin: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  } catch {
    return false;
  }
}

/** Sets the CORS headers on every answer; answers every OPTIONS itself (returns true then). */
export function applyCors(allowedOrigins: readonly string[] | '*' | 'loopback', req: Pick<RouteRequest, 'method' | 'header'>, res: Reply): boolean {
  const origin = req.header('origin');
  // Responses differ by Origin, so caches must key on it.
  res.vary('Origin');
  const allowed = origin !== undefined && (allowedOrigins === '*' || (allowedOrigins === 'loopback' ? isLoopbackOrigin(origin) : allowedOrigins.includes(origin)));
  if (allowed) {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
  }
  if (req.method !== 'OPTIONS') return false;
  // Every OPTIONS is answered here; a disallowed origin gets no CORS headers, so the browser blocks it.
  if (allowed) {
    res.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '));
  }
  res.end(204);
  return true;
}
