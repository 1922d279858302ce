// The SSR refresh page (PROTOCOL.md section 8, seed 003). A server-rendered route whose session check
// failed sent the browser here with ?redirectBack=<path>. Refresh once: on success go back (only to a
// path of this origin), on failure to the login page.
import { init, attemptRefreshingSession } from 'tabsession';
import { demoSettings, safeRedirectPath } from './demo-config.js';

const LOGIN_PAGE = '/?session=expired';

init({ ...demoSettings(), patchGlobalFetch: false });

let target;
try {
  target = (await attemptRefreshingSession())
    ? safeRedirectPath(new URLSearchParams(location.search).get('redirectBack'))
    : LOGIN_PAGE;
} catch (error) {
  // 5xx or network failure: the session is kept; say so instead of bouncing the user around.
  document.querySelector('.spinner')?.remove();
  document.querySelector('#title').textContent = 'Could not refresh your session';
  document.querySelector('#detail').textContent = `${error?.type ?? error?.name ?? 'Error'}: ${error?.message ?? error}`;
  document.querySelector('#actions').hidden = false;
  document.querySelector('#retry').addEventListener('click', () => location.reload());
}
// replace(): the refresh page must not stay in history, or Back would refresh and bounce forward again.
if (target !== undefined) location.replace(target);
