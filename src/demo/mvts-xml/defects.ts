import { creditCodeCheckChar, residentIdCheckChar } from '../../national/check-characters';
import { beijingCompact, parseBeijing } from '../../common/time';
import { breakCheckDigit } from './identifiers';
import { UNKNOWN_NODES } from './population';
import type { Rng } from '../common/random';
import { fieldOf, withField, type FieldValue, type RecordType, type SimRecord } from './types';

/**
 * The defects of the `dirty-*` samples, one per dirty record, each with the quarantine reason it
 * must produce: a mapping reason (§5.8) or the national error code (national §3.3).
 */

type Fields = Array<[string, FieldValue]>;

interface Defect {
  reason: string;
  /** Changes the node code, so the record's source key differs from its clean twin. */
  keyChanged?: boolean;
  applies?(f: Fields): boolean;
  apply(f: Fields, rng: Rng): Fields;
}

const get = (f: Fields, name: string) => fieldOf({ fields: f } as SimRecord, name);

/** A credit code or resident ID with a wrong check character (E4004). */
function breakIdCheck(id: string): string {
  const body = id.slice(0, 17);
  if (/^\d{17}$/.test(body) && id.length === 18 && /^\d{17}[\dX]$/.test(id)) {
    const right = residentIdCheckChar(body);
    return body + (right === '1' ? '2' : '1');
  }
  const right = creditCodeCheckChar(body);
  return body + (right === 'A' ? 'B' : 'A');
}

const DEFECTS: Readonly<Record<RecordType, readonly Defect[]>> = {
  TZ: [
    { reason: 'UNKNOWN_NODE', keyChanged: true, apply: (f) => withField(f, 'NodeCode', UNKNOWN_NODES.slaughterhouse) },
    { reason: 'UNKNOWN_CODE', apply: (f, r) => withField(f, 'AnimalType', r.pick(['5', '9'])) },
    { reason: 'UNPARSEABLE_VALUE', apply: (f) => withField(f, 'CarcassWeight', `约${get(f, 'CarcassWeight') as string}`) },
    { reason: 'E4001', apply: (f, r) => withField(f, 'QuarantineNo', `dq-6201-${r.digits(4)}`) },
    { reason: 'E4001', apply: (f) => withField(f, 'HeadCount', '0') },
    { reason: 'E4004', apply: (f) => withField(f, 'TraceCode', breakCheckDigit(get(f, 'TraceCode') as string)) },
  ],
  JC: [
    { reason: 'UNKNOWN_NODE', keyChanged: true, apply: (f) => withField(f, 'NodeCode', UNKNOWN_NODES.market) },
    { reason: 'UNKNOWN_CODE', apply: (f) => withField(f, 'GoodsCode', '1990101') },
    { reason: 'E4002', applies: (f) => Boolean(get(f, 'QuarantineNo')), apply: (f) => withField(f, 'QuarantineNo', '') },
    { reason: 'UNPARSEABLE_VALUE', apply: (f) => withField(f, 'Weight', `${get(f, 'Weight') as string}公斤`) },
    { reason: 'E4004', apply: (f) => withField(f, 'SellerNodeOrId', breakIdCheck(get(f, 'SellerNodeOrId') as string)) },
  ],
  JY: [
    { reason: 'E4005', apply: (f) => withField(f, 'Amount', (Number(get(f, 'Amount')) + 5).toFixed(2)) },
    { reason: 'UNKNOWN_NODE', apply: (f) => withField(withField(f, 'BuyerId', UNKNOWN_NODES.buyer), 'BuyerName', '未登记超市') },
    {
      reason: 'UNPARSEABLE_VALUE',
      apply: (f) => {
        const t = get(f, 'TradeTime') as string;
        return withField(f, 'TradeTime', `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)} ${t.slice(8, 10)}:${t.slice(10, 12)}`);
      },
    },
    { reason: 'E4004', apply: (f) => withField(f, 'ParentTraceCode', breakCheckDigit(get(f, 'ParentTraceCode') as string)) },
  ],
  PS: [
    { reason: 'E4001', apply: (f, r) => withField(f, 'PlateNo', `甘A${r.digits(4)}挂`) },
    {
      reason: 'E4005',
      applies: (f) => Boolean(get(f, 'ArriveTime')),
      apply: (f, r) => withField(f, 'ArriveTime', beijingCompact(parseBeijing(get(f, 'DepartTime') as string)! - r.int(10, 50) * 60_000)),
    },
    {
      reason: 'E4005',
      applies: (f) => Boolean(get(f, 'TempMin')) && Number(get(f, 'TempMax')) > Number(get(f, 'TempMin')),
      apply: (f) => withField(withField(f, 'TempMin', get(f, 'TempMax')), 'TempMax', get(f, 'TempMin')),
    },
    { reason: 'UNKNOWN_NODE', apply: (f) => withField(f, 'ToCode', UNKNOWN_NODES.buyer) },
    { reason: 'UNKNOWN_NODE', keyChanged: true, apply: (f) => withField(f, 'CarrierNodeCode', UNKNOWN_NODES.carrier) },
  ],
};

export function applyDefect(stream: RecordType, fields: Fields, rng: Rng): { fields: Fields; reason: string; keyChanged: boolean } {
  const candidates = DEFECTS[stream].filter((d) => !d.applies || d.applies(fields));
  const d = rng.pick(candidates);
  return { fields: d.apply(fields, rng), reason: d.reason, keyChanged: Boolean(d.keyChanged) };
}
