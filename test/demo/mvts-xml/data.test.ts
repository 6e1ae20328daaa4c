import { afterEach, describe, expect, it } from 'vitest';
import { beijingCompact } from '../../../src/common/time';
import { isValidCreditCode, isValidResidentId, isValidTraceCode } from '../../../src/national/check-characters';
import type { XmlRecord } from '../../../src/adapters/mvts-xml/xml';
import { traceCodeList } from '../../../src/mappings/mvts-xml/trace-codes';
import { dump, login, post, queryXml, startSim, stopAll, T0 } from './helpers';

afterEach(stopAll);

const START = beijingCompact(T0 - 2 * 3600_000);
const NOW = beijingCompact(T0);

async function everything(opts = {}) {
  const s = await startSim({ initialRecords: 100, ...opts });
  const token = await login(s.url);
  const by: Record<string, XmlRecord[]> = {};
  for (const t of ['TZ', 'JC', 'JY', 'PS']) by[t] = (await dump(s.url, token, t, START, NOW)).records;
  return { ...s, token, by };
}

describe('mvts simulator: data', () => {
  it('serves exactly the catalogued records, each newest revision once, with their recordId', async () => {
    const { sim, by } = await everything();
    const catalog = sim.catalog();
    expect(catalog).toHaveLength(400);
    for (const t of ['TZ', 'JC', 'JY', 'PS']) {
      const node = t === 'PS' ? 'CarrierNodeCode' : 'NodeCode';
      const no = { TZ: 'SlaughterNo', JC: 'EntryNo', JY: 'TicketNo', PS: 'WaybillNo' }[t]!;
      const keys = by[t]!.map((r) => `${r[node] as string}-${r[no] as string}`).sort();
      expect(keys).toEqual(
        catalog
          .filter((c) => c.stream === t)
          .map((c) => c.sourceKey)
          .sort(),
      );
    }
    for (const c of catalog) expect(c.recordId).toBe(`gs-mvts:${c.stream}:${c.sourceKey}`);
  });

  it('chains its records: TZ codes enter markets, trades descend from entries, deliveries carry slaughter and ticket codes', async () => {
    const { by, sim } = await everything({ dirtyShare: 0 });
    expect(sim.catalog().every((c) => c.expected === 'valid')).toBe(true);
    const tz = new Set(by.TZ!.map((r) => r.TraceCode as string));
    const jc = new Set(by.JC!.map((r) => r.TraceCode as string));
    const jy = new Set(by.JY!.map((r) => r.TraceCode as string));
    const meatEntries = by.JC!.filter((r) => (r.GoodsCode as string).startsWith('1'));
    expect(meatEntries.length).toBeGreaterThan(20);
    // Entries and trades refer to records generated before them; most referenced records are served too.
    expect(meatEntries.filter((r) => tz.has(r.TraceCode as string)).length / meatEntries.length).toBeGreaterThan(0.8);
    expect(by.JY!.filter((r) => jc.has(r.ParentTraceCode as string)).length / by.JY!.length).toBeGreaterThan(0.8);
    const carried = by.PS!.flatMap((r) => traceCodeList(r.TraceCodes) ?? []);
    expect(carried.filter((c) => tz.has(c) || jy.has(c)).length / carried.length).toBeGreaterThan(0.8);
    for (const r of by.JC!) if (r.QuarantineNo) expect((r.GoodsCode as string).startsWith('1')).toBe(true);
  });

  it('uses valid identifiers and business times before UploadTime, some of them late uploads', async () => {
    const { by } = await everything({ dirtyShare: 0 });
    for (const r of by.TZ!) expect(isValidTraceCode(r.TraceCode as string)).toBe(true);
    for (const r of by.JY!) {
      expect(isValidTraceCode(r.TraceCode as string) && isValidTraceCode(r.ParentTraceCode as string)).toBe(true);
      expect((r.TradeTime as string) < (r.UploadTime as string)).toBe(true);
    }
    const sellers = by.JC!.map((r) => r.SellerNodeOrId as string);
    expect(sellers.every((s) => isValidResidentId(s) || isValidCreditCode(s))).toBe(true);
    expect(sellers.some(isValidResidentId) && sellers.some(isValidCreditCode)).toBe(true);
    const lateness = by.TZ!.map(
      (r) =>
        Date.parse(`${(r.UploadTime as string).replace(/(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/, '$1-$2-$3T$4:$5:$6')}+08:00`) -
        Date.parse(`${(r.SlaughterTime as string).replace(/(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/, '$1-$2-$3T$4:$5:$6')}+08:00`),
    );
    expect(Math.min(...lateness)).toBeGreaterThan(0);
    expect(Math.max(...lateness)).toBeGreaterThan(6 * 3600_000);
  });

  it('marks about dirtyShare of the records dirty, with a reason for each', async () => {
    const { sim } = await everything({ dirtyShare: 0.1 });
    const dirty = sim.catalog().filter((c) => c.expected !== 'valid');
    expect(dirty.length).toBeGreaterThan(15);
    expect(dirty.length).toBeLessThan(70);
    const reasons = new Set(dirty.map((c) => (c.expected as { reason: string }).reason));
    for (const r of ['UNKNOWN_NODE', 'UNKNOWN_CODE', 'UNPARSEABLE_VALUE', 'E4001', 'E4004', 'E4005']) expect(reasons).toContain(r);
  });

  it('is deterministic for a seed and differs for another', async () => {
    const a = await everything({ seed: 7 });
    const b = await everything({ seed: 7 });
    const c = await everything({ seed: 8 });
    expect(b.sim.catalog()).toEqual(a.sim.catalog());
    const page = (s: typeof a) => post(s.url, queryXml(s.token, 'PS', START, NOW)).then((x) => x.text.replace(/<Token>\w+<\/Token>/, ''));
    expect(await page(b)).toBe(await page(a));
    expect(c.sim.catalog()).not.toEqual(a.sim.catalog());
  });

  it('keeps uploading new records and re-uploads while it runs', async () => {
    const s = await startSim({ initialRecords: 10, newRecordsPerMinute: 12 });
    const before = new Map(s.sim.catalog().map((c) => [`${c.stream}/${c.sourceKey}`, c]));
    const token = await login(s.url);
    const first = new Map(
      (await dump(s.url, token, 'PS', START, NOW)).records.map((r) => [
        `${r.CarrierNodeCode as string}-${r.WaybillNo as string}`,
        r.UploadTime as string,
      ]),
    );
    s.clock.t += 60 * 60_000;
    const after = s.sim.catalog();
    expect(after.length).toBeGreaterThan(before.size + 400);
    expect(after.length).toBeLessThanOrEqual(before.size + 720);
    const now = beijingCompact(s.clock.t);
    const fresh = await login(s.url); // the first token has expired
    const { records } = await dump(s.url, fresh, 'PS', START, now);
    const reuploaded = records.filter((r) => {
      const old = first.get(`${r.CarrierNodeCode as string}-${r.WaybillNo as string}`);
      return old !== undefined && (r.UploadTime as string) > old;
    });
    expect(reuploaded.length).toBeGreaterThan(0);
    // A re-upload leaves its old window.
    const oldWindow = (await dump(s.url, fresh, 'PS', START, NOW)).records.map(
      (r) => `${r.CarrierNodeCode as string}-${r.WaybillNo as string}`,
    );
    for (const r of reuploaded) expect(oldWindow).not.toContain(`${r.CarrierNodeCode as string}-${r.WaybillNo as string}`);
  });
});
