// Entries of the package: the core (with fetch), and each optional adapter as its own subpath.
// Adapters import the core's shared chunk, so `tabsession/axios` talks to the same session as `tabsession`.
// This list is the only one: rollup.config.mjs builds it, scripts/mock-backend.mjs aliases it for the demo,
// and package.json's `exports` and `typesVersions` are written from it by scripts/exports.mjs
// (`npm run exports`); test/node/package.test.ts fails when they disagree. Add a line, then run it.
// The key `index` is the package root; any other key `name` is the subpath `tabsession/name`.
export const entries = {
  index: 'src/index.ts',
  axios: 'src/axios/index.ts',
  ky: 'src/ky/index.ts',
  'broadcast-channel': 'src/broadcast-channel/index.ts',
  ssr: 'src/ssr/index.ts',
  msw: 'src/msw/index.ts',
  react: 'src/react/index.ts',
  claims: 'src/claims/index.ts',
  oauth2: 'src/oauth2/index.ts',
  // The XMLHttpRequest patch, opt-in: init({ interceptXMLHttpRequest: xhr }).
  xhr: 'src/xhr/index.ts',
  // The supertokens-website drop-in: its main module and the subpaths supertokens-web-js imports, each an
  // entry, so they share one state (the session, the claim validators) through the chunks.
  'supertokens-website': 'src/supertokens-website/index.ts',
  ...Object.fromEntries(
    [
      'utils/cookieHandler',
      'utils/windowHandler',
      'utils/dateProvider',
      'utils/error',
      'utils/sessionClaimValidatorStore',
      'utils/globalClaimValidators',
      'lib/build/claims/primitiveClaim',
      'lib/build/claims/primitiveArrayClaim',
      'lib/build/claims/booleanClaim',
    ].map((path) => [`supertokens-website/${path}`, `src/supertokens-website/${path}.ts`]),
  ),
};

/** Subpaths served by a pattern: the drop-in's type-only modules (`utils/cookieHandler/types`, ...). */
export const patterns = ['supertokens-website/*'];
