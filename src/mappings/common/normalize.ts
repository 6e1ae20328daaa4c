/** §5.2 label normalisation: NFKC, all whitespace removed, ASCII letters lower-cased. */
export function normalizeLabel(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, '').replace(/[A-Z]/g, (c) => c.toLowerCase());
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
