import { beijingCompact, parseBeijing } from '../../common/time';
import { applyDefect } from './defects';
import { amountCents, animalsOf, fixed1, fixed2, MEAT, VEGETABLES } from './goods';
import { TraceCodeIssuer } from './identifiers';
import { COUNTIES, personName, type Person, type Population, type SimNode } from './population';
import { Rng } from '../common/random';
import { fieldOf, withField, type FieldValue, type RecordType, type SimRecord } from './types';

/**
 * Coherent records of the four types: a slaughter batch (TZ) enters wholesale markets under its
 * trace code (JC), is sold on trade tickets whose parent is the entry's code (JY), and deliveries
 * (PS) carry slaughter or ticket codes. Business times precede UploadTime, sometimes by days.
 */

type Fields = Array<[string, FieldValue]>;

interface TzRef {
  traceCode: string;
  node: SimNode;
  animal: string;
  carcassHundredths: number;
}
interface JcRef {
  traceCode: string;
  market: SimNode;
  seller: Person;
  goods: [string, string];
  meat: string | null;
  weight: number;
}
interface JyRef {
  traceCode: string;
  market: SimNode;
  buyerNode: SimNode | null;
  meat: boolean;
}

const POOL = 100;

function lastOf<T>(items: T[], n: number): T[] {
  return n > 0 ? items.slice(-n) : [];
}
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** A generated record plus its clean fields, kept so a re-upload can correct a dirty revision. */
export interface Generated extends SimRecord {
  clean: Fields;
  /** The defect cannot be corrected by a re-upload of the same key (it changed the node code). */
  keyDefect: boolean;
}

export class RecordGenerator {
  private readonly rng: Rng;
  private readonly codes = new TraceCodeIssuer();
  private readonly numbers = new Map<string, number>();
  private readonly tz: TzRef[] = [];
  private readonly jc: JcRef[] = [];
  private readonly jy: JyRef[] = [];

  constructor(
    private readonly pop: Population,
    seed: number,
    private readonly dirtyShare: number,
  ) {
    this.rng = new Rng(seed);
  }

  /** A new record uploaded at `uploadMs`; dirty with probability dirtyShare unless forced. */
  generate(stream: RecordType, uploadMs: number, dirty?: boolean): Generated {
    const business = uploadMs - this.uploadDelayMs();
    const fields = this.fieldsFor(stream, business);
    return this.finish(stream, fields, uploadMs, dirty ?? this.rng.chance(this.dirtyShare));
  }

  /** A re-upload (§4.12) of `rec` at `uploadMs` with a correction; a correctable defect is fixed. */
  revise(rec: Generated, uploadMs: number): Generated {
    const base = rec.keyDefect ? rec.fields : rec.clean;
    const corrected = this.correction(rec.stream, base);
    const keep = rec.keyDefect ? rec.expected : 'valid';
    return {
      ...rec,
      fields: corrected,
      clean: rec.keyDefect ? rec.clean : corrected,
      uploadMs,
      uploadTime: beijingCompact(uploadMs),
      revision: rec.revision + 1,
      expected: keep,
    };
  }

  /** The same record uploaded again unchanged (a re-upload during paging). */
  reupload(rec: Generated, uploadMs: number): Generated {
    return { ...rec, uploadMs, uploadTime: beijingCompact(uploadMs), revision: rec.revision + 1 };
  }

  private finish(stream: RecordType, clean: Fields, uploadMs: number, dirty: boolean): Generated {
    let fields = clean;
    let expected: SimRecord['expected'] = 'valid';
    let keyDefect = false;
    if (dirty) {
      const d = applyDefect(stream, clean, this.rng);
      fields = d.fields;
      expected = { reason: d.reason };
      keyDefect = d.keyChanged;
    }
    const nodeField = stream === 'PS' ? 'CarrierNodeCode' : 'NodeCode';
    const sourceKey = `${fieldOf({ fields } as SimRecord, nodeField) as string}-${fields[0]![1] as string}`;
    return { stream, sourceKey, fields, clean, keyDefect, uploadMs, uploadTime: beijingCompact(uploadMs), revision: 1, expected };
  }

  private uploadDelayMs(): number {
    const r = this.rng;
    return r.chance(0.08) ? r.int(6 * 60, 72 * 60) * 60_000 : r.int(3, 120) * 60_000 + r.int(0, 59) * 1000;
  }

  private number(prefix: string, region: string, at: string): string {
    const key = prefix + region + at.slice(2, 8);
    const n = (this.numbers.get(key) ?? 0) + 1;
    this.numbers.set(key, n);
    return key + String(n).padStart(4, '0');
  }

  private fieldsFor(stream: RecordType, business: number): Fields {
    switch (stream) {
      case 'TZ':
        return this.slaughter(business);
      case 'JC':
        return this.entry(business);
      case 'JY':
        return this.trade(business);
      case 'PS':
        return this.delivery(business);
    }
  }

  private remember<T>(pool: T[], item: T): void {
    pool.push(item);
    if (pool.length > POOL) pool.shift();
  }

  private slaughter(business: number): Fields {
    const r = this.rng;
    const node = r.pick(this.pop.slaughterhouses);
    const animal = r.pick(animalsOf(node.name));
    const kind = MEAT[animal]!;
    const at = beijingCompact(business);
    const heads = r.int(kind.heads[0], kind.heads[1]);
    const carcass = heads * r.int(kind.kgPerHead[0], kind.kgPerHead[1]);
    const [origin, originName] = r.pick(COUNTIES);
    const traceCode = this.codes.next(node.region, '03', at.slice(2, 8));
    this.remember(this.tz, { traceCode, node, animal, carcassHundredths: carcass });
    return [
      ['SlaughterNo', this.number('TZ', node.region, at)],
      ['TraceCode', traceCode],
      ['NodeCode', node.code],
      ['AnimalType', animal],
      ['OwnerName', personName(r)],
      ['HeadCount', String(heads)],
      ['CarcassWeight', fixed2(carcass)],
      ['QuarantineNo', `${origin}100${r.digits(3)}`],
      ['OriginCode', origin],
      ['OriginName', r.chance(0.8) ? originName : undefined],
      ['SlaughterTime', at],
    ];
  }

  private entry(business: number): Fields {
    const r = this.rng;
    const market = r.pick(this.pop.markets);
    const seller = r.pick(this.pop.wholesalers);
    const at = beijingCompact(business);
    const fromSlaughter = this.tz.length > 0 && r.chance(0.6) ? r.pick(this.tz) : null;
    let traceCode: string;
    let goods: [string, string];
    let weight: number;
    let supplier: string | undefined;
    if (fromSlaughter) {
      traceCode = fromSlaughter.traceCode;
      goods = MEAT[fromSlaughter.animal]!.carcass;
      weight = Math.max(100, Math.floor((fromSlaughter.carcassHundredths * r.int(30, 100)) / 100));
      supplier = r.chance(0.75) ? fromSlaughter.node.code : fromSlaughter.node.creditCode;
    } else {
      const [origin] = r.pick(COUNTIES);
      traceCode = this.codes.next(origin, '01', beijingCompact(business - 86_400_000).slice(2, 8));
      goods = r.pick(VEGETABLES);
      weight = r.int(500, 5000) * 100;
      supplier = r.chance(0.5) ? undefined : r.pick(this.pop.wholesalers).id;
    }
    const meat = fromSlaughter ? fromSlaughter.animal : null;
    this.remember(this.jc, { traceCode, market, seller, goods, meat, weight });
    return [
      ['EntryNo', this.number('JC', market.region, at)],
      ['NodeCode', market.code],
      ['SellerNodeOrId', seller.id],
      ['SellerName', seller.name],
      ['SupplierNodeOrId', supplier],
      ['GoodsCode', goods[0]],
      ['GoodsName', r.chance(0.7) ? goods[1] : undefined],
      ['Weight', fixed2(weight)],
      ['TraceCode', traceCode],
      ['QuarantineNo', meat ? `${fromSlaughter!.node.region}200${r.digits(3)}` : undefined],
      ['OriginCertNo', meat ? undefined : `HG${traceCode.slice(0, 6)}${at.slice(2, 8)}${r.digits(6)}`],
      ['EntryTime', at],
    ];
  }

  private trade(business: number): Fields {
    const r = this.rng;
    if (this.jc.length === 0) this.entry(business - 3_600_000);
    const from = r.pick(this.jc);
    const at = beijingCompact(business);
    const goods = from.meat && r.chance(0.7) ? MEAT[from.meat]!.cut : from.goods;
    const weight = r.int(500, Math.max(600, Math.min(from.weight, 30000)));
    const price = from.meat ? r.int(MEAT[from.meat]!.price[0], MEAT[from.meat]!.price[1]) : r.int(150, 800);
    const who = r.next();
    const buyerNode = who < 0.35 ? r.pick(this.pop.buyerNodes) : null;
    const buyer = buyerNode ? null : who < 0.75 ? r.pick(this.pop.buyers) : null;
    const traceCode = this.codes.next(from.market.region, '04', at.slice(2, 8));
    this.remember(this.jy, { traceCode, market: from.market, buyerNode, meat: from.meat !== null });
    return [
      ['TicketNo', this.number('JY', from.market.region, at)],
      ['NodeCode', from.market.code],
      ['SellerId', from.seller.id],
      ['SellerName', from.seller.name],
      ['BuyerId', buyerNode?.code ?? buyer?.id],
      ['BuyerName', buyerNode?.name ?? buyer?.name],
      ['GoodsCode', goods[0]],
      ['GoodsName', goods[1]],
      ['Weight', fixed2(weight)],
      ['Price', fixed2(price)],
      ['Amount', fixed2(amountCents(weight, price))],
      ['TraceCode', traceCode],
      ['ParentTraceCode', from.traceCode],
      ['TradeTime', at],
    ];
  }

  private delivery(business: number): Fields {
    const r = this.rng;
    const carrier = r.pick(this.pop.carriers);
    let from: string;
    let to: string;
    let codes: string[];
    let meat = true;
    if (this.jy.length > 0 && (this.tz.length === 0 || r.chance(0.6))) {
      const first = r.pick(this.jy);
      const same = this.jy.filter((t) => t.market === first.market && t.buyerNode === first.buyerNode);
      codes = [
        first.traceCode,
        ...lastOf(
          same.filter((t) => t !== first),
          r.int(0, 2),
        ).map((t) => t.traceCode),
      ];
      from = first.market.code;
      const dest = first.buyerNode ?? r.pick(this.pop.buyerNodes);
      to = r.chance(0.8) ? dest.code : dest.creditCode;
      meat = first.meat;
    } else {
      if (this.tz.length === 0) this.slaughter(business - 3_600_000);
      const first = r.pick(this.tz);
      codes = [
        first.traceCode,
        ...lastOf(
          this.tz.filter((t) => t.node === first.node && t !== first),
          r.int(0, 1),
        ).map((t) => t.traceCode),
      ];
      from = r.chance(0.8) ? first.node.code : first.node.creditCode;
      to = r.pick(this.pop.markets).code;
    }
    if (r.chance(0.05)) codes.push(codes[0]!); // an exact duplicate, removed by the mapping
    const depart = beijingCompact(business);
    const arrive = r.chance(0.8) ? beijingCompact(business + r.int(20, 90) * 60_000) : undefined;
    const [tMin, tMax] = this.temperatures(meat);
    return [
      ['WaybillNo', this.number('PS', carrier.region, depart)],
      ['CarrierNodeCode', carrier.code],
      ['PlateNo', this.plate()],
      ['FromCode', from],
      ['ToCode', to],
      ['TraceCodes', codes],
      ['DepartTime', depart],
      ['ArriveTime', arrive],
      ['TempMin', tMin],
      ['TempMax', tMax],
    ];
  }

  private temperatures(meat: boolean): [string | undefined, string | undefined] {
    const r = this.rng;
    if (!meat && r.chance(0.5)) return [undefined, undefined];
    if (meat && r.chance(0.05)) return [fixed1(-r.int(180, 200)), fixed1(-r.int(150, 170))];
    const min = meat ? r.int(0, 20) : r.int(20, 60);
    return [fixed1(min), fixed1(min + r.int(10, 30))];
  }

  /** A Lanzhou plate as typed: with `·`, a space, `-` or lower case now and then. */
  private plate(): string {
    const r = this.rng;
    let tail = '';
    for (let i = 0; i < 5; i++) tail += r.pick([...PLATE_CHARS]);
    const style = r.next();
    if (style < 0.3) return `甘A·${tail}`;
    if (style < 0.4) return `甘A ${tail}`;
    if (style < 0.45) return `甘a-${tail.toLowerCase()}`;
    if (style < 0.48) return `甘A•${tail}`;
    return `甘A${tail}`;
  }

  private correction(stream: RecordType, fields: Fields): Fields {
    const r = this.rng;
    const text = (name: string) => fieldOf({ fields } as SimRecord, name) as string | undefined;
    switch (stream) {
      case 'TZ': {
        const w = Math.round(Number(text('CarcassWeight')) * 100);
        return withField(fields, 'CarcassWeight', fixed2(Math.max(100, w + r.int(-200, 200))));
      }
      case 'JC': {
        const w = Math.round(Number(text('Weight')) * 100);
        return withField(fields, 'Weight', fixed2(Math.max(100, w + r.int(-500, 500))));
      }
      case 'JY': {
        const w = Math.round(Number(text('Weight')) * 100);
        const p = Math.round(Number(text('Price')) * 100) + r.int(-50, 50);
        const price = Math.max(100, p);
        return withField(withField(fields, 'Price', fixed2(price)), 'Amount', fixed2(amountCents(w, price)));
      }
      case 'PS': {
        // In transit → arrived; arrived → the arrival time corrected.
        const arrive = text('ArriveTime');
        const from = parseBeijing(arrive ?? text('DepartTime') ?? '');
        if (from === null) return fields;
        return withField(fields, 'ArriveTime', beijingCompact(from + (arrive ? 5 : r.int(20, 90)) * 60_000));
      }
    }
  }
}
