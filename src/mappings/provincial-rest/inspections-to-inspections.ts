import { recordIdFor } from '../../common/record-id';
import { text } from '../common/normalize';
import { Outcome } from '../common/outcome';
import { dashedTimeToIso } from '../../common/time';
import type { Mapping, MapResult, MappingContext } from '../types';
import { normalizeLabel } from '../common/normalize';
import { translate } from '../common/translate';
import type { TranslationTables } from '../tables';
import { INHIBITION_ITEMS } from './code-lists';
import { asRecord } from './fields';
import { factorOf } from './quantity';
import { testLimitOf, testValueOf } from './test-values';

/** Closed enumerations of §2.9, keyed by their normalised label (§5.2). */
const METHODS: ReadonlyMap<string, string> = new Map([
  ['快检', 'RAPID'],
  ['快速检测', 'RAPID'],
  ['实验室', 'LAB'],
  ['实验室检测', 'LAB'],
]);
const RESULTS: ReadonlyMap<string, string> = new Map([
  ['合格', 'PASS'],
  ['不合格', 'FAIL'],
]);

function closedValue(table: ReadonlyMap<string, string>, value: unknown, field: string, out: Outcome): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const found = table.get(normalizeLabel(raw));
  if (found === undefined) out.error('UNKNOWN_CODE', field, `${field} "${raw}" is not one of ${[...table.keys()].join(', ')}`, raw);
  return found;
}

/** One `jcxm[i]` → one national item. Field names follow the source: `jcxm[0].xmmc`. */
function itemOf(input: unknown, i: number, tables: TranslationTables, out: Outcome): Record<string, unknown> {
  const f = `jcxm[${i}]`;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    out.error('UNPARSEABLE_VALUE', f, `${f} is not an object`);
    return {};
  }
  const item = input as Record<string, unknown>;
  const xmmc = text(item.xmmc);
  const itemCode = xmmc === undefined ? undefined : translate(tables, 'test-item-names', xmmc, `${f}.xmmc`, out)?.target;
  const dw = text(item.dw);
  const unitEntry = dw === undefined ? undefined : translate(tables, 'test-unit-labels', dw, `${f}.dw`, out);
  const factor = unitEntry === undefined ? undefined : factorOf(unitEntry);
  let unit = unitEntry?.target;
  if (unit === '%' && itemCode !== undefined && INHIBITION_ITEMS.has(itemCode)) unit = 'inhibition%';
  const jcz = text(item.jcz);
  const result: Record<string, unknown> = {
    itemCode,
    value: jcz === undefined ? undefined : testValueOf(jcz, factor, `${f}.jcz`, out),
    limit: testLimitOf(text(item.xdz), factor, `${f}.xdz`, out),
    unit,
    result: closedValue(RESULTS, item.jl, `${f}.jl`, out),
  };
  if (result.limit === undefined) delete result.limit;
  return result;
}

/**
 * §2.9: provincial inspection → national `inspections`. Results and conclusion are mapped as found,
 * never recomputed: inconsistent ones fail national validation (E4005).
 */
export const inspectionsToInspections: Mapping = {
  from: { kind: 'provincial-rest', stream: 'inspections' },
  to: 'inspections',
  tables: ['test-item-names', 'test-unit-labels'],
  map(input: unknown, ctx: MappingContext): MapResult {
    const src = asRecord(input);
    const out = new Outcome();
    const zsm = text(src.zsm);
    const jcsj = text(src.jcsj);
    let testedAt: string | undefined;
    if (jcsj !== undefined) {
      testedAt = dashedTimeToIso(jcsj) ?? undefined;
      if (testedAt === undefined) out.error('UNPARSEABLE_VALUE', 'jcsj', `jcsj "${jcsj}" is not a time YYYY-MM-DD HH:mm:ss`, jcsj);
    }
    let items: Record<string, unknown>[] | undefined;
    if (Array.isArray(src.jcxm)) items = src.jcxm.map((item, i) => itemOf(item, i, ctx.tables, out));
    else if (src.jcxm !== undefined && src.jcxm !== null) out.error('UNPARSEABLE_VALUE', 'jcxm', 'jcxm is not a list of test items');
    return out.finish({
      recordId: recordIdFor(ctx.instance.sourceSystem, 'inspections', text(src.jcid) ?? ''),
      regionCode: zsm === undefined ? undefined : zsm.slice(0, 6),
      sourceSystem: ctx.instance.sourceSystem,
      inspectionNo: text(src.jcbh),
      traceCode: zsm,
      method: closedValue(METHODS, src.jcff, 'jcff', out),
      agency: text(src.jcjg),
      testedAt,
      items,
      conclusion: closedValue(RESULTS, src.jcjl, 'jcjl', out),
    });
  },
};
