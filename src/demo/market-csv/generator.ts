import { GOODS, HOME_REGIONS, ORIGINS, SUPPLIER_REGIONS, type Goods } from './catalogue';
import { creditCode, residentId, traceCode, withWrongCheck } from './identifiers';
import type { Rng } from '../common/random';
import type { Expected, MarketStreamName } from './types';
import {
  dashed,
  Decimal,
  decimalBetween,
  personName,
  phoneText,
  registrationDate,
  roundHalfUp,
  shopName,
  stall,
  tabbed,
  yymmdd,
  yyyymmdd,
} from './values';

/** A row as the market writes it (values as exported, TABs included) with the outcome it must have. */
export interface RowDraft {
  stream: MarketStreamName;
  key: string;
  values: Record<string, string>;
  expected: Expected;
}

const MARKET_REGION = '620102';
const VALID: Expected = 'valid';

type VendorDefect = 'regNo15' | 'residentCheck' | 'passport' | 'badPhone';
type EntryDefect = 'meatNoQuarantine' | 'badTime' | 'badSupplier' | 'noTraceCode';
type SaleDefect = 'amountOverride' | 'unknownGoods' | 'badQuantity' | 'unknownVendor' | 'traceCheck' | 'unknownUnit';

/** Each defect of the `dirty-*` samples with the reason the gateway must quarantine it with. */
const VENDOR_DEFECTS: Record<VendorDefect, Expected> = {
  regNo15: { reason: 'E4001' },
  residentCheck: { reason: 'E4004' },
  passport: { reason: 'UNKNOWN_CODE' },
  badPhone: VALID,
};
const ENTRY_DEFECTS: Record<EntryDefect, Expected> = {
  meatNoQuarantine: { reason: 'E4002' },
  badTime: { reason: 'UNPARSEABLE_VALUE' },
  badSupplier: VALID,
  noTraceCode: { reason: 'E4002' },
};
const SALE_DEFECTS: Record<SaleDefect, Expected> = {
  amountOverride: { reason: 'E4005' },
  unknownGoods: { reason: 'UNKNOWN_CODE' },
  badQuantity: { reason: 'UNPARSEABLE_VALUE' },
  unknownVendor: { reason: 'UNRESOLVED_REFERENCE' },
  traceCheck: { reason: 'E4004' },
  unknownUnit: { reason: 'UNKNOWN_CODE' },
};
/** Defects a later correction row (更正标志 1) repairs. */
const FIXABLE = new Set<string>(['meatNoQuarantine', 'badTime', 'amountOverride', 'badQuantity']);

interface Vendor {
  key: string;
  stall: string;
  values: Record<string, string>;
}
interface Entry {
  key: string;
  vendor: string;
  stall: string;
  goods: Goods;
  traceCode: string;
}
/** An entry or sale as it would read without its defect, for corrections. */
interface Revisable {
  stream: 'entries' | 'sales';
  clean: Record<string, string>;
  defect?: string;
  entry: Entry;
}

/**
 * Generates a coherent market: entries and sales reference registered, valid vendors; sales sell
 * from valid entries (their 来源追溯码); vendors are revised and stalls re-registered; entries and
 * sales are corrected (mostly with 更正标志 1, some without). A share of records carries a defect.
 */
export class MarketGenerator {
  private vendorSerial = 200;
  private entrySerial = 1;
  private saleSerial = 1;
  private traceSerial = 1;
  private readonly activeVendors: Vendor[] = [];
  private readonly validEntries: Entry[] = [];
  private readonly revisable = new Map<string, Revisable>();
  private readonly revisableKeys: string[] = [];

  constructor(
    private readonly rng: Rng,
    public dirtyShare: number,
  ) {}

  private dirty(): boolean {
    return this.rng.chance(this.dirtyShare);
  }

  vendor(stallNo?: string, clean = false): RowDraft {
    const rng = this.rng;
    const key = `SH${String(this.vendorSerial++).padStart(6, '0')}`;
    const region = rng.pick(HOME_REGIONS);
    const person = rng.chance(0.6);
    let idType = person ? '身份证' : rng.pick(['营业执照', '统一社会信用代码']);
    let idNo = person ? residentId(rng, region) : creditCode(rng, '92', region);
    if (idNo.endsWith('X') && rng.chance(0.5)) idNo = `${idNo.slice(0, -1)}x`;
    let phone = phoneText(rng);
    const defect = !clean && this.dirty() ? rng.pick(Object.keys(VENDOR_DEFECTS) as VendorDefect[]) : undefined;
    if (defect === 'regNo15') [idType, idNo] = ['营业执照', `${region}${rng.digits(9)}`];
    if (defect === 'residentCheck') [idType, idNo] = ['身份证', withWrongCheck(residentId(rng, region), '0123456789X')];
    if (defect === 'passport') [idType, idNo] = ['护照', `E${rng.digits(8)}`];
    if (defect === 'badPhone') phone = `0931-${rng.digits(5)}`;
    const values = {
      经营户编号: key,
      摊位号: stallNo ?? stall(rng),
      经营者名称: person ? personName(rng) : shopName(rng),
      证件类型: idType,
      证件号码: idType === '护照' ? idNo : tabbed(rng, idNo),
      联系电话: phone,
      登记日期: registrationDate(rng),
    };
    const expected = defect ? VENDOR_DEFECTS[defect] : VALID;
    if (expected === VALID) this.activeVendors.push({ key, stall: values.摊位号, values });
    return { stream: 'vendors', key, values, expected };
  }

  /** A new registration of an existing stall (a new holder): a new 经营户编号 (§3.6). */
  reRegistration(): RowDraft {
    if (this.activeVendors.length < 2) return this.vendor();
    const i = this.rng.int(0, this.activeVendors.length - 1);
    const [old] = this.activeVendors.splice(i, 1);
    return this.vendor(old!.stall, true);
  }

  /** A changed registration (phone) of a valid vendor: a new row with the same key (§3.9). */
  vendorRevision(): RowDraft | undefined {
    if (this.activeVendors.length === 0) return undefined;
    const vendor = this.rng.pick(this.activeVendors);
    vendor.values = { ...vendor.values, 联系电话: phoneText(this.rng) || `13${this.rng.digits(9)}` };
    return { stream: 'vendors', key: vendor.key, values: vendor.values, expected: VALID };
  }

  entry(at: number): RowDraft | undefined {
    const rng = this.rng;
    if (this.activeVendors.length === 0) return undefined;
    const vendor = rng.pick(this.activeVendors);
    const defect = this.dirty() ? rng.pick(Object.keys(ENTRY_DEFECTS) as EntryDefect[]) : undefined;
    const goods = defect === 'meatNoQuarantine' ? rng.pick(GOODS.filter((g) => g.meat)) : rng.pick(GOODS);
    const unit = rng.pick(goods.entryUnits);
    const quantity =
      unit === '公斤' ? decimalBetween(rng, 20, 400, rng.pick([0, 1])) : unit === '斤' ? String(rng.int(40, 800)) : String(rng.int(5, 80));
    const origin = rng.pick(ORIGINS);
    const assigned = rng.chance(0.2);
    const trace = assigned
      ? traceCode(MARKET_REGION, '05', yymmdd(at), this.traceSerial++)
      : traceCode(origin.region, goods.link, yymmdd(at, -1), this.traceSerial++);
    const supplier = rng.weighted<() => string>([
      [() => creditCode(rng, '91', rng.pick(SUPPLIER_REGIONS)), 60],
      [() => residentId(rng, rng.pick(SUPPLIER_REGIONS)), 25],
      [() => '', 15],
    ])();
    const key = `JC${yyyymmdd(at)}${String(this.entrySerial++).padStart(6, '0')}`;
    const values: Record<string, string> = {
      进场单号: key,
      摊位号: vendor.stall,
      经营户编号: vendor.key,
      供货商证件号: tabbed(rng, supplier),
      商品编码: goods.code,
      商品名称: goods.name,
      数量: quantity,
      单位: unit,
      产地: rng.chance(0.15) ? `${origin.place}\n${rng.pick(['东村', '河湾村', '新庄'])}` : origin.place,
      进场时间: dashed(at),
      合格证号: !goods.meat && rng.chance(0.5) ? `HG${origin.region}${yymmdd(at, -1)}${rng.digits(6)}` : '',
      检疫证号: goods.meat ? `${origin.region}${rng.digits(6)}` : '',
      来源追溯码: tabbed(rng, trace),
      更正标志: '0',
    };
    const clean = { ...values };
    if (defect === 'meatNoQuarantine') values.检疫证号 = '';
    if (defect === 'badTime') values.进场时间 = slashedTime(values.进场时间!);
    if (defect === 'badSupplier') values.供货商证件号 = tabbed(rng, residentId(rng, '620102').slice(0, 14));
    if (defect === 'noTraceCode') values.来源追溯码 = '';
    const entry: Entry = { key, vendor: vendor.key, stall: vendor.stall, goods, traceCode: trace };
    const expected = defect ? ENTRY_DEFECTS[defect] : VALID;
    if (expected === VALID) this.validEntries.push(entry);
    this.remember(key, { stream: 'entries', clean, defect, entry });
    return { stream: 'entries', key, values, expected };
  }

  sale(at: number): RowDraft | undefined {
    const rng = this.rng;
    if (this.validEntries.length === 0) return undefined;
    const entry = rng.pick(this.validEntries);
    const defect = this.dirty() ? rng.pick(Object.keys(SALE_DEFECTS) as SaleDefect[]) : undefined;
    const priced = this.price(entry.goods, defect === undefined);
    const serial = this.saleSerial++;
    const key = `XS${yymmdd(at)}03${String(1 + (Math.floor(serial / 10000) % 99)).padStart(2, '0')}${String(serial % 10000).padStart(4, '0')}`;
    const buyer = rng.chance(0.1) ? (rng.chance(0.7) ? creditCode(rng, '92', MARKET_REGION) : residentId(rng, rng.pick(HOME_REGIONS))) : '';
    const trace = traceCode(MARKET_REGION, '05', yymmdd(at), this.traceSerial++);
    const values: Record<string, string> = {
      票号: key,
      摊位号: entry.stall,
      经营户编号: entry.vendor,
      买方证件号: tabbed(rng, buyer),
      商品编码: entry.goods.code,
      商品名称: entry.goods.name,
      数量: priced.quantity,
      单位: priced.unit,
      单价: priced.price,
      金额: priced.amount,
      交易时间: dashed(at),
      追溯码: tabbed(rng, trace),
      来源追溯码: tabbed(rng, entry.traceCode),
      更正标志: '0',
    };
    const clean = { ...values };
    if (defect === 'amountOverride') values.金额 = new Decimal(priced.amount).plus(new Decimal(priced.amount).gt(3) ? -2 : 1).toFixed(2);
    if (defect === 'unknownGoods') values.商品编码 = '99999';
    if (defect === 'badQuantity') values.数量 = `${priced.quantity.replace('.', '')}.2.5`;
    if (defect === 'unknownVendor') values.经营户编号 = 'SH999999';
    if (defect === 'traceCheck') values.追溯码 = tabbed(rng, withWrongCheck(trace));
    if (defect === 'unknownUnit') values.单位 = '份';
    this.remember(key, { stream: 'sales', clean, defect, entry });
    return { stream: 'sales', key, values, expected: defect ? SALE_DEFECTS[defect] : VALID };
  }

  /**
   * 数量, 单位, 单价 and 金额 as the scale prints them: amount = round_half_up(quantity × price, 2).
   * `两` is used only when the converted row keeps the national amount rule, possibly with a
   * derived price (§3.8), so a clean sale is always deliverable.
   */
  private price(goods: Goods, allowLiang: boolean): { quantity: string; unit: string; price: string; amount: string } {
    const rng = this.rng;
    const perJin = new Decimal(goods.pricePerJin);
    const unit = rng.weighted([
      ['斤', 60],
      ['公斤', 35],
      ['两', allowLiang ? 5 : 0],
    ] as const);
    const quantity =
      unit === '两' ? decimalBetween(rng, 1, 9, 2) : unit === '斤' ? decimalBetween(rng, 0.5, 20, 2) : decimalBetween(rng, 0.3, 10, 2);
    const price = unit === '公斤' ? perJin.times(2) : unit === '两' ? roundHalfUp(perJin.dividedBy(10), 2) : perJin;
    const amount = roundHalfUp(new Decimal(quantity).times(price), 2);
    if (unit === '两' && !liangDeliverable(new Decimal(quantity), price, amount)) return this.price(goods, false);
    return { quantity, unit, price: price.toFixed(2), amount: amount.toFixed(2) };
  }

  /**
   * A correction of an entry or a sale: the whole row again with a changed quantity and 更正标志
   * `flag` (§3.9). A repairable defect is repaired by it; other dirty records are not corrected.
   */
  correction(flag: '0' | '1'): RowDraft | undefined {
    if (this.revisableKeys.length === 0) return undefined;
    const key = this.rng.pick(this.revisableKeys);
    const rec = this.revisable.get(key)!;
    if (rec.defect && !FIXABLE.has(rec.defect)) return undefined;
    const values: Record<string, string> = { ...rec.clean, 更正标志: flag };
    if (rec.stream === 'entries') {
      values.数量 = String(Number(rec.clean.数量!.split('.')[0]) + this.rng.int(1, 9));
      if (rec.defect) this.validEntries.push(rec.entry);
    } else if (values.单位 !== '两') {
      const quantity = new Decimal(rec.clean.数量!).plus(decimalBetween(this.rng, 0.1, 0.9, 2));
      values.数量 = quantity.toFixed(2);
      values.金额 = roundHalfUp(quantity.times(values.单价!), 2).toFixed(2);
    }
    this.revisable.set(key, { ...rec, clean: values, defect: undefined });
    return { stream: rec.stream, key, values, expected: VALID };
  }

  private remember(key: string, rec: Revisable): void {
    if (!this.revisable.has(key)) this.revisableKeys.push(key);
    this.revisable.set(key, rec);
  }
}

const CENT = new Decimal('0.01');

/** `2024-06-12 07:05:00` as typed into an older form: `2024/6/12 7:05` (not the documented format). */
function slashedTime(time: string): string {
  const [date, clock] = time.split(' ') as [string, string];
  const [y, m, d] = date.split('-');
  const [h, mi] = clock.split(':');
  return `${y}/${Number(m)}/${Number(d)} ${Number(h)}:${mi}`;
}

function holds(q: Decimal, p: Decimal, a: Decimal): boolean {
  return a
    .minus(roundHalfUp(q.times(p), 2))
    .abs()
    .lte(CENT);
}

/** Whether a sale in `两` maps to a record that keeps amount = quantity × unitPrice (§3.8). */
function liangDeliverable(quantity: Decimal, price: Decimal, amount: Decimal): boolean {
  const q = roundHalfUp(quantity.times('0.05'), 3);
  if (q.isZero()) return false;
  const p = roundHalfUp(price.dividedBy('0.05'), 2);
  return holds(q, p, amount) || holds(q, roundHalfUp(amount.dividedBy(q), 2), amount);
}
