import { escapePointerToken } from './json-pointer';

/**
 * What a record's JSON text says that `JSON.parse` forgets (national §1, §7.21, §7.22): each
 * number literal as written (`8.330`, `1.0`, `2E1`) and every member name written twice in one
 * object (JSON.parse keeps the last silently).
 *
 * The gateway writes its records with `JSON.stringify`, which never repeats a member and writes
 * each number in its shortest round-trip form, so for its own records the parsed object already
 * says everything. The mock platform receives text from any client: it scans each body once
 * with `recordTextFacts` and passes each record's facts to the validator.
 */

export interface RecordTextFacts {
  /** Number literals as written, by JSON pointer relative to the record (`/quantity` → `8.330`). */
  numberLiterals: Map<string, string>;
  /** JSON pointers (relative to the record) of members whose name appears more than once in their object. */
  duplicateMembers: string[];
}

interface Frame {
  isArray: boolean;
  index: number;
  key: string;
  expectingKey: boolean;
  /** Member names seen so far in this object. */
  names?: Set<string>;
}

const NUMBER_TOKEN = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"/y;

/**
 * Number literals and repeated member names of a whole JSON text, by JSON pointer. The text must
 * be valid JSON (parse it first); the scan does not validate it.
 */
export function scanJsonText(jsonText: string): RecordTextFacts {
  const numberLiterals = new Map<string, string>();
  const duplicateMembers: string[] = [];
  const reported = new Set<string>();
  const stack: Frame[] = [];
  const pointer = (): string => stack.map((frame) => '/' + (frame.isArray ? String(frame.index) : escapePointerToken(frame.key))).join('');
  let pos = 0;
  while (pos < jsonText.length) {
    const ch = jsonText[pos];
    const top = stack[stack.length - 1];
    if (ch === '{' || ch === '[') {
      stack.push({ isArray: ch === '[', index: 0, key: '', expectingKey: ch === '{' });
      pos++;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      pos++;
    } else if (ch === ',') {
      if (top?.isArray) top.index++;
      else if (top) top.expectingKey = true;
      pos++;
    } else if (ch === '"') {
      STRING_TOKEN.lastIndex = pos;
      const match = STRING_TOKEN.exec(jsonText);
      if (!match) break;
      if (top && !top.isArray && top.expectingKey) {
        const name = JSON.parse(match[0]) as string;
        top.key = name;
        top.expectingKey = false;
        top.names ??= new Set();
        if (top.names.has(name)) {
          const at = pointer();
          if (!reported.has(at)) {
            reported.add(at);
            duplicateMembers.push(at);
          }
        } else {
          top.names.add(name);
        }
      }
      pos += match[0].length;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER_TOKEN.lastIndex = pos;
      const match = NUMBER_TOKEN.exec(jsonText);
      if (!match) break;
      numberLiterals.set(pointer(), match[0]);
      pos += match[0].length;
    } else {
      pos++; // whitespace, ':', true, false, null
    }
  }
  return { numberLiterals, duplicateMembers };
}

/** Splits a pointer `/records/<i>/rest` into the record index and `/rest`; undefined otherwise. */
function underRecord(pointer: string): { index: number; rest: string } | undefined {
  if (!pointer.startsWith('/records/')) return undefined;
  const tail = pointer.slice('/records/'.length);
  const slash = tail.indexOf('/');
  if (slash < 0) return undefined; // the record itself
  return { index: Number(tail.slice(0, slash)), rest: tail.slice(slash) };
}

/**
 * The facts of each record of a batch body `{ "batchId", "records": [...] }`, indexed like
 * `records`. Records after the last one with any fact have no entry: use `facts[i] ?? emptyFacts()`.
 */
export function recordTextFacts(batchBodyText: string): RecordTextFacts[] {
  const scanned = scanJsonText(batchBodyText);
  const perRecord: RecordTextFacts[] = [];
  const of = (index: number): RecordTextFacts => (perRecord[index] ??= emptyFacts());
  for (const [pointer, literal] of scanned.numberLiterals) {
    const at = underRecord(pointer);
    if (at) of(at.index).numberLiterals.set(at.rest, literal);
  }
  for (const pointer of scanned.duplicateMembers) {
    const at = underRecord(pointer);
    if (at) of(at.index).duplicateMembers.push(at.rest);
  }
  for (let i = 0; i < perRecord.length; i++) perRecord[i] ??= emptyFacts();
  return perRecord;
}

/** The facts of one record's own text (`{ "recordId": … }`). */
export function singleRecordFacts(recordText: string): RecordTextFacts {
  return scanJsonText(recordText);
}

export function emptyFacts(): RecordTextFacts {
  return { numberLiterals: new Map(), duplicateMembers: [] };
}
