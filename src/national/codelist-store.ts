import type { Db } from '../db/pool';
import { storeCodeList, storedCodeLists } from '../db/queries/codelists';
import type { Logger } from '../log';
import type { NationalAnswer } from './answer';
import { createHash } from 'node:crypto';
import { CODE_LIST_NAMES, checkedList, loadBundledCodeLists, type CodeList, type CodeLists } from './codelists';
import { createValidator } from './validate';
import type { RecordValidator } from '../pipeline/types';

/**
 * The code lists in force: the bundled copies overlaid with the platform's (stored in PostgreSQL so
 * every gateway process, and every restart, uses the same versions), and the validator built on them.
 * A list from the platform replaces the bundled one whole, attributes included (§7.19): whether a
 * product is `meat` comes from the list as last fetched.
 */
export class CodeListStore {
  private lists: CodeLists;
  private current: RecordValidator;
  private seen = '';

  constructor(
    private readonly db: Db,
    private readonly opts: { dir: string; regionScope: string; log: Logger },
  ) {
    this.lists = loadBundledCodeLists(opts.dir);
    this.current = createValidator({ codeLists: this.lists, regionScope: opts.regionScope });
  }

  validator(): RecordValidator {
    return this.current;
  }

  /** The lists in force (labels for pages that show codes to people). */
  codeLists(): CodeLists {
    return this.lists;
  }

  versions(): Record<string, string> {
    return this.lists.versions();
  }

  /** Applies the stored platform lists when they differ from those in use; returns true when changed. */
  async syncFromDb(): Promise<boolean> {
    const stored = await storedCodeLists(this.db);
    const key = createHash('sha256').update(JSON.stringify(stored)).digest('hex');
    if (key === this.seen) return false;
    const lists = loadBundledCodeLists(this.opts.dir);
    for (const l of stored) {
      try {
        lists.replace(l);
      } catch (err) {
        // Stored by an older gateway, before lists were checked: the bundled copy stays in force.
        this.opts.log.warn('stored code list not used', { event: 'codelists:unusable', name: l.name, error: (err as Error).message });
      }
    }
    this.lists = lists;
    this.current = createValidator({ codeLists: lists, regionScope: this.opts.regionScope });
    this.seen = key;
    return true;
  }

  /** GET /codelists/{name} for every list; stores new versions. Returns the names whose version changed. */
  async refreshFromPlatform(fetchList: (name: string) => Promise<NationalAnswer>): Promise<{ changed: string[]; errors: string[] }> {
    const changed: string[] = [];
    const errors: string[] = [];
    for (const name of CODE_LIST_NAMES) {
      const answer = await fetchList(name);
      if (answer.kind !== 'ok') {
        errors.push(
          `${name}: ${answer.kind === 'error' ? `${answer.status} ${answer.code} ${answer.message}` : answer.kind === 'network' ? answer.error : 'unexpected answer'}`,
        );
        continue;
      }
      const body = answer.body as Partial<CodeList>;
      if (!body || body.name !== name || typeof body.version !== 'string' || !Array.isArray(body.entries)) {
        errors.push(`${name}: the answer is not a code list`);
        continue;
      }
      const list = { name, version: body.version, entries: body.entries } as CodeList;
      try {
        checkedList(list);
      } catch (err) {
        errors.push(`${name}: ${(err as Error).message}`);
        continue;
      }
      if (await storeCodeList(this.db, list)) changed.push(name);
    }
    if (changed.length) this.opts.log.info('national code lists updated', { event: 'codelists:updated', changed });
    await this.syncFromDb();
    return { changed, errors };
  }
}
