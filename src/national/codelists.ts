import { readFileSync } from 'fs';
import path from 'path';

/** The national code lists of §6.5. */
export const CODE_LIST_NAMES = ['provinces', 'subject-types', 'product-categories', 'units', 'test-items', 'commitments'] as const;

export type CodeListName = (typeof CODE_LIST_NAMES)[number];

export interface CodeListEntry {
  code: string;
  label: string;
  /** Attributes of the published list such as `meat`, `order`, `labelEn`, `group` (§7.19). */
  [attribute: string]: unknown;
}

export interface CodeList {
  name: string;
  version: string;
  entries: CodeListEntry[];
}

export function isCodeListName(value: string): value is CodeListName {
  return (CODE_LIST_NAMES as readonly string[]).includes(value);
}

/** The six national code lists with constant-time lookups. Codes are case-sensitive (§6.5). */
export class CodeLists {
  private readonly lists = new Map<CodeListName, CodeList>();
  private readonly byCode = new Map<CodeListName, Map<string, CodeListEntry>>();

  constructor(lists: readonly CodeList[]) {
    for (const list of lists) this.install(checkedList(list), list);
    const missing = CODE_LIST_NAMES.filter((name) => !this.lists.has(name));
    if (missing.length > 0) throw new Error(`missing code lists: ${missing.join(', ')}`);
  }

  has(name: CodeListName, code: string): boolean {
    return this.byCode.get(name)?.has(code) ?? false;
  }

  entry(name: CodeListName, code: string): CodeListEntry | undefined {
    return this.byCode.get(name)?.get(code);
  }

  list(name: CodeListName): CodeList {
    const list = this.lists.get(name);
    if (!list) throw new Error(`unknown code list ${name}`);
    return list;
  }

  /** A product category marked livestock/poultry `meat` (§5.6) in the list in force (§7.19). */
  isMeat(productCode: string): boolean {
    return this.entry('product-categories', productCode)?.meat === true;
  }

  /** Printed position of a commitment (1-based), or `undefined` for an unknown code or one without `order`. */
  commitmentOrder(code: string): number | undefined {
    const order = this.entry('commitments', code)?.order;
    return typeof order === 'number' ? order : undefined;
  }

  versions(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of CODE_LIST_NAMES) out[name] = this.list(name).version;
    return out;
  }

  /**
   * Installs a list fetched from the platform (`GET /codelists/{name}`) as it is: its entries carry
   * the attributes of the published list (§7.19), and `meat` is decided from them, never from the
   * bundled copy. A `product-categories` list whose entries do not all say `meat` is refused.
   */
  replace(list: CodeList): void {
    const name = checkedList(list);
    this.install(name, { name, version: list.version, entries: list.entries.map((entry) => ({ ...entry })) });
  }

  private install(name: CodeListName, list: CodeList): void {
    this.lists.set(name, { name, version: list.version, entries: list.entries });
    this.byCode.set(name, indexEntries(list.entries));
  }
}

/** Throws with the reason when `list` cannot be installed; the list's name otherwise. */
export function checkedList(list: CodeList): CodeListName {
  if (!list || typeof list.name !== 'string' || !isCodeListName(list.name)) {
    throw new Error(`unknown code list ${String(list?.name)}`);
  }
  if (typeof list.version !== 'string' || list.version === '') throw new Error(`code list ${list.name} has no version`);
  if (!Array.isArray(list.entries)) throw new Error(`code list ${list.name} has no entries`);
  for (const entry of list.entries) {
    if (!entry || typeof entry.code !== 'string' || entry.code === '' || typeof entry.label !== 'string') {
      throw new Error(`code list ${list.name} has an entry without code or label`);
    }
    if (list.name === 'product-categories' && typeof entry.meat !== 'boolean') {
      throw new Error(`code list product-categories: entry ${entry.code} lacks meat (true or false, §7.19)`);
    }
  }
  return list.name;
}

function indexEntries(entries: readonly CodeListEntry[]): Map<string, CodeListEntry> {
  return new Map(entries.map((entry) => [entry.code, entry]));
}

const DEFAULT_DIR = path.resolve(__dirname, '../../config/codelists');

/**
 * Reads `<name>.json` for the six lists. A relative `dir` resolves against the working directory;
 * without one, the project's own `config/codelists`.
 */
export function loadBundledCodeLists(dir: string = DEFAULT_DIR): CodeLists {
  const base = path.resolve(dir);
  const lists = CODE_LIST_NAMES.map((name) => {
    const file = path.join(base, `${name}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CodeList;
    if (parsed.name !== name) throw new Error(`${file}: name is ${String(parsed.name)}, expected ${name}`);
    return parsed;
  });
  return new CodeLists(lists);
}
