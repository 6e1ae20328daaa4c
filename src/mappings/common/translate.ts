import { lookupEntry, type TranslationEntry, type TranslationTables } from '../tables';
import type { Outcome } from './outcome';

/** A table lookup that records UNKNOWN_CODE naming the table and value when nothing is found (§5.2). */
export function translate(
  tables: TranslationTables,
  table: string,
  value: string,
  field: string,
  out: Outcome,
): TranslationEntry | undefined {
  const entry = lookupEntry(tables, table, value);
  if (!entry) out.error('UNKNOWN_CODE', field, `${field} "${value}" is not in translation table ${table}`, value);
  return entry;
}
