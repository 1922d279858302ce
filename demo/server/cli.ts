/**
 * The mock backend's command line: the `tabsession-mock-backend` bin (dist/mock-backend/cli.js, built by
 * scripts/mock-backend.mjs), or `tsx demo/server/cli.ts [flags]` in the repository.
 * `main` does everything except process wiring (signals, exit code), so tests can call it directly.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMockBackend } from './app.js';
import type { MockBackend } from './app.js';
import type { AntiCsrfMode, AuthMode, MockBackendOptions } from './options.js';

export const USAGE = `Usage: tabsession-mock-backend [options]
       (in the tabsession repository: npm run mock-backend -- [options])

Starts the tabsession mock backend (speaks the protocol of docs/protocol.md) and serves the demo page.

Options:
  --port <n>                        port to listen on (default 3001; 0 = any free port)
  --host <host>                     interface to bind (default 127.0.0.1)
  --access-token-lifetime <sec>     access-token lifetime in seconds (default 60)
  --refresh-token-lifetime <sec>    refresh-token lifetime in seconds (default 86400)
  --mode cookie|header              token transfer when a request sends no st-auth-mode (default cookie)
  --anti-csrf VIA_CUSTOM_HEADER|VIA_TOKEN|NONE   (default VIA_CUSTOM_HEADER)
  --web <dir>                       serve this folder at / (default: the bundled demo page)
  --no-test-control                 disable the /__mock test-control API
  -h, --help                        show this help

In the repository (demo/web with its import map): <repo>/dist at /dist, and js-cookie, axios
and ky at /vendor/js-cookie, /vendor/axios, /vendor/ky.
Demo users: demo@example.com / demo (role user), admin@example.com / admin (role admin).
OAuth2 (docs/mock-backend-oauth2.md): POST /oauth/token (grant_type=password or refresh_token,
client_id=tabsession-demo) and POST /oauth/revoke; /api/* accepts the access tokens as Bearer.`;

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export type CliOutcome =
  | { readonly kind: 'exit'; readonly code: number }
  | {
      readonly kind: 'listening';
      readonly url: string;
      readonly port: number;
      readonly backend: MockBackend;
      close(): Promise<void>;
    };

export interface CliEnvironment {
  /** Where dist/, demo/web and node_modules are looked up. Default: two levels above this file. */
  readonly repoRoot?: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built bin's own demo page (dist/mock-backend/web: modules bundled, nothing else to mount). */
const BUNDLED_WEB = fileURLToPath(new URL('./web/', import.meta.url));
const consoleIO: CliIO = { out: (line) => console.log(line), err: (line) => console.error(line) };

class UsageError extends Error {
  override readonly name = 'UsageError' as const;
}

interface CliConfig {
  readonly port: number;
  readonly host: string;
  readonly options: MockBackendOptions;
}

/**
 * Parses `argv` (without node and script), starts the backend, prints its URLs.
 * Exit outcomes: 0 after --help, 2 for bad flags, 1 when the port cannot be bound.
 *
 * @example const run = await main(['--port', '0']); if (run.kind === 'listening') await run.close();
 */
export async function main(argv: readonly string[], io: CliIO = consoleIO, env: CliEnvironment = {}): Promise<CliOutcome> {
  const repoRoot = env.repoRoot ?? REPO_ROOT;
  let config: CliConfig | 'help';
  try {
    config = parseCli(argv, repoRoot, env.repoRoot === undefined && isDirectory(BUNDLED_WEB) ? BUNDLED_WEB : undefined);
  } catch (error) {
    if (!(error instanceof UsageError) && !isParseArgsError(error)) throw error;
    io.err(`error: ${(error as Error).message}`);
    io.err('Run with --help for usage.');
    return { kind: 'exit', code: 2 };
  }
  if (config === 'help') {
    io.out(USAGE);
    return { kind: 'exit', code: 0 };
  }

  const backend = createMockBackend(config.options);
  let listening;
  try {
    listening = await backend.listen(config.port, config.host);
  } catch (error) {
    io.err(`error: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
    return { kind: 'exit', code: 1 };
  }
  const { url } = listening;
  const base = config.options.apiBasePath ?? '/auth';
  io.out(`tabsession mock backend listening on ${url}`);
  io.out(`  demo page   ${config.options.webRoot === undefined ? '(no web root)' : `${url}/   (${config.options.webRoot})`}`);
  io.out(`  auth API    ${url}${base}   (demo@example.com / demo, admin@example.com / admin)`);
  io.out(`  app API     ${url}/api/user, /api/echo, /api/admin, /api/optional, /api/public, /dashboard`);
  io.out(`  OAuth2      ${url}/oauth/token, /oauth/revoke   (client_id tabsession-demo)`);
  io.out(`  test stats  ${config.options.testControl === false ? '(test control disabled)' : `${url}/__mock/stats`}`);
  for (const [mount, dir] of Object.entries(config.options.staticMounts ?? {})) io.out(`  static      ${url}${mount} -> ${dir}`);
  return { kind: 'listening', url, port: listening.port, backend, close: listening.close };
}

function parseCli(argv: readonly string[], repoRoot: string, bundledWeb: string | undefined): CliConfig | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'access-token-lifetime': { type: 'string' },
      'refresh-token-lifetime': { type: 'string' },
      mode: { type: 'string' },
      'anti-csrf': { type: 'string' },
      web: { type: 'string' },
      'no-test-control': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';

  const options: MockBackendOptions = {};
  const port = values.port === undefined ? 3001 : integerIn(values.port, '--port', 0, 65_535);
  const host = values.host ?? '127.0.0.1';
  if (host === '') throw new UsageError('--host must not be empty');
  if (values['access-token-lifetime'] !== undefined) {
    options.accessTokenLifetimeMs = seconds(values['access-token-lifetime'], '--access-token-lifetime') * 1000;
  }
  if (values['refresh-token-lifetime'] !== undefined) {
    options.refreshTokenLifetimeMs = seconds(values['refresh-token-lifetime'], '--refresh-token-lifetime') * 1000;
  }
  if (values.mode !== undefined) options.defaultAuthMode = oneOf<AuthMode>(values.mode, '--mode', ['cookie', 'header']);
  if (values['anti-csrf'] !== undefined) {
    options.antiCsrf = oneOf<AntiCsrfMode>(values['anti-csrf'], '--anti-csrf', ['VIA_CUSTOM_HEADER', 'VIA_TOKEN', 'NONE']);
  }
  if (values['no-test-control'] === true) options.testControl = false;

  if (values.web !== undefined) {
    const web = resolve(values.web);
    if (!isDirectory(web)) throw new UsageError(`--web: ${values.web} is not a directory`);
    options.webRoot = web;
  } else if (bundledWeb !== undefined) {
    options.webRoot = bundledWeb;
    options.staticMounts = {};
    return { port, host, options };
  } else if (isDirectory(join(repoRoot, 'demo/web'))) {
    options.webRoot = join(repoRoot, 'demo/web');
  }

  const mounts: Record<string, string> = {};
  const candidates: readonly (readonly [string, string])[] = [
    ['/dist', join(repoRoot, 'dist')],
    // The SDK's own dependency: the demo page's import map loads it from here.
    ['/vendor/js-cookie', join(repoRoot, 'node_modules/js-cookie/dist')],
    ['/vendor/axios', join(repoRoot, 'node_modules/axios/dist/esm')],
    ['/vendor/ky', join(repoRoot, 'node_modules/ky/distribution')],
  ];
  for (const [mount, dir] of candidates) if (isDirectory(dir)) mounts[mount] = dir;
  options.staticMounts = mounts;
  return { port, host, options };
}

function integerIn(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  return value;
}

function seconds(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number of seconds, got '${text}'`);
  return value;
}

function oneOf<T extends string>(text: string, flag: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${text}'`);
  return text as T;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** True when this file is the process entry point, not an import (tests import `main`). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const outcome = await main(process.argv.slice(2));
  if (outcome.kind === 'exit') {
    process.exitCode = outcome.code;
  } else {
    consoleIO.out('Press Ctrl-C to stop.');
    const stop = (): void => {
      void outcome.close().then(
        () => process.exit(0),
        () => process.exit(0),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
}
