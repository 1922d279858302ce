// The SSR refresh page (docs/protocol.md section 8). A server-rendered route whose session check
// failed sent the browser here with ?redirectBack=<path>. The SDK's refreshAndRedirect refreshes once: on
// success it goes back (only to a path of this origin), on failure to the login page.
import { init } from 'tabsession';
import { refreshAndRedirect } from 'tabsession/ssr';
import { demoSettings } from './demo-config.js';

const LOGIN_PAGE = '/?session=expired';

init({ ...demoSettings(), patchGlobalFetch: false });

try {
  // location.replace(): the refresh page must not stay in history, or Back would refresh and bounce forward.
  await refreshAndRedirect({ loginPath: LOGIN_PAGE });
} catch (error) {
  // 5xx or network failure: the session is kept; say so instead of bouncing the user around.
  document.querySelector('.spinner')?.remove();
  document.querySelector('#title').textContent = 'Could not refresh your session';
  document.querySelector('#detail').textContent = `${error?.type ?? error?.name ?? 'Error'}: ${error?.message ?? error}`;
  document.querySelector('#actions').hidden = false;
  document.querySelector('#retry').addEventListener('click', () => location.reload());
}
