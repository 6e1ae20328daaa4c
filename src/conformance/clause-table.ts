import { readFileSync, writeFileSync } from 'node:fs';
import { allCases } from './cases';
import { CLAUSES } from './clauses';

export const TABLE_START = '<!-- clause-table:start -->';
export const TABLE_END = '<!-- clause-table:end -->';

/** The clause → case-ids table of docs/conformance.md, in clause order. */
export function renderClauseTable(): string {
  const cases = allCases();
  const rows = Object.entries(CLAUSES).map(([key, clause]) => {
    const ids = cases.filter((c) => c.clauses.includes(key)).map((c) => `\`${c.id}\``);
    const covered = clause.untestable ? `— (${clause.untestable})` : ids.join(', ');
    return `| ${key} | ${clause.text.replace(/\|/g, '\\|')} | ${covered} |`;
  });
  return ['| clause | rule | cases |', '|---|---|---|', ...rows].join('\n');
}

/** Rewrites the generated table between the markers of the document. */
export function updateDoc(file: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${file} lacks the ${TABLE_START} … ${TABLE_END} markers`);
  writeFileSync(file, `${text.slice(0, start + TABLE_START.length)}\n${renderClauseTable()}\n${text.slice(end)}`);
}

if (require.main === module) updateDoc(process.argv[2] ?? 'docs/conformance.md');
