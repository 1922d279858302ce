// The README's "Testing your app" example is a test that runs; this keeps the README's copy identical.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

it('the README\'s "Testing your app" code block is test/examples/testing-your-app.test.ts, verbatim', () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('\n## Testing your app\n'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(block).toBe(read('test/examples/testing-your-app.test.ts'));
});
