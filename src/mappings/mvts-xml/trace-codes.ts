const SEPARATORS = /[,;\s]+/u;
const NON_ASCII = /[^\x00-\x7f]/;

function collect(value: unknown, into: string[]): void {
  if (typeof value === 'string') {
    // NFKC changes nothing in ASCII text; skip it on the common path.
    const text = NON_ASCII.test(value) ? value.normalize('NFKC') : value;
    for (const token of text.split(SEPARATORS)) if (token !== '') into.push(token);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
  } else if (value !== null && typeof value === 'object') {
    collect((value as Record<string, unknown>).TraceCode, into);
  }
}

/**
 * `TraceCodes` in either form (source-subsystems §4.11, §7.10): text separated by `,` `，` `;` `；`
 * or whitespace, or `<TraceCode>` children. NFKC, split, empty tokens ignored, exact duplicates
 * removed (first kept), source order kept. Empty → undefined (the field is absent).
 */
export function traceCodeList(value: unknown): string[] | undefined {
  const tokens: string[] = [];
  collect(value, tokens);
  if (tokens.length === 0) return undefined;
  return tokens.length === 1 ? tokens : [...new Set(tokens)];
}

const PLATE_NOISE = /[\s\u00B7\u2022-]/gu;

/** `PlateNo` with whitespace, `·`, `•` and `-` removed and Latin letters upper-cased (§4.11). */
export function normalizePlate(value: string): string {
  return value.replace(PLATE_NOISE, '').replace(/[a-z]/g, (c) => c.toUpperCase());
}
