import { loadBundledCodeLists } from '../../national/codelists';

/*
 * The two code-list attributes the provincial mappings need, read once when the module loads
 * (the bundled config/codelists files): the printed `order` of the commitments (§2.10) and the
 * test items whose national unit is `inhibition%` (§2.9). map() itself only reads these constants.
 */
const lists = loadBundledCodeLists();

/** Commitment code → printed position (1-based). */
export const COMMITMENT_ORDER: ReadonlyMap<string, number> = new Map(
  lists.list('commitments').entries.flatMap((e) => (typeof e.order === 'number' ? [[e.code, e.order] as [string, number]] : [])),
);

/** Test items whose `defaultUnit` is `inhibition%`: a source `%` on them means `inhibition%`. */
export const INHIBITION_ITEMS: ReadonlySet<string> = new Set(
  lists
    .list('test-items')
    .entries.filter((e) => e.defaultUnit === 'inhibition%')
    .map((e) => e.code),
);
