import { normalizeLabel } from '../common/normalize';
import type { Outcome } from '../common/outcome';
import type { TranslationEntry, TranslationTables } from '../tables';

/*
 * Label fields (units, item names, results, subject types) repeat a small vocabulary over millions of
 * records, and NFKC normalisation is the most expensive step of a mapping. Their normalised keys are
 * memoised; the memo only caches a pure function of the text, so mappings stay pure. Bounded: it is
 * dropped whole when full, which only costs recomputation.
 */
const MEMO_LIMIT = 4096;
const memo = new Map<string, string>();

/** `normalizeLabel` (§5.2), memoised. */
export function labelKey(value: string): string {
  let key = memo.get(value);
  if (key === undefined) {
    key = normalizeLabel(value);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(value, key);
  }
  return key;
}

/** A translation-table lookup (§5.2) recording UNKNOWN_CODE, naming the table and value, when nothing is found. */
export function lookupOrReport(tables: TranslationTables, name: string, value: string, field: string, out: Outcome): TranslationEntry | undefined {
  const table = tables[name];
  if (!table) throw new Error(`translation table ${name} is not loaded`);
  const entry = table.index.get(table.lookup === 'label' ? labelKey(value) : value.trim());
  if (!entry) out.error('UNKNOWN_CODE', field, `${field} "${value}" is not in translation table ${name}`, value);
  return entry;
}
