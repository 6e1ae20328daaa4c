import { Outcome } from '../common/outcome';
import type { MapResult, Mapping, MappingContext } from '../types';
import { KIND, ownNode, recordIdOf, region, str, time, decimal, type MvtsPayload } from './common';

const ANIMAL_TYPES: Readonly<Record<string, string>> = { '1': 'PIG', '2': 'CATTLE', '3': 'SHEEP', '4': 'POULTRY' };
const DIGITS = /^\d+$/;

/** `HeadCount`: digits after trimming (§7.9), else UNPARSEABLE_VALUE; 0 is sent and refused nationally. */
function headCount(src: MvtsPayload, out: Outcome): number | undefined {
  const raw = str(src, 'HeadCount');
  if (raw === undefined) return undefined;
  const n = DIGITS.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) return out.error('UNPARSEABLE_VALUE', 'HeadCount', `HeadCount "${raw}" is not a whole number`, raw);
  return n;
}

/** `AnimalType` 1–4 (§4.8); any other code → UNKNOWN_CODE. */
function animalType(src: MvtsPayload, out: Outcome): string | undefined {
  const raw = str(src, 'AnimalType');
  if (raw === undefined) return undefined;
  const t = ANIMAL_TYPES[raw];
  if (t === undefined)
    return out.error('UNKNOWN_CODE', 'AnimalType', `AnimalType "${raw}" is not 1 (pig), 2 (cattle), 3 (sheep) or 4 (poultry)`, raw);
  return t;
}

/** mvts `TZ` → national `slaughter` (source-subsystems §4.8). */
export const tzToSlaughter: Mapping<MvtsPayload> = {
  from: { kind: KIND, stream: 'TZ' },
  to: 'slaughter',
  tables: ['mvts-nodes'],
  map(src: MvtsPayload, ctx: MappingContext): MapResult {
    const out = new Outcome();
    const node = ownNode(ctx, src, 'NodeCode', out);
    const recordId = recordIdOf(ctx, 'TZ', src, 'NodeCode', 'SlaughterNo', out);
    return out.finish({
      recordId,
      regionCode: node?.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      traceCode: str(src, 'TraceCode'),
      slaughterhouseCode: node?.creditCode,
      animalType: animalType(src, out),
      headCount: headCount(src, out),
      carcassWeightKg: decimal(src, 'CarcassWeight', 3, out),
      quarantineCertNo: str(src, 'QuarantineNo'),
      originRegionCode: region(src, 'OriginCode', out),
      slaughteredAt: time(src, 'SlaughterTime', out),
    });
  },
};
