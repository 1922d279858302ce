/**
 * The benchmark page, one per tab: loads one library (`?lib=`) from a <script> bundle, initialises it
 * against its own origin, and exposes `window.bench` for the driver. It sends nothing by itself.
 * Bundled by bench/support/build.ts into .bench/page.js.
 */
import type * as Tabsession from '../../src/index';
import { LIBS, type FanInResult, type Lib, type LockKind, type LockResult, type Timed } from './protocol';

const GO = 'tabsession-bench-go';
const REFRESHED = 'tabsession-bench-refreshed';
const LOCK_NAME = 'tabsession-bench-lock';
const BUNDLES: Record<Exclude<Lib, 'raw'>, string> = {
  tabsession: '/dist/tabsession.iife.min.js',
  'supertokens-website': '/bench-build/supertokens-website.iife.js',
};

const params = new URLSearchParams(location.search);
const lib = params.get('lib') as Lib;
const stubbed = params.has('stub');
if (!LIBS.includes(lib)) throw new Error(`bench page: unknown lib ${String(lib)}`);
const api = location.origin;
/** Epoch ms with performance.now() resolution: comparable across the tabs of one browser. */
const now = () => performance.timeOrigin + performance.now();
const times = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);

/**
 * One protected request through whatever `window.fetch` the library installed; the body is read too.
 * A request that throws (a library giving up, a network error) counts as status 0: a failure, not a crash.
 */
async function getUser(): Promise<number> {
  try {
    const response = await window.fetch(`${api}/api/user`);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

async function timed(run: () => Promise<number[]>): Promise<Timed> {
  const start = performance.now();
  const statuses = await run();
  return { ms: performance.now() - start, failures: statuses.filter((status) => status !== 200).length };
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`bench page: cannot load ${src}`));
    document.head.append(script);
  });
}

function lockOf(kind: LockKind): Tabsession.RefreshLock {
  const sdk = window.tabsession;
  if (sdk === undefined) throw new Error('bench page: locks are measured in a tabsession page');
  return sdk[kind]();
}

async function lockRun(kind: LockKind, count: number, lock = lockOf(kind)): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await lock.run(LOCK_NAME, async () => undefined);
  return (performance.now() - start) / count;
}

/**
 * The best a client can do: the leader refreshes once its first 401 is in, other tabs hear of it on a
 * channel, and each request that got a 401 is retried as soon as both its 401 and the refresh are in.
 * Returns the final status of each request.
 */
function ideal(count: number, leader: boolean, refreshed: Promise<void>): Promise<number[]> {
  const first = times(count, getUser);
  const refresh = leader ? Promise.race(first).then(idealRefresh) : refreshed;
  return Promise.all(first.map(async (status) => ((await status) === 401 ? refresh.then(getUser) : status)));
}

async function idealRefresh(): Promise<void> {
  const response = await window.fetch(`${api}/auth/session/refresh`, { method: 'POST', headers: { rid: 'session' } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`bench page: ideal refresh answered ${response.status}`);
  const channel = new BroadcastChannel(REFRESHED);
  channel.postMessage('refreshed');
  channel.close();
}

let pending: Promise<unknown> | undefined;

/** Runs `task` when the driver's 'go' arrives; the listener is in place before `arm*` returns. */
function onGo<T>(task: () => Promise<T>): void {
  const channel = new BroadcastChannel(GO);
  pending = new Promise<T>((resolve, reject) => {
    channel.onmessage = () => {
      channel.close();
      task().then(resolve, reject);
    };
  });
}

function message(name: string): Promise<void> {
  const channel = new BroadcastChannel(name);
  return new Promise((resolve) => {
    channel.onmessage = () => {
      channel.close();
      resolve();
    };
  });
}

async function start(): Promise<void> {
  if (stubbed) {
    // The library wraps whatever fetch it finds at init: this one costs next to nothing, so what is
    // measured is the library's own work per request (headers, cookies, bookkeeping).
    const body = JSON.stringify({ userId: 'u' });
    window.fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }
  if (lib === 'tabsession') {
    await loadScript(BUNDLES.tabsession);
    window.tabsession?.init({ apiDomain: api });
  } else if (lib === 'supertokens-website') {
    await loadScript(BUNDLES['supertokens-website']);
    window.supertokens?.init({ apiDomain: api, apiBasePath: '/auth' });
  }

  window.bench = {
    lib,
    async signIn() {
      const response = await window.fetch(`${api}/auth/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'demo@example.com', password: 'demo' }),
      });
      await response.arrayBuffer();
      return response.status;
    },
    sequential: (count) =>
      timed(async () => {
        const statuses: number[] = [];
        for (let i = 0; i < count; i++) statuses.push(await getUser());
        return statuses;
      }),
    concurrent: (count) => timed(() => Promise.all(times(count, getUser))),
    arm(count, role) {
      const refreshed = role === 'ideal-follower' ? message(REFRESHED) : Promise.resolve();
      onGo(async (): Promise<FanInResult> => {
        const goAt = now();
        const statuses = role === 'library' ? await Promise.all(times(count, getUser)) : await ideal(count, role === 'ideal-leader', refreshed);
        return { goAt, doneAt: now(), statuses };
      });
    },
    armLock(kind, count) {
      const lock = lockOf(kind);
      onGo(async (): Promise<LockResult> => {
        const goAt = now();
        const perOpMs = await lockRun(kind, count, lock);
        return { goAt, doneAt: now(), perOpMs };
      });
    },
    collect() {
      if (pending === undefined) return Promise.reject(new Error('bench page: collect() before arm()'));
      const result = pending;
      pending = undefined;
      return result;
    },
    go() {
      const channel = new BroadcastChannel(GO);
      const at = now();
      channel.postMessage('go');
      channel.close();
      return at;
    },
    lockRun: (kind, count) => lockRun(kind, count),
    async stubbedCost(count) {
      if (!stubbed) throw new Error('bench page: stubbedCost() needs a page opened with &stub');
      const start = performance.now();
      for (let i = 0; i < count; i++) await getUser();
      return ((performance.now() - start) / count) * 1000;
    },
  };
  document.documentElement.dataset['ready'] = 'true';
}

void start();
