import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import Cookies from 'js-cookie';
import { createClient, type SessionEvent, type TabMessage, type TabsessionConfig } from '../../src/index';
import { ROOT } from '../e2e/support/env';
import { API, fakeBackend } from './harness';
import { messageBus, recorded, tab } from './util';

/** What apps may call on a SessionClient; anything that runs requests, refreshes or broadcasts stays inside. */
const PUBLIC_SESSION = [
  'adopt',
  'attemptRefreshingSession',
  'destroy',
  'doesSessionExist',
  'getAccessToken',
  'getAccessTokenPayloadSecurely',
  'getUserId',
  'intercepts',
  'on',
  'signOut',
];

/** The declaration file the build publishes for a source file (declarations only: no type check, fast). */
function declarationOf(file: string): ts.SourceFile {
  const source = readFileSync(resolve(ROOT, file), 'utf8');
  const { outputText } = ts.transpileDeclaration(source, { fileName: file, compilerOptions: { strict: true } });
  return ts.createSourceFile(file.replace(/\.ts$/, '.d.ts'), outputText, ts.ScriptTarget.Latest, true);
}

/**
 * Follows `SessionClient` from the published index.d.ts to the file that declares it, and lists the members
 * a consumer's compiler can see there (a `#private` field is only the marker `#private`).
 */
function publishedSessionMembers(): string[] {
  const index = declarationOf('src/index.ts');
  let from: string | undefined;
  index.forEachChild((node) => {
    if (ts.isImportDeclaration(node) && node.importClause?.namedBindings && ts.isNamedImports(node.importClause.namedBindings)) {
      if (node.importClause.namedBindings.elements.some((element) => element.name.text === 'SessionClient')) {
        from = (node.moduleSpecifier as ts.StringLiteral).text;
      }
    }
  });
  expect(from, 'index.d.ts imports SessionClient from a module').toBeDefined();
  const declaring = declarationOf(`src/${from!.replace(/^\.\//, '')}.ts`);
  const members: string[] = [];
  declaring.forEachChild((node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === 'SessionClient') {
      for (const member of node.members) {
        if (ts.isConstructorDeclaration(member) || member.name === undefined) continue;
        const hidden = ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
        if (!hidden && !ts.isPrivateIdentifier(member.name)) members.push(member.name.getText());
      }
    }
  });
  return members.sort();
}

describe('the published surface (what a release promises: no internals)', () => {
  test("the published SessionClient type has only the chosen surface: no emit, run, refreshAfter, callOwnEndpoint or config", () => {
    const members = publishedSessionMembers();
    expect(members).toEqual(PUBLIC_SESSION);
    for (const internal of ['emit', 'run', 'refreshAfter', 'callOwnEndpoint', 'config']) expect(members).not.toContain(internal);
  });

  test('at run time, too, a SessionClient has nothing but the chosen surface', () => {
    const session = createClient(recorded().config);
    const names = Object.getOwnPropertyNames(Object.getPrototypeOf(session)).filter((name) => name !== 'constructor');
    expect(names.sort()).toEqual(PUBLIC_SESSION);
    expect(Object.keys(session)).toEqual([]);
    session.destroy();
  });
});

describe('messages from other tabs are validated before they become events', () => {
  const setup = () => {
    const bus = messageBus();
    const { events, diagnostics, config } = recorded({ messenger: bus() });
    const session = createClient(config);
    const other = bus();
    const post = (message: unknown) => other.post(message as TabMessage);
    return { session, events, diagnostics, post };
  };

  test('a well-formed cross-tab event arrives, rebuilt, with fromOtherTab: true', () => {
    const { session, events, post } = setup();
    post({ event: { action: 'SIGN_OUT' } });
    post({ event: { action: 'UNAUTHORISED', sessionExpiredOrRevoked: true } });
    expect(events).toEqual([
      { action: 'SIGN_OUT', fromOtherTab: true },
      { action: 'UNAUTHORISED', sessionExpiredOrRevoked: true, fromOtherTab: true },
    ]);
    session.destroy();
  });

  test.each([
    ['not an object', 'SIGN_OUT'],
    ['no event', {}],
    ['event is a string', { event: 'SIGN_OUT' }],
    ['unknown action', { event: { action: 'DELETE_ACCOUNT' } }],
    ['this-tab-only action', { event: { action: 'API_INVALID_CLAIM', claimValidationErrors: [] } }],
    ['payload update from another tab', { event: { action: 'ACCESS_TOKEN_PAYLOAD_UPDATED' } }],
    ['fromOtherTab forged', { event: { action: 'SIGN_OUT', fromOtherTab: false } }],
    ['extra field', { event: { action: 'REFRESH_SESSION', redirectTo: 'https://evil.test' } }],
    ['UNAUTHORISED without the flag', { event: { action: 'UNAUTHORISED' } }],
    ['UNAUTHORISED that ended nothing', { event: { action: 'UNAUTHORISED', sessionExpiredOrRevoked: false } }],
    ['UNAUTHORISED with a non-boolean flag', { event: { action: 'UNAUTHORISED', sessionExpiredOrRevoked: 'yes' } }],
    ['an array', { event: ['SIGN_OUT'] }],
  ])('%s is dropped (and reported), never an event', (_, message) => {
    const { session, events, diagnostics, post } = setup();
    post(message);
    expect(events).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(String(diagnostics[0])).toMatch(/message from another tab/);
    session.destroy();
  });
});

describe('the threat model (docs/security.md): a same-origin script is trusted', () => {
  test('any script can post a SIGN_OUT on the tabsession channel: the tab hears it, and its session stays (no cookie, token or request)', async () => {
    const backend = fakeBackend();
    const t = tab({ messenger: undefined } as unknown as Partial<TabsessionConfig>); // the default messenger: the platform BroadcastChannel
    await t.signIn();
    const cookies = Cookies.get();
    const requests = backend.state.requests.length;
    const heard = new Promise<SessionEvent>((resolve) => t.session.on('SIGN_OUT', resolve));
    const script = new BroadcastChannel('tabsession'); // not tabsession: any script of the origin
    script.postMessage({ event: { action: 'SIGN_OUT' } });
    script.close();
    expect(await heard).toEqual({ action: 'SIGN_OUT', fromOtherTab: true });
    expect(Cookies.get()).toEqual(cookies);
    expect(await t.session.doesSessionExist()).toBe(true);
    expect(backend.state.requests.length).toBe(requests);
    expect((await t.fetch(`${API}/api/user`)).status).toBe(200);
  });
});
