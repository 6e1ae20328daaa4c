import { normalizeId } from '../common/identifiers';
import { normalizeLabel, text } from '../common/normalize';
import { Outcome } from '../common/outcome';
import type { Mapping } from '../types';
import { recordIdOf, contactPhone, dateField, KIND, sourceKey, type MarketRow } from './fields';

/** `证件类型` is a closed enumeration compared as a label (§3.6, §5.2). */
const ID_TYPES: ReadonlyMap<string, 'RESIDENT_ID' | 'CREDIT_CODE'> = new Map([
  [normalizeLabel('身份证'), 'RESIDENT_ID'],
  [normalizeLabel('营业执照'), 'CREDIT_CODE'],
  [normalizeLabel('统一社会信用代码'), 'CREDIT_CODE'],
]);

function subjectIdType(src: MarketRow, out: Outcome): string | undefined {
  const raw = text(src['证件类型']);
  if (raw === undefined) return undefined;
  const type = ID_TYPES.get(normalizeLabel(raw));
  if (type === undefined) out.error('UNKNOWN_CODE', '证件类型', `证件类型 "${raw}" is not 身份证, 营业执照 or 统一社会信用代码`, raw);
  return type;
}

/**
 * Market `vendors` → national `subjects` (source-subsystems §3.6). Every vendor is a `VENDOR` of
 * the instance's region; the document number is sent as found (trimmed, upper-cased) and national
 * validation judges it (a pre-2015 15-digit licence number fails with E4001).
 */
export const vendorsToSubjects: Mapping<MarketRow> = {
  from: { kind: KIND, stream: 'vendors' },
  to: 'subjects',
  tables: [],
  map(src, ctx) {
    const out = new Outcome();
    const key = sourceKey(src, '经营户编号', out);
    const code = text(src['证件号码']);
    return out.finish({
      recordId: recordIdOf(ctx, 'vendors', key),
      regionCode: ctx.instance.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      subjectCode: code === undefined ? undefined : normalizeId(code),
      subjectIdType: subjectIdType(src, out),
      name: text(src['经营者名称']),
      subjectType: 'VENDOR',
      contactPhone: contactPhone(src, '联系电话', out),
      registeredOn: dateField(src, '登记日期', out),
    });
  },
};
