// The script-tag build (dist/tabsession.iife.js): `window.tabsession` holds everything the package root
// exports, plus refreshAndRedirect and safeRedirectPath of tabsession/ssr, for a plain refresh page.
export * from './index';
export { refreshAndRedirect, safeRedirectPath, type RefreshAndRedirectOptions } from './ssr/index';
