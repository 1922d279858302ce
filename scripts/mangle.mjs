// Internal members end in `_` (the private state and helpers of the core's classes: `this.inflight_`). The
// build shortens them, as the size budget measures (bench/size.ts). Never give a public name, a name another
// package reads, or a field of stored or posted data (the refresh record, tab messages) a trailing `_`.
// A few internal members of the core named before that convention are listed instead (renaming them would
// touch every caller for nothing): the same rule applies, and a name joins the list only if no public type,
// no other package and no stored or posted data has a member of that name (not the store's or the config's
// members, which a protocol reads).
import { transform } from 'esbuild';

export const MANGLE_PROPS = /_$|^(?:refreshAfter|callOwnEndpoint|heard|view|seen|outcome|apiHostname)$/;

/**
 * A rollup plugin that renames the `_` members in every chunk, with one cache for the whole build, so a
 * member keeps its short name across the chunks (and the ESM and CommonJS outputs) that share it.
 */
export function mangleInternals() {
  const cache = {};
  let queue = Promise.resolve();
  return {
    name: 'mangle-internals',
    renderChunk(code, chunk, options) {
      // One chunk at a time: each sees the names the chunks before it were given.
      const next = queue.then(async () => {
        const result = await transform(code, {
          loader: 'js',
          target: 'esnext',
          mangleProps: MANGLE_PROPS,
          mangleCache: cache,
          sourcemap: options.sourcemap ? 'external' : false,
          sourcefile: chunk.fileName,
        });
        Object.assign(cache, result.mangleCache);
        return { code: result.code, map: result.map || null };
      });
      queue = next.catch(() => {});
      return next;
    },
  };
}
