// The code that README.md and the guides in docs/ show is code that runs: a block preceded by
// `<!-- example: <file>[#<region>] -->` must be that file of test/examples/ (or the part of it between
// `// #region <region>` and `// #endregion`, less their indentation), verbatim, and that file is a test of its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

interface Quote {
  readonly doc: string;
  readonly source: string;
  readonly block: string;
}

/** Every quoted block of a document: the marker's `file#region` and the fenced block under it. */
function quotes(doc: string): Quote[] {
  const text = read(doc);
  return [...text.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map(([, source, block]) => ({
    doc,
    source: source as string,
    block: block as string,
  }));
}

/** The text a marker names: the whole file, or the lines between its `#region` and `#endregion`. */
function quoted(source: string): string {
  const [file, region] = source.split('#') as [string, string | undefined];
  const text = read(file);
  if (region === undefined) return text;
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '// #endregion');
  expect(start, `${file} has no \`// #region ${region}\``).toBeGreaterThanOrEqual(0);
  expect(end, `${file}: \`// #region ${region}\` is not closed`).toBeGreaterThan(start);
  // A region inside a test body is shown without the body's indentation.
  const indent = (lines[start] as string).length - (lines[start] as string).trimStart().length;
  return `${lines.slice(start + 1, end).map((line) => line.slice(indent)).join('\n')}\n`;
}

const all = DOCS.flatMap(quotes);

describe('code blocks of README.md and docs/ that name their source', () => {
  it.each(all.map((quote) => [quote.doc, quote.source, quote]))('%s quotes %s verbatim', (_doc, _source, quote) => {
    expect(quote.source.startsWith('test/examples/'), 'examples live in test/examples/, where the kit project runs them').toBe(true);
    expect(quote.block).toBe(quoted(quote.source));
  });

  it('the README shows the quick starts that run: fetch, axios, ky, the SSR refresh page and the script tag', () => {
    const readme = all.filter((quote) => quote.doc === 'README.md').map((quote) => quote.source);
    expect(readme).toEqual(
      expect.arrayContaining([
        'test/examples/quickstart-fetch.test.ts#quickstart',
        'test/examples/quickstart-axios.test.ts#quickstart',
        'test/examples/quickstart-ky.test.ts#quickstart',
        'test/examples/quickstart-refresh-page.test.ts#quickstart',
        'test/examples/script-tag.html',
      ]),
    );
  });

  it('every example region and example page of test/examples/ is shown somewhere', () => {
    const shown = new Set(all.map((quote) => quote.source));
    const examples = readdirSync(join(ROOT, 'test/examples')).flatMap((name) => {
      const path = `test/examples/${name}`;
      if (name.endsWith('.html')) return [path];
      return [...read(path).matchAll(/^\s*\/\/ #region (\S+)$/gm)].map(([, region]) => `${path}#${region}`);
    });
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.filter((source) => !shown.has(source))).toEqual([]);
    expect(shown).toContain('test/examples/testing-your-app.test.ts');
  });
});

describe('docs/events-and-errors.md', () => {
  const rows = new Set([...read('docs/events-and-errors.md').matchAll(/^\| `([A-Z_]+)` \|/gm)].map(([, name]) => name));
  const members = (source: string, pattern: RegExp) => [...source.matchAll(pattern)].map(([, name]) => name as string);

  it('has a row for every error type of src/errors.ts', () => {
    const union = /export type TabsessionErrorType =([^;]+);/.exec(read('src/errors.ts'))?.[1] ?? '';
    const types = members(union, /'([A-Z_]+)'/g);
    expect(types.length).toBeGreaterThan(0);
    expect(types.filter((type) => !rows.has(type))).toEqual([]);
  });

  it('has a row for every event action of src/events.ts', () => {
    const actions = members(read('src/events.ts'), /^\s+\| \{ action: '([A-Z_]+)'/gm);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => !rows.has(action))).toEqual([]);
  });
});
