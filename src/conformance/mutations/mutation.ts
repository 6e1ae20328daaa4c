import type { ExpectedError, ExpectedOutcome } from '../checks';
import type { RecordFactory } from '../records';

/** A generated record under edit; mutations reach into nested objects, so values are loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MutableRecord = { [field: string]: any };

/** One variation of a valid record and what the platform must answer for it. */
export interface RecordMutation {
  /** Case id suffix after `<interface>.record.`, e.g. `E4005.amount`, `valid.resident-id`. */
  name: string;
  clauses: readonly string[];
  title: string;
  apply(record: MutableRecord, factory: RecordFactory): void;
  expect: ExpectedOutcome;
}

export function err(code: string, path: string): ExpectedError {
  return { code, path };
}

/** Shorthand for a mutation expecting exactly one error. */
export function rejects(
  name: string,
  clauses: readonly string[],
  title: string,
  apply: RecordMutation['apply'],
  ...errors: ExpectedError[]
): RecordMutation {
  return { name, clauses, title, apply, expect: errors };
}

/** Shorthand for a variant that must still be ACCEPTED. */
export function accepts(name: string, clauses: readonly string[], title: string, apply: RecordMutation['apply']): RecordMutation {
  return { name, clauses, title, apply, expect: 'ACCEPTED' };
}

/** n characters of `ch` (code points). */
export function chars(ch: string, n: number): string {
  return Array.from({ length: n }, () => ch).join('');
}
