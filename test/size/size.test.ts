import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/support/env';
import { BYTES_PER_KB, entryExists, kb, measureEntry, readBudget, readmeFigures, type EntrySize } from '../../bench/size';

// A size budget is a test (nanostores' size-limit habit): each entry, min+gzip with its dependencies
// inlined, must stay within bench/size-budget.json, and README.md must state the size it really has.
const budget = readBudget();
const present = budget.entries.filter(entryExists);
const missing = budget.entries.filter((entry) => !entryExists(entry));
const measured = new Map<string, Promise<EntrySize>>(present.map((entry) => [entry.name, measureEntry(entry, budget)]));
const sizeOf = (name: string): Promise<EntrySize> => measured.get(name) as Promise<EntrySize>;

describe('bundle size (min+gzip, KB = 1024 bytes)', () => {
  it('every entry of bench/size-budget.json exists (a missing entry fails, it is never skipped)', () => {
    expect(missing.map((entry) => entry.entry)).toEqual([]);
  });

  for (const entry of present) {
    const what = entry.onTopOf === undefined ? entry.entry : `${entry.entry} on top of ${entry.onTopOf}`;
    it(`${what} is within ${entry.budgetKB} KB`, async () => {
      const { gzipped } = await sizeOf(entry.name);
      expect(gzipped / BYTES_PER_KB, `${entry.name}: ${kb(gzipped)} KB, budget ${entry.budgetKB} KB`).toBeLessThanOrEqual(entry.budgetKB);
    });
  }

  it('README.md states each size within 0.1 KB, as lines like `core: 6.5 KB`', async () => {
    const readmePath = resolve(ROOT, 'README.md');
    const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
    const figures = readmeFigures(readme, present.map((entry) => entry.name));
    for (const entry of present) {
      const actual = (await sizeOf(entry.name)).gzipped / BYTES_PER_KB;
      const line = `${entry.name}: ${actual.toFixed(1)} KB`;
      const stated = figures.get(entry.name) ?? [];
      expect(stated, `README.md has no line \`${line}\``).not.toHaveLength(0);
      for (const value of stated) {
        expect(Math.abs(value - actual), `README.md says \`${entry.name}: ${value} KB\`, measured \`${line}\``).toBeLessThanOrEqual(0.1 + 1e-9);
      }
    }
  });
});
