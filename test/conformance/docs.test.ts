import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCases } from '../../src/conformance/cases';
import { renderClauseTable, TABLE_END, TABLE_START } from '../../src/conformance/clause-table';
import { CLAUSES } from '../../src/conformance/clauses';

const doc = readFileSync(path.resolve(__dirname, '../../docs/conformance.md'), 'utf8');
const cases = allCases();
const caseIds = new Set(cases.map((c) => c.id));
const table = doc.slice(doc.indexOf(TABLE_START) + TABLE_START.length, doc.indexOf(TABLE_END));
const rows = table.split('\n').filter((l) => l.startsWith('| §'));

describe('docs/conformance.md', () => {
  it('names only case ids that exist', () => {
    const named = [...doc.matchAll(/`([a-z][\w-]*(?:\.[\w.-]+)+)`/g)]
      .map((m) => m[1])
      .filter((s) =>
        /^(subjects|batches|inspections|certificates|slaughter|entries|trades|transports|batch|transport|receipts|records|stats|codelists|rate)\./.test(
          s,
        ),
      );
    expect(named.length).toBeGreaterThan(cases.length);
    expect(named.filter((id) => !caseIds.has(id))).toEqual([]);
  });

  it('names every case in the clause table', () => {
    const inTable = new Set([...table.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    expect(cases.map((c) => c.id).filter((id) => !inTable.has(id))).toEqual([]);
  });

  it('has one row per clause of the specification, each covered or explained', () => {
    expect(rows.map((r) => r.split(' | ')[0].slice(2))).toEqual(Object.keys(CLAUSES));
    for (const row of rows) expect(row, row.slice(0, 60)).toMatch(/\| (`[^`]+`(, `[^`]+`)*|— \(.+\)) \|$/);
  });

  it('covers §1 to §7.18, with every §7 clarification present', () => {
    const sections = new Set(Object.keys(CLAUSES).map((k) => k.split(' ')[0]));
    for (const s of [
      '§1',
      '§2',
      '§3',
      '§3.1',
      '§3.2',
      '§3.3',
      '§4',
      '§5',
      '§5.1',
      '§5.2',
      '§5.3',
      '§5.4',
      '§5.5',
      '§5.6',
      '§5.7',
      '§5.8',
      '§6.1',
      '§6.2',
      '§6.3',
      '§6.4',
      '§6.5',
    ]) {
      expect(sections, s).toContain(s);
    }
    for (let i = 1; i <= 18; i++) expect(sections, `§7.${i}`).toContain(`§7.${i}`);
  });

  it('every case cites clauses that exist, and the table is the one the catalogue renders', () => {
    for (const c of cases) {
      expect(c.clauses.length, c.id).toBeGreaterThan(0);
      for (const k of c.clauses) expect(Object.keys(CLAUSES), c.id).toContain(k);
    }
    expect(table.trim()).toBe(renderClauseTable());
  });
});
