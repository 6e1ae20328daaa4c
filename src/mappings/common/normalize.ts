/*
 * Label fields (units, item names, results, subject types) repeat a small vocabulary over millions of
 * records, and NFKC normalisation is the most expensive step of a mapping. Normalised labels are
 * memoised; the memo caches a pure function of the text, so mappings stay pure. Bounded: it is
 * dropped whole when full, which only costs recomputation.
 */
const MEMO_LIMIT = 4096;
const memo = new Map<string, string>();

/** §5.2 label normalisation: NFKC, all whitespace removed, ASCII letters lower-cased (memoised). */
export function normalizeLabel(value: string): string {
  let key = memo.get(value);
  if (key === undefined) {
    key = value
      .normalize('NFKC')
      .replace(/\s+/gu, '')
      .replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(value, key);
  }
  return key;
}

/** Source "absent" (§1.3): missing, null, empty or whitespace only. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The trimmed text of a source value, or undefined when absent. Non-strings are stringified. */
export function text(value: unknown): string | undefined {
  if (isAbsent(value)) return undefined;
  return (typeof value === 'string' ? value : String(value)).trim();
}
