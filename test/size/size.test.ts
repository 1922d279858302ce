import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/support/env';
import { BYTES_PER_KB, entryExists, kb, measureEntry, readBudget, readmeFigures, type EntrySize } from '../../bench/size';

// A size budget is a test (nanostores' size-limit habit): each entry, min+gzip with its dependencies
// inlined, must stay within bench/size-budget.json in both builds an app makes (production and
// development: process.env.NODE_ENV), and README.md must state the production size it really has.
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
    const imported = entry.imports === undefined ? entry.entry : `{ ${entry.imports.join(', ')} } of ${entry.entry}`;
    const what = entry.onTopOf === undefined ? imported : `${imported} on top of ${entry.onTopOf}`;
    it(`${what} is within ${entry.budgetKB} KB in production and ${entry.developmentBudgetKB} KB in development`, async () => {
      const { gzipped, development } = await sizeOf(entry.name);
      // What `npm run size` reports: both builds of each entry.
      console.log(`size: ${entry.name}: production ${kb(gzipped)} KB (${gzipped} B), development ${kb(development.gzipped)} KB (${development.gzipped} B)`);
      expect(gzipped / BYTES_PER_KB, `${entry.name}: ${kb(gzipped)} KB, budget ${entry.budgetKB} KB`).toBeLessThanOrEqual(entry.budgetKB);
      expect(development.gzipped / BYTES_PER_KB, `${entry.name} (development): ${kb(development.gzipped)} KB, budget ${entry.developmentBudgetKB} KB`).toBeLessThanOrEqual(
        entry.developmentBudgetKB,
      );
    });
  }

  it('the production build drops the development texts and checks: it is smaller than the development build', async () => {
    const core = await sizeOf('core');
    expect(core.gzipped).toBeLessThan(core.development.gzipped);
  });

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
