import { build } from 'esbuild';
import { ROOT } from './env';

/** Which supertokens-website a page is built with: tabsession's drop-in (the alias) or the real one. */
export type Variant = 'tabsession' | 'supertokens-website';

/**
 * Bundles a page entry (an app of supertokens-web-js or supertokens-auth-react) with esbuild, as an app
 * would. With 'tabsession', `supertokens-website` (and every subpath) is aliased to
 * `tabsession/supertokens-website`, resolved from the repository root through package.json `exports`
 * (the built dist/, `require` condition for the CommonJS SDKs): the alias an app puts in its bundler.
 */
export async function bundlePage(entry: string, variant: Variant): Promise<string> {
  const result = await build({
    entryPoints: [`${ROOT}/${entry}`],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    ...(variant === 'tabsession' ? { alias: { 'supertokens-website': 'tabsession/supertokens-website' } } : {}),
  });
  return result.outputFiles[0]!.text;
}
