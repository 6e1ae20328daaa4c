import { Rng } from '../../src/demo/common/random';
import { escapePointerToken } from '../../src/national/json-pointer';

/**
 * Random JSON texts, written with varied whitespace, escapes and number spellings, together with
 * what a scanner of the raw text must find in them: the canonical text (national §7.7), every number
 * literal by JSON pointer, and the pointers of repeated member names. Seeded, so a failure repeats.
 */

export interface GeneratedJson {
  text: string;
  canonical: string;
  /** [pointer, literal] in the order the literals are written; a later one at the same pointer wins. */
  numbers: Array<[string, string]>;
  duplicates: string[];
}

const NUMBER_SPELLINGS = ['0', '-0.0', '1.50', '8.330', '2E1', '1e-7', '-12', '3.25E+2', '1000000'];
const STRING_PIECES = ['', 'a', ' b ', '名称', '\\"', '\\\\', '\\u0041', '\\/', '\\n', '😀', '~', '/', '\\\\\\"', 'x\\\\'];
/** [as written, decoded]: keys that repeat, need escaping in a pointer, or are escaped in the text. */
const KEYS: Array<[string, string]> = [
  ['a', 'a'],
  ['b', 'b'],
  ['\\u0061', 'a'],
  ['~x', '~x'],
  ['a/b', 'a/b'],
  ['名称', '名称'],
  ['q\\"r', 'q"r'],
  ['10', '10'],
  ['😀', '😀'],
];

export function generateJson(seed: number, maxDepth = 4): GeneratedJson {
  const rng = new Rng(seed);
  const pick = <T>(items: readonly T[]): T => rng.pick(items);
  const upTo = (n: number): number => rng.int(0, n);
  const ws = (): string => pick(['', '', '', ' ', '\n  ', '\t', '\r\n']);
  const numbers: Array<[string, string]> = [];
  const duplicates: string[] = [];

  function value(depth: number, pointer: string): { text: string; canonical: string } {
    const kind = depth >= maxDepth ? upTo(2) : upTo(4);
    if (kind === 0) {
      const literal = pick(NUMBER_SPELLINGS);
      numbers.push([pointer, literal]);
      return { text: literal, canonical: literal };
    }
    if (kind === 1) {
      const s = `"${Array.from({ length: upTo(3) }, () => pick(STRING_PIECES)).join('')}"`;
      return { text: s, canonical: s };
    }
    if (kind === 2) {
      const literal = pick(['true', 'false', 'null']);
      return { text: literal, canonical: literal };
    }
    if (kind === 3) {
      const items = Array.from({ length: upTo(3) }, (_, i) => value(depth + 1, `${pointer}/${i}`));
      return {
        text: `[${ws()}${items.map((item) => item.text).join(`${ws()},${ws()}`)}${ws()}]`,
        canonical: `[${items.map((item) => item.canonical).join(',')}]`,
      };
    }
    const members: string[] = [];
    const canonicalByKey = new Map<string, string>();
    const seen = new Set<string>();
    for (let n = upTo(4); n > 0; n--) {
      const [written, key] = pick(KEYS);
      const at = `${pointer}/${escapePointerToken(key)}`;
      if (seen.has(key) && !duplicates.includes(at)) duplicates.push(at);
      seen.add(key);
      const member = value(depth + 1, at);
      members.push(`${ws()}"${written}"${ws()}:${ws()}${member.text}${ws()}`);
      canonicalByKey.set(key, `${JSON.stringify(key)}:${member.canonical}`);
    }
    const sorted = [...canonicalByKey.keys()].sort().map((key) => canonicalByKey.get(key));
    return { text: `{${members.join(',') || ws()}}`, canonical: `{${sorted.join(',')}}` };
  }

  const top = value(0, '');
  return { text: `${ws()}${top.text}${ws()}`, canonical: top.canonical, numbers, duplicates };
}
