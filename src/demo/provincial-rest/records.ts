import { beijingDashed } from '../../common/time';
import type { Payload } from './feed';
import { creditCode, phone, residentId, traceCode } from './identifiers';
import type { Rng } from '../common/random';
import {
  AQUATIC_DRUGS,
  BASE_WORDS,
  BETA_AGONISTS,
  BRAND_WORDS,
  COMMITMENT_SEPARATORS,
  COMMITMENT_TEXTS,
  COUNTIES,
  EGG_DRUGS,
  GIVEN_NAMES,
  LAB_PESTICIDES,
  RAPID_PESTICIDE,
  SURNAMES,
  TICK_MARKS,
  TOWNS,
  VILLAGES,
  type County,
  type ItemTemplate,
  type Product,
} from './reference-data';

const DAY_MS = 86_400_000;

export const beijingDate = (ms: number) => beijingDashed(ms).slice(0, 10);
const yymmdd = (date: string) => date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
const person = (rng: Rng) => rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
/** Optional values are written as null, "" or omitted-looking whitespace, as the platform does (§2.2). */
const absent = (rng: Rng) => rng.pick([null, '', null]);

export type SubjectKind = 'enterprise' | 'cooperative' | 'familyFarm' | 'farmer';

export interface EnterpriseDraft {
  payload: Payload;
  county: County;
  kind: SubjectKind;
}

export function enterpriseDraft(rng: Rng, id: string, t: number): EnterpriseDraft {
  const county = rng.pick(COUNTIES);
  const r = rng.next();
  const kind: SubjectKind = r < 0.35 ? 'enterprise' : r < 0.6 ? 'cooperative' : r < 0.75 ? 'familyFarm' : 'farmer';
  const town = rng.pick(TOWNS);
  const head = person(rng);
  const brand = rng.pick(BRAND_WORDS);
  const place = county.city.replace(/市$|回族自治州$|藏族自治州$/, '');
  const names: Record<SubjectKind, string> = {
    enterprise: `${place}${county.name}${brand}农业发展有限公司`,
    cooperative: `${county.name}${town}${brand}种植农民专业合作社`,
    familyFarm: `${county.name}${town}${head.slice(0, 1)}家庭农场`,
    farmer: head,
  };
  const labels: Record<SubjectKind, readonly string[]> = {
    enterprise: ['企业', '企业', '生产企业'],
    cooperative: ['合作社', '农民专业合作社'],
    familyFarm: ['家庭农场'],
    farmer: ['种植养殖户', '种植养殖户', '养殖户', '种植户'],
  };
  const entityType = kind === 'enterprise' ? '1' : kind === 'cooperative' ? '3' : '2';
  const xzqhdm = rng.chance(0.8) ? county.code : county.code + rng.digits(rng.chance(0.5) ? 3 : 6);
  const registered = beijingDate(t - rng.int(60, 3000) * DAY_MS);
  const lxdh = rng.chance(0.05) ? `${county.areaCode}-5261` : rng.chance(0.05) ? '' : phone(rng, county.areaCode);
  const payload: Payload = {
    qyid: id,
    qymc: names[kind],
    tyshxydm: kind === 'farmer' ? absent(rng) : creditCode(rng, entityType, county.code),
    sfzh: kind === 'farmer' ? residentId(rng, county.code) : absent(rng),
    ztlx: rng.pick(labels[kind]),
    xzqhdm,
    dz: `甘肃省${county.city}${county.name}${town}${rng.pick(VILLAGES)}`,
    fddbr: head,
    lxdh,
    zcrq: rng.chance(0.2) ? `${registered} 00:00:00` : registered,
    gxsj: beijingDashed(t),
    sfsc: '0',
  };
  return { payload, county, kind };
}

/** A quantity as typed: sometimes with spaces in it (`" 8 500 "`, §2.8). */
function typedQuantity(rng: Rng, value: string): string {
  if (!rng.chance(0.1) || value.length < 4) return value;
  const cut = value.length - 3;
  return ` ${value.slice(0, cut)} ${value.slice(cut)} `;
}

export interface BatchDraft {
  payload: Payload;
  region: string;
  date: string;
}

export function batchDraft(rng: Rng, id: string, t: number, producer: Payload, product: Product, serial: number): BatchDraft {
  const region = String(producer.xzqhdm).slice(0, 6);
  const date = beijingDate(t - rng.int(0, 2) * DAY_MS);
  const unit = rng.pick(product.units);
  const quantity = rng.decimal(unit.min, unit.max, unit.places);
  const payload: Payload = {
    pcid: id,
    zsm: traceCode(region, product.link, yymmdd(date), serial),
    qyid: String(producer.qyid),
    cpmc: product.name,
    cplb: product.cplb,
    sl: typedQuantity(rng, quantity),
    dw: unit.dw,
    scrq: rng.chance(0.15) ? `${date} 00:00:00` : date,
    cdxzqh: rng.chance(0.75) ? region : region + rng.digits(6),
    jdmc: rng.chance(0.7) ? `${rng.pick(TOWNS)}${rng.pick(BASE_WORDS)}` : absent(rng),
    gxsj: beijingDashed(t),
    sfsc: '0',
  };
  return { payload, region, date };
}

function templatesFor(rng: Rng, product: Product): { lab: boolean; templates: readonly ItemTemplate[] } {
  switch (product.panel) {
    case 'livestock':
      return { lab: false, templates: BETA_AGONISTS };
    case 'aquatic':
      return { lab: true, templates: AQUATIC_DRUGS };
    case 'egg':
      return { lab: true, templates: EGG_DRUGS };
    default:
      return rng.chance(0.6)
        ? { lab: false, templates: [RAPID_PESTICIDE] }
        : { lab: true, templates: rng.shuffle(LAB_PESTICIDES).slice(0, rng.int(2, 4)) };
  }
}

function passingValue(rng: Rng, tpl: ItemTemplate): string {
  if (tpl.max === 0 || rng.chance(0.35)) return rng.pick(['未检出', '未检出', 'ND', '<0.005']);
  return rng.decimal(tpl.max / 20, tpl.max, tpl.places);
}

export interface InspectionDraft {
  payload: Payload;
  lab: boolean;
}

/** A passing inspection of a batch; with `fail`, one item with a numeric limit exceeds it and both results say 不合格. */
export function inspectionDraft(
  rng: Rng,
  id: string,
  t: number,
  batch: Payload,
  product: Product,
  county: County,
  fail: boolean,
): InspectionDraft {
  const { lab, templates } = templatesFor(rng, product);
  const items = templates.map((tpl) => ({
    xmmc: rng.pick(tpl.names),
    jcz: passingValue(rng, tpl),
    xdz: rng.pick(tpl.limit),
    dw: rng.pick(tpl.dw),
    jl: '合格',
  }));
  let jcjl = '合格';
  const limited = items.filter((item) => Number(item.xdz) > 0);
  if (fail && limited.length > 0) {
    const item = rng.pick(limited);
    item.jcz = (Number(item.xdz) * (1.5 + rng.next())).toFixed(3);
    item.jl = '不合格';
    jcjl = '不合格';
  }
  const tested = t - rng.int(10, 360) * 60_000;
  const testedDate = beijingDate(tested);
  const agency = lab
    ? rng.pick(['兰州市农产品质量安全检测中心', `${county.city}农产品质量安全检验检测中心`])
    : product.panel === 'livestock'
      ? `${county.name}动物疫病预防控制中心`
      : `${county.name}农产品质量安全检测站`;
  const payload: Payload = {
    jcid: id,
    jcbh: lab ? `LZNJ-${testedDate.slice(0, 4)}-W-${rng.digits(5)}` : `KJ${county.code}${yymmdd(testedDate)}${rng.digits(4)}`,
    zsm: String(batch.zsm),
    jcff: lab ? rng.pick(['实验室', '实验室检测']) : rng.pick(['快检', '快速检测']),
    jcjg: agency,
    jcsj: beijingDashed(tested),
    jcxm: items,
    jcjl,
    gxsj: beijingDashed(t),
    sfsc: '0',
  };
  return { payload, lab };
}

/** The ticked commitments, in any order, joined by the separators found in practice, tick marks sometimes. */
export function commitmentText(rng: Rng): string {
  const count = rng.chance(0.75) ? 4 : rng.int(1, 3);
  const chosen = rng
    .shuffle(COMMITMENT_TEXTS)
    .slice(0, count)
    .map((variants) => rng.pick(variants));
  const ordered = rng.chance(0.7) ? chosen.sort((a, b) => order(a) - order(b)) : chosen;
  const tick = rng.pick(TICK_MARKS);
  const separator = rng.pick(COMMITMENT_SEPARATORS);
  return ordered.map((text) => tick + text).join(tick ? ' ' : separator);
}

function order(text: string): number {
  return COMMITMENT_TEXTS.findIndex((variants) => variants.includes(text));
}

export function certificateDraft(
  rng: Rng,
  id: string,
  t: number,
  batch: Payload,
  product: Product,
  inspection: InspectionDraft | undefined,
  serial: number,
): Payload {
  const date = beijingDate(t);
  const region = String(batch.zsm).slice(0, 6);
  const batchQuantity = String(batch.sl).replace(/\s+/g, '');
  const share = rng.chance(0.5) ? 1 : rng.int(2, 9) / 10;
  const places = batchQuantity.includes('.') ? batchQuantity.length - batchQuantity.indexOf('.') - 1 : 0;
  const quantity = share === 1 ? batchQuantity : Math.max(Number(batchQuantity) * share, 1).toFixed(places);
  let kjyj: string;
  let jcbh: string | null = null;
  if (inspection) {
    kjyj = inspection.lab ? rng.pick(['委托检测合格', '委托检测', '第三方检测合格']) : rng.pick(['自检合格', '自我检测合格', '自检']);
    jcbh = String(inspection.payload.jcbh);
  } else if (product.panel === 'livestock') {
    kjyj = rng.pick(['动物检疫合格', '检疫合格']);
  } else {
    kjyj = rng.pick(['内部质量控制合格', '自我承诺', '内部质控']);
  }
  return {
    hgzid: id,
    hgzbh: `HG${region}${yymmdd(date)}${String(serial % 1_000_000).padStart(6, '0')}`,
    zsm: String(batch.zsm),
    qyid: String(batch.qyid),
    cpmc: product.name,
    cplb: product.cplb,
    sl: quantity,
    dw: String(batch.dw),
    kjrq: rng.chance(0.15) ? `${date} 00:00:00` : date,
    cnnr: commitmentText(rng),
    kjyj,
    jcbh: jcbh ?? absent(rng),
    gxsj: beijingDashed(t),
    sfsc: '0',
  };
}
