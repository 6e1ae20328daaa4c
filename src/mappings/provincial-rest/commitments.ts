import { normalizeLabel } from '../common/normalize';
import type { Outcome } from '../common/outcome';
import type { TranslationTable, TranslationTables } from '../tables';
import { COMMITMENT_ORDER } from './code-lists';

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Commitment code when a table `source` ends here. */
  code?: string;
}

interface Tokenizer {
  root: TrieNode;
  separators: ReadonlySet<string>;
}

const tokenizers = new WeakMap<TranslationTable, Tokenizer>();

/** A trie of the table's normalised sources and its separator set, built once per loaded table. */
function tokenizerFor(table: TranslationTable): Tokenizer {
  let tokenizer = tokenizers.get(table);
  if (tokenizer) return tokenizer;
  const root: TrieNode = { next: new Map() };
  for (const [key, entry] of table.index) {
    let node = root;
    // Code units, not code points: the text is walked the same way, so both sides agree.
    for (let k = 0; k < key.length; k++) {
      const ch = key[k]!;
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map() }));
      node = child;
    }
    if (typeof entry.target === 'string') node.code = entry.target;
  }
  const raw = Array.isArray(table.attrs.separators) ? table.attrs.separators : [];
  const separators = new Set(
    raw
      .filter((s): s is string => typeof s === 'string')
      .map((s) => normalizeLabel(s))
      .filter((s) => s.length > 0),
  );
  tokenizer = { root, separators };
  tokenizers.set(table, tokenizer);
  return tokenizer;
}

function byPrintedOrder(a: string, b: string): number {
  return (
    (COMMITMENT_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER) - (COMMITMENT_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER) ||
    (a < b ? -1 : a > b ? 1 : 0)
  );
}

/**
 * §2.10: `cnnr` normalised as a label, then tokenised by the longest commitment text matching at
 * each position, separators skipped, anything else UNKNOWN_CODE. Distinct codes in the printed order
 * of the commitments code list; undefined when no commitment is found (the field is then omitted).
 * Linear in the length of `cnnr` times the longest text, whatever the size of the table.
 */
export function commitmentsOf(cnnr: string, tables: TranslationTables, out: Outcome): string[] | undefined {
  const table = tables['commitment-texts'];
  if (!table) throw new Error('translation table commitment-texts is not loaded');
  const { root, separators } = tokenizerFor(table);
  const chars = normalizeLabel(cnnr);
  const codes = new Set<string>();
  let i = 0;
  while (i < chars.length) {
    let node: TrieNode | undefined = root;
    let matchEnd = -1;
    let matchCode: string | undefined;
    for (let j = i; j < chars.length; j++) {
      node = node.next.get(chars[j]!);
      if (node === undefined) break;
      if (node.code !== undefined) {
        matchEnd = j + 1;
        matchCode = node.code;
      }
    }
    if (matchCode !== undefined) {
      codes.add(matchCode);
      i = matchEnd;
    } else if (separators.has(chars[i]!)) {
      i++;
    } else {
      let end = i + 1;
      while (end < chars.length && !separators.has(chars[end]!)) end++;
      const unknown = chars.slice(i, end);
      out.error('UNKNOWN_CODE', 'cnnr', `cnnr text "${unknown}" is not in translation table commitment-texts`, unknown);
      return undefined;
    }
  }
  return codes.size === 0 ? undefined : [...codes].sort(byPrintedOrder);
}
