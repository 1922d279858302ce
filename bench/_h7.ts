import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ entryPoints: ['src/index.ts'], bundle: true, write: false, minify: true, format: 'esm', platform: 'browser', target: 'es2020', legalComments: 'none', metafile: true, logLevel: 'silent', external: ['axios','ky'] });
const out = Object.values(r.metafile.outputs)[0]!;
console.log('total min', r.outputFiles[0]!.contents.byteLength, 'gz', gzipSync(r.outputFiles[0]!.contents, { level: 9 }).byteLength);
for (const [k, v] of Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) console.log(v.bytesInOutput, k);
