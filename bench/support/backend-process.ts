/**
 * The mock backend in a process of its own, so that Playwright's handling of the page's network events
 * (in the driver's process) never shares an event loop with Express. Prints one JSON line
 * `{"url": ...}` when listening; exits when its stdin closes (the driver went away) or on SIGTERM.
 */
import { startBackend } from '../../test/e2e/support/backend';
import { STATIC_MOUNTS } from '../../test/e2e/support/env';
import { BENCH_OUT } from './build';

// Access tokens expire only when a benchmark says so (/__mock/expire), never in the middle of a timing.
const backend = await startBackend({ accessTokenLifetimeMs: 24 * 60 * 60 * 1000, staticMounts: { ...STATIC_MOUNTS, '/bench-build': BENCH_OUT } });
const stop = () => void backend.close().then(() => process.exit(0));
process.stdin.on('end', stop).resume();
process.on('SIGTERM', stop);
console.log(JSON.stringify({ url: backend.url }));
