/**
 * A server-rendered page (docs/protocol.md section 8): a session check that cannot pass redirects to the frontend's
 * /refresh-session page instead of answering 401, because a page navigation cannot run the SDK's
 * refresh-and-retry.
 */
import type { BackendContext } from '../context.js';
import { sessionRoute } from '../guard.js';
import type { Route } from '../http.js';

/** Mounted at the root. */
export function ssrRoutes(ctx: BackendContext): Route[] {
  const dashboard = sessionRoute(
    ctx,
    {
      required: true,
      site: 'api',
      onSessionError: (res, error) => {
        // UNAUTHORISED too: the frontend may still think it has a session; the refresh page corrects it (docs/protocol.md section 8).
        if (error !== 'TRY_REFRESH_TOKEN' && error !== 'UNAUTHORISED') return false;
        res.redirect(302, '/refresh-session?redirectBack=/dashboard');
        return true;
      },
    },
    (_req, res, verified) => {
      if (verified === undefined) return;
      res.html(dashboardPage(verified.session.email, verified.session.userId, verified.session.role));
    },
  );
  return [{ path: '/dashboard', methods: { GET: dashboard } }];
}

function dashboardPage(email: string, userId: string, role: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Dashboard</title></head>
<body>
<h1>Dashboard</h1>
<p>Signed in as <strong data-testid="user-email">${escapeHtml(email)}</strong>
(user id <code data-testid="user-id">${escapeHtml(userId)}</code>, role ${escapeHtml(role)}).</p>
<p>This page was rendered on the server after a session check.</p>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
