import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * All SQL lives in src/db (query modules under src/db/queries) and migrations/. This scans the string
 * and template literals of every other source file under src/ (comments are never looked at) and
 * fails with file:line for each literal that reads as SQL. No folder is exempt: the demo's simulators
 * and the conformance runner hold no SQL and are scanned like the rest.
 */

const ROOT = path.resolve(__dirname, '../..');
const SQL_HOME = path.join('src', 'db') + path.sep;

/** SQL as this project writes it: statements in upper case. */
const STATEMENT_START = new RegExp(
  '^\\s*(?:SELECT\\b|INSERT\\s+INTO\\b|UPDATE\\s+\\w+\\s+SET\\b|DELETE\\s+FROM\\b|WITH\\s+(?:RECURSIVE\\s+)?\\w+\\s+AS\\b|' +
    '(?:BEGIN|COMMIT|ROLLBACK)\\s*(?:;|$)|SAVEPOINT\\s|RELEASE\\s+SAVEPOINT\\b|LOCK\\s+TABLE\\b|COPY\\s+\\w+|TRUNCATE\\b|VACUUM\\b|EXPLAIN\\s|' +
    'CREATE\\s+(?:UNIQUE\\s+)?(?:TABLE|INDEX|SCHEMA|VIEW|FUNCTION|EXTENSION|TYPE)\\b|ALTER\\s+TABLE\\b|DROP\\s+(?:TABLE|SCHEMA|INDEX|VIEW)\\b|' +
    'SET\\s+(?:LOCAL\\s+|SESSION\\s+)?\\w+\\s*(?:=|TO\\b)|LISTEN\\s+\\w|NOTIFY\\s+\\w)',
);
const UPPER_CASE_ANYWHERE =
  /\bSELECT\b[\s\S]*\bFROM\s+[\w."]+|\bINSERT\s+INTO\s+[\w."]+|\bDELETE\s+FROM\s+[\w."]+|\bUPDATE\s+[\w."]+\s+SET\b|\bON\s+CONFLICT\b|\bRETURNING\s+[\w*]|\bFOR\s+(?:UPDATE|SHARE)\b|\bSKIP\s+LOCKED\b|\bLOCK\s+TABLE\b/;
/** Shapes that only SQL has, in any case: prose such as "select a source from the list" has none of them. */
const ANY_CASE = [
  /\bpg_(?:try_)?advisory_(?:xact_)?(?:un)?lock(?:_shared)?\s*\(/i,
  /\bset_config\s*\(/i,
  /\binsert\s+into\s+[\w."]+\s*\(/i,
  /\bupdate\s+[\w."]+\s+set\s+[\w"]+\s*=/i,
  /\bselect\b[\s\S]*?\bfrom\s+[\w."]+[\s\S]*?\$\d/i,
  /\bselect\s+(?:\*|count\s*\(|distinct\b|[\w.]+\s*,)[\s\S]*?\bfrom\s+[\w."]+/i,
  /\b(?:where|and|or|on)\s+[\w.]+\s*(?:=|<>|<=|>=|<|>|@>|&&)\s*(?:\$\d|any\s*\()/i,
  /\$\d+::[a-z]/i,
];

/** Whether the text of one literal (interpolations replaced by a placeholder) reads as SQL. */
function looksLikeSql(text: string): boolean {
  return STATEMENT_START.test(text) || UPPER_CASE_ANYWHERE.test(text) || ANY_CASE.some((re) => re.test(text));
}

/** The literals of one TypeScript source that read as SQL, with their line (1-based). */
function sqlLiterals(fileName: string, source: string): Array<{ line: number; text: string }> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = node.head.text + node.templateSpans.map((s) => ` x ${s.literal.text}`).join('');
    if (text !== null && looksLikeSql(text)) {
      found.push({
        line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1,
        text: text.replace(/\s+/g, ' ').trim().slice(0, 80),
      });
    }
    // A template's spans are read with it; their expressions may hold literals of their own.
    if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

describe('SQL lives in src/db', () => {
  it('no source file outside src/db holds an SQL statement', () => {
    const files = sourceFiles('src').filter((f) => !f.startsWith(SQL_HOME));
    expect(files.length).toBeGreaterThan(100);
    const offences = files.flatMap((f) =>
      sqlLiterals(f, fs.readFileSync(path.join(ROOT, f), 'utf8')).map((s) => `${f}:${s.line}: ${s.text}`),
    );
    expect(offences, `SQL outside src/db (move it to a query module under src/db/queries):\n${offences.join('\n')}`).toEqual([]);
  });

  it('recognises the statements of the query modules: each of them is found to hold SQL', () => {
    const files = sourceFiles(path.join('src', 'db', 'queries'));
    const withoutSql = files.filter((f) => sqlLiterals(f, fs.readFileSync(path.join(ROOT, f), 'utf8')).length === 0);
    expect(withoutSql, 'query modules in which the scan sees no SQL (the scan would miss such statements elsewhere)').toEqual([]);
  });

  it('finds statements, in upper or lower case, in strings and templates, but not in comments', () => {
    const source = [
      "await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);",
      'await tx.query(`SELECT ${lock}, ${RELAXED_COMMIT}`, [key]);',
      "await client.query('COMMIT');",
      "await client.query('ROLLBACK').catch(() => undefined);",
      "settle(db.query('SELECT 1'));",
      'await db.query(`WITH gone AS (DELETE FROM national_records WHERE id IN (SELECT id FROM x LIMIT $2) RETURNING id) SELECT count(*) FROM gone`);',
      "await db.query('select id from adapters where id = $1', [id]);",
      "await db.query('update adapters set enabled = false');",
      "const q = 'insert into events (actor, action) values ($1, $2)';",
      '// SELECT * FROM adapters in a comment is not a statement',
      '/* DELETE FROM quarantine */',
    ].join('\n');
    expect(sqlLiterals('sample.ts', source).map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('leaves English alone', () => {
    for (const prose of [
      'select a source',
      'Select the adapter to delete from the list',
      'update the cursor, then set it again',
      'insert into the queue when ready',
      'waiting for update of the code lists',
      'records to delete from the source where needed',
      'With the tables as they are, nothing changes',
      'Begin a pull',
      'DELETE',
      'UPDATE',
      'a replay (select by reason) from the operator page',
      'job queue error',
    ]) {
      expect(looksLikeSql(prose), prose).toBe(false);
    }
  });
});
