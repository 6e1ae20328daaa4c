import type { Payload } from './feed';
import { creditCode, residentId, withWrongCheck } from './identifiers';
import type { Rng } from '../common/random';
import type { ProvincialStream } from './types';

/**
 * The defects of the dirty-* samples, each with the reason the gateway must quarantine it for (a mapping
 * reason or a national error code). `permanent` defects touch identity (identifiers, region, trace code,
 * producer) and are never corrected at source; the others are, in a later revision.
 */
export interface Defect {
  kind: string;
  reason: string;
  permanent: boolean;
  /** False when the defect would also break batches and certificates naming this enterprise. */
  producerSafe?: boolean;
  /** Whether the defect can be applied to this record. */
  applies?(p: Payload): boolean;
  apply(p: Payload, rng: Rng): Payload;
  /** The corrected revision, when it differs from the clean original (identifiers never change). */
  correct?(dirty: Payload, clean: Payload): Payload;
}

const CHECK_DIGITS = '0123456789';
const RESIDENT_CHECK = '0123456789X';
const items = (p: Payload) => (p.jcxm as Array<Record<string, string>>).map((item) => ({ ...item }));
const limitedItem = (p: Payload) => (p.jcxm as Array<Record<string, string>>).findIndex((item) => Number(item.xdz) > 0);

export const DEFECTS: Readonly<Record<ProvincialStream, readonly Defect[]>> = {
  enterprises: [
    {
      kind: 'badCheckCharacter',
      reason: 'E4004',
      permanent: true,
      producerSafe: false,
      apply: (p) =>
        typeof p.tyshxydm === 'string' && p.tyshxydm !== ''
          ? { ...p, tyshxydm: withWrongCheck(p.tyshxydm) }
          : { ...p, sfzh: withWrongCheck(String(p.sfzh), RESIDENT_CHECK) },
    },
    {
      kind: 'residentIdFamilyFarm',
      reason: 'E4005',
      permanent: false,
      apply: (p, rng) => ({ ...p, tyshxydm: null, sfzh: residentId(rng, String(p.xzqhdm).slice(0, 6)), ztlx: '家庭农场' }),
      correct: (dirty) => ({ ...dirty, ztlx: '种植养殖户' }),
    },
    { kind: 'unknownSubjectType', reason: 'UNKNOWN_CODE', permanent: false, apply: (p) => ({ ...p, ztlx: '其他' }) },
    { kind: 'noIdentifier', reason: 'E4002', permanent: true, producerSafe: false, apply: (p) => ({ ...p, tyshxydm: '', sfzh: null }) },
    {
      kind: 'outsideRegion',
      reason: 'E2005',
      permanent: true,
      producerSafe: false,
      apply: (p, rng) => ({
        ...p,
        qymc: '西安秦川果蔬贸易有限公司',
        tyshxydm: creditCode(rng, '1', '610104'),
        sfzh: null,
        ztlx: '企业',
        xzqhdm: '610104',
        dz: '陕西省西安市莲湖区',
      }),
    },
    {
      kind: 'badRegistrationDate',
      reason: 'UNPARSEABLE_VALUE',
      permanent: false,
      apply: (p) => ({ ...p, zcrq: `${String(p.zcrq).slice(0, 4)}年3月` }),
    },
  ],
  batches: [
    { kind: 'badQuantity', reason: 'UNPARSEABLE_VALUE', permanent: false, apply: (p) => ({ ...p, sl: `约${String(p.sl).trim()}` }) },
    {
      kind: 'unknownCategory',
      reason: 'UNKNOWN_CODE',
      permanent: false,
      apply: (p) => ({ ...p, cplb: `${String(p.cplb).slice(0, 4)}0099` }),
    },
    { kind: 'unknownUnit', reason: 'UNKNOWN_CODE', permanent: false, apply: (p) => ({ ...p, dw: '担' }) },
    { kind: 'badTraceCheck', reason: 'E4004', permanent: true, apply: (p) => ({ ...p, zsm: withWrongCheck(String(p.zsm), CHECK_DIGITS) }) },
    {
      kind: 'unknownProducer',
      reason: 'UNRESOLVED_REFERENCE',
      permanent: true,
      apply: (p, rng) => ({ ...p, qyid: `1899${rng.digits(15)}` }),
    },
  ],
  inspections: [
    {
      kind: 'resultContradictsLimit',
      reason: 'E4005',
      permanent: false,
      applies: (p) => limitedItem(p) >= 0,
      apply: (p) => {
        const list = items(p);
        const item = list[limitedItem(p)]!;
        list.forEach((other) => (other.jl = '合格'));
        item.jcz = (Number(item.xdz) * 1.75).toFixed(3);
        return { ...p, jcxm: list, jcjl: '合格' };
      },
    },
    {
      kind: 'conclusionContradictsItems',
      reason: 'E4005',
      permanent: false,
      applies: (p) => limitedItem(p) >= 0,
      apply: (p) => {
        const list = items(p);
        const item = list[limitedItem(p)]!;
        item.jcz = (Number(item.xdz) * 1.3).toFixed(3);
        item.jl = '不合格';
        return { ...p, jcxm: list, jcjl: '合格' };
      },
    },
    {
      kind: 'unknownTestItem',
      reason: 'UNKNOWN_CODE',
      permanent: false,
      apply: (p) => ({ ...p, jcxm: items(p).map((it, i) => (i === 0 ? { ...it, xmmc: '苏丹红' } : it)) }),
    },
    {
      kind: 'qualitativeValue',
      reason: 'UNPARSEABLE_VALUE',
      permanent: false,
      apply: (p) => ({ ...p, jcxm: items(p).map((it, i) => (i === 0 ? { ...it, jcz: '阳性' } : it)) }),
    },
    {
      kind: 'badTestTime',
      reason: 'UNPARSEABLE_VALUE',
      permanent: false,
      apply: (p) => ({ ...p, jcsj: String(p.jcsj).slice(0, 16).replace(/-/g, '/') }),
    },
    { kind: 'unknownMethod', reason: 'UNKNOWN_CODE', permanent: false, apply: (p) => ({ ...p, jcff: '抽检' }) },
  ],
  certificates: [
    {
      kind: 'unknownCommitment',
      reason: 'UNKNOWN_CODE',
      permanent: false,
      apply: (p) => ({ ...p, cnnr: `${String(p.cnnr)}、保证产品新鲜` }),
    },
    { kind: 'unknownBasis', reason: 'UNKNOWN_CODE', permanent: false, apply: (p) => ({ ...p, kjyj: '其他' }) },
    { kind: 'zeroQuantity', reason: 'E4001', permanent: false, apply: (p) => ({ ...p, sl: '0' }) },
    { kind: 'shortTraceCode', reason: 'E4001', permanent: true, apply: (p) => ({ ...p, zsm: String(p.zsm).slice(0, 19) }) },
  ],
};

/** A defect for a record of the stream, among those that apply to it. */
export function pickDefect(rng: Rng, stream: ProvincialStream, clean: Payload): Defect {
  return rng.pick(DEFECTS[stream].filter((d) => !d.applies || d.applies(clean)));
}

/** Whether batches and certificates naming an enterprise with this defect can still be valid. */
export function isProducerSafe(kind: string): boolean {
  return DEFECTS.enterprises.find((d) => d.kind === kind)?.producerSafe !== false;
}
