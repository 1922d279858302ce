// Every relative link of README.md, BENCHMARKS.md and docs/*.md leads somewhere: the file exists inside the
// repository, and a `#fragment` names a heading of the target as GitHub writes its anchors.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', 'BENCHMARKS.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (heading as string)
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Relative links (`[text](target)` and images) of a document, with the line they are on. */
function links(doc: string): { target: string; line: number }[] {
  const lines = prose(readFileSync(join(ROOT, doc), 'utf8')).split('\n');
  return lines.flatMap((text, index) =>
    [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map(([, target]) => target as string)
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ target, line: index + 1 })),
  );
}

describe('relative links of the documentation', () => {
  it('finds the documents and their links', () => {
    expect(DOCS).toContain('docs/protocol.md');
    expect(links('README.md').length).toBeGreaterThan(10);
  });

  it('GitHub anchors: punctuation dropped, inline code kept as text, repeats numbered', () => {
    expect([...anchors('# A. B, `c`!\n## Size and speed\n```\n# not a heading\n```\n## Size and speed\n')]).toEqual([
      'a-b-c',
      'size-and-speed',
      'size-and-speed-1',
    ]);
    expect(anchors('## React: `useSession()`')).toContain('react-usesession');
    expect(anchors('## The `/__mock` test-control API')).toContain('the-__mock-test-control-api');
  });

  for (const doc of DOCS) {
    it(`${doc}: every relative link resolves`, () => {
      const broken: string[] = [];
      for (const { target, line } of links(doc)) {
        const [path, fragment] = target.split('#') as [string, string | undefined];
        const file = path === '' ? join(ROOT, doc) : resolve(dirname(join(ROOT, doc)), decodeURIComponent(path));
        const where = `${doc}:${line} → ${target}`;
        if (relative(ROOT, file).startsWith('..')) broken.push(`${where}: outside the repository`);
        else if (!existsSync(file)) broken.push(`${where}: no such file`);
        else if (fragment !== undefined) {
          if (!statSync(file).isFile() || !file.endsWith('.md')) broken.push(`${where}: an anchor into a file that is not Markdown`);
          else if (!anchors(readFileSync(file, 'utf8')).has(fragment)) broken.push(`${where}: no heading with that anchor`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
