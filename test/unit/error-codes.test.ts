import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ERROR_CODES_DOC, withCodeTable } from '../../scripts/error-codes';
import { coreOf, type SessionClient } from '../../src/core/public';
import { tabsessionError } from '../../src/errors';
import { invalidState } from '../../src/transports/xhr/backend';
import { MESSAGES } from '../../src/messages';
import { ROOT } from '../e2e/support/env';

/** Every TypeScript source under src/, as text. */
const sources = (dir = join(ROOT, 'src')): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [readFileSync(join(dir, entry.name), 'utf8')] : [],
  );

describe('error codes (docs/error-codes.md)', () => {
  test('docs/error-codes.md lists every code of src/messages.ts with its text (npx tsx scripts/error-codes.ts rewrites it)', () => {
    const doc = readFileSync(ERROR_CODES_DOC, 'utf8');
    expect(doc).toBe(withCodeTable(doc));
  });

  test('every code is raised somewhere in src/, so none is listed for nothing', () => {
    const code = sources()
      .filter((text) => !text.includes('export const MESSAGES'))
      .join('\n');
    const unused = Object.keys(MESSAGES).filter((name) => !code.includes(`'${name}'`));
    expect(unused).toEqual([]);
  });

  test('the development build puts the long text, values filled in, in the message; the code is on the error', () => {
    const error = tabsessionError('REFRESH_FAILED', 'TS030', [30, 'tabsession-refresh']);
    expect(error).toMatchObject({ type: 'REFRESH_FAILED', code: 'TS030', message: 'waited longer than 30 s for the lock tabsession-refresh; the session is kept' });
  });
});

// The production counterparts are in test/production/build.test.ts.
describe('development-only texts outside the code table', () => {
  test("the XMLHttpRequest patch's InvalidStateError says why the state refuses the call", () => {
    expect(invalidState(3)).toMatchObject({ name: 'InvalidStateError', message: 'XMLHttpRequest: the object state must be OPENED' });
    expect(invalidState(0).message).toBe('XMLHttpRequest: responseType cannot change once loading');
  });

  test('an object that is not a SessionClient is refused at once, by name', () => {
    expect(() => coreOf({} as SessionClient)).toThrow(new TypeError('not a SessionClient'));
  });
});
