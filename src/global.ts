// The script-tag builds (dist/tabsession.iife.js for development, dist/tabsession.iife.min.js for
// production): `window.tabsession` holds everything the package root exports, plus refreshAndRedirect and
// safeRedirectPath of tabsession/ssr, for a plain refresh page. As supertokens-website's script tag does,
// `init()` here patches XMLHttpRequest too, unless `interceptXMLHttpRequest: false`.
import { init as initCore, type SessionClient, type TabsessionConfig } from './index';
import { xhr } from './xhr/index';

export * from './index';
export { xhr };
export { refreshAndRedirect, safeRedirectPath, type RefreshAndRedirectOptions } from './ssr/index';

/**
 * `init` of the package root, with the XMLHttpRequest patch on unless `interceptXMLHttpRequest: false`.
 *
 * @example
 * tabsession.init({ apiDomain: 'https://api.example.com' }); // fetch and XMLHttpRequest get the session
 */
export const init = (config: TabsessionConfig): SessionClient =>
  initCore({ ...config, interceptXMLHttpRequest: (config.interceptXMLHttpRequest as unknown) !== false && xhr });
