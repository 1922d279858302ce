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
};
