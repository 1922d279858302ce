// docs/error-codes.md lists every error code with its long text, from the one table src/messages.ts.
//   npx tsx scripts/error-codes.ts   rewrite the list in docs/error-codes.md
// test/unit/error-codes.test.ts fails when the file and the table disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESSAGES } from '../src/messages';

export const ERROR_CODES_DOC = join(dirname(fileURLToPath(import.meta.url)), '../docs/error-codes.md');
const START = '<!-- codes: written by scripts/error-codes.ts from src/messages.ts; do not edit by hand -->';
const END = '<!-- end of codes -->';

/** The list as the doc holds it: one row per code, the text with its `{0}` placeholders. */
export function codeTable(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const rows = Object.entries(MESSAGES).map(([code, text]) => `| <a id="${code.toLowerCase()}"></a>\`${code}\` | ${cell(text)} |`);
  return [START, '', '| Code | Text (development builds put it in `error.message`) |', '| --- | --- |', ...rows, '', END].join('\n');
}

/** The doc with its list replaced by `codeTable()`. */
export function withCodeTable(doc: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/error-codes.md: the markers of the code list are missing`);
  return doc.slice(0, start) + codeTable() + doc.slice(end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ERROR_CODES_DOC, withCodeTable(readFileSync(ERROR_CODES_DOC, 'utf8')));
}
