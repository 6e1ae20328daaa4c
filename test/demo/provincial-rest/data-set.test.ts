import { afterEach, describe, expect, it } from 'vitest';
import { isValidCreditCode, isValidResidentId, isValidTraceCode } from '../../../src/national/check-characters';
import { createProvincialSimulator } from '../../../src/demo/provincial-rest';
import { APP_ID, APP_SECRET, SimClient, START } from './client';

let client: SimClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

const make = (seed: number, extra = {}) =>
  createProvincialSimulator({
    appId: APP_ID,
    appSecret: APP_SECRET,
    seed,
    initialRecords: 25,
    newRecordsPerMinute: 0,
    now: () => START,
    ...extra,
  });
const STREAMS = ['enterprises', 'batches', 'inspections', 'certificates'] as const;

describe('the generated data set', () => {
  it('is reproducible from its seed and differs with another seed', () => {
    const a = make(3);
    const b = make(3);
    const c = make(4);
    for (const stream of STREAMS) expect(a.records(stream)).toEqual(b.records(stream));
    expect(a.catalog()).toEqual(b.catalog());
    expect(c.records('batches')).not.toEqual(a.records('batches'));
  });

  it('has initialRecords per stream, ordered by (gxsj, id), with 19-digit ids and times before the clock', () => {
    const sim = make(8);
    const keyOf = { enterprises: 'qyid', batches: 'pcid', inspections: 'jcid', certificates: 'hgzid' } as const;
    for (const stream of STREAMS) {
      const recs = sim.records(stream);
      expect(recs).toHaveLength(25);
      const positions = recs.map((r) => `${String(r.gxsj)}|${String(r[keyOf[stream]])}`);
      expect([...positions].sort()).toEqual(positions);
      for (const r of recs) {
        expect(r[keyOf[stream]]).toMatch(/^\d{19}$/);
        expect(r.gxsj).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(String(r.gxsj) <= '2024-06-12 08:00:00').toBe(true);
        expect(['0', '1']).toContain(r.sfsc);
        for (const [field, value] of Object.entries(r))
          if (field !== 'jcxm') expect(value === null || typeof value === 'string', field).toBe(true);
      }
    }
  });

  it('sizes each stream on its own when initialRecords names them, interleaved over the same three days', () => {
    const sim = make(9, { initialRecords: { enterprises: 10, batches: 30, inspections: 0, certificates: 0 } });
    expect(sim.records('enterprises')).toHaveLength(10);
    expect(sim.records('batches')).toHaveLength(30);
    expect(sim.records('inspections')).toHaveLength(0);
    expect(sim.records('certificates')).toHaveLength(0);
    expect(sim.catalog()).toHaveLength(40);
    const enterprises = new Set(sim.records('enterprises').map((e) => String(e.qyid)));
    const unresolved = sim
      .catalog()
      .filter((e) => JSON.stringify(e.expected) === JSON.stringify({ reason: 'UNRESOLVED_REFERENCE' }))
      .map((e) => e.sourceKey);
    for (const b of sim.records('batches')) if (!unresolved.includes(String(b.pcid))) expect(enterprises.has(String(b.qyid))).toBe(true);
    // A count per stream that names the same count everywhere is the same data set as the single number.
    const same = make(9, { initialRecords: { enterprises: 25, batches: 25, inspections: 25, certificates: 25 } });
    for (const stream of STREAMS) expect(same.records(stream)).toEqual(make(9).records(stream));
    expect(make(9, { initialRecords: { batches: 5 } }).records('enterprises')).toHaveLength(40);
  });

  it('is coherent across streams: producers exist, inspections and certificates name existing batch trace codes', () => {
    const sim = make(12, { initialRecords: 60, dirtyShare: 0.3 });
    const expected = new Map(sim.catalog().map((e) => [`${e.stream}/${e.sourceKey}`, e.expected]));
    const enterprises = new Map(sim.records('enterprises').map((e) => [String(e.qyid), e]));
    const batches = sim.records('batches');
    const traceCodes = new Map(batches.map((b) => [String(b.zsm), b]));
    for (const b of batches) {
      const unresolved = JSON.stringify(expected.get(`batches/${String(b.pcid)}`)) === JSON.stringify({ reason: 'UNRESOLVED_REFERENCE' });
      expect(enterprises.has(String(b.qyid))).toBe(!unresolved);
    }
    for (const i of sim.records('inspections')) expect(traceCodes.has(String(i.zsm))).toBe(true);
    for (const c of sim.records('certificates')) {
      const zsm = String(c.zsm);
      const batch = traceCodes.get(zsm) ?? [...traceCodes.values()].find((b) => String(b.zsm).startsWith(zsm));
      expect(batch, zsm).toBeDefined();
      expect(c.qyid).toBe(batch!.qyid);
      expect(c.cplb).toBe(batch!.cplb);
    }
  });

  it('uses valid check characters and Gansu regions in every record expected to be valid', () => {
    const sim = make(21, { initialRecords: 80 });
    const valid = new Set(
      sim
        .catalog()
        .filter((e) => e.expected === 'valid')
        .map((e) => e.sourceKey),
    );
    for (const e of sim.records('enterprises').filter((r) => valid.has(String(r.qyid)))) {
      if (e.tyshxydm) expect(isValidCreditCode(String(e.tyshxydm))).toBe(true);
      else expect(isValidResidentId(String(e.sfzh))).toBe(true);
      expect(String(e.xzqhdm).slice(0, 2)).toBe('62');
    }
    for (const b of sim.records('batches').filter((r) => valid.has(String(r.pcid)))) {
      expect(isValidTraceCode(String(b.zsm))).toBe(true);
      expect(String(b.zsm).slice(6, 8)).toMatch(/^0[12]$/);
    }
  });

  it('carries the defects of the dirty-* samples, each with its expected reason, at about dirtyShare', () => {
    const sim = make(2, { initialRecords: 150, dirtyShare: 0.4 });
    const reasons = new Map<string, Set<string>>();
    let dirty = 0;
    const catalog = sim.catalog();
    for (const e of catalog) {
      if (typeof e.expected !== 'object') continue;
      dirty++;
      if (!reasons.has(e.stream)) reasons.set(e.stream, new Set());
      reasons.get(e.stream)!.add(e.expected.reason);
    }
    expect(dirty / catalog.length).toBeGreaterThan(0.25);
    expect(dirty / catalog.length).toBeLessThan(0.5);
    expect([...reasons.get('enterprises')!].sort()).toEqual(['E2005', 'E4002', 'E4004', 'E4005', 'UNKNOWN_CODE', 'UNPARSEABLE_VALUE']);
    expect([...reasons.get('batches')!].sort()).toEqual(['E4004', 'UNKNOWN_CODE', 'UNPARSEABLE_VALUE', 'UNRESOLVED_REFERENCE']);
    expect([...reasons.get('inspections')!].sort()).toEqual(['E4005', 'UNKNOWN_CODE', 'UNPARSEABLE_VALUE']);
    expect([...reasons.get('certificates')!].sort()).toEqual(['E4001', 'UNKNOWN_CODE']);
    const clean = make(2, { initialRecords: 50, dirtyShare: 0 }).catalog();
    expect(clean.every((e) => e.expected === 'valid' || e.expected === 'deleted')).toBe(true);
  });

  it('names recordIds after the reading instance and marks soft-deleted records', () => {
    const sim = make(6, { sourceSystem: 'gs-test', initialRecords: 60 });
    const catalog = sim.catalog();
    expect(catalog.every((e) => e.recordId === `gs-test:${e.stream}:${e.sourceKey}`)).toBe(true);
    const deleted = catalog.filter((e) => e.expected === 'deleted');
    expect(deleted.length).toBeGreaterThan(0);
    for (const e of deleted) expect(sim.records(e.stream).find((r) => Object.values(r).includes(e.sourceKey))!.sfsc).toBe('1');
  });

  it('keeps producing new records, revisions, soft deletes, restores and corrections while its clock runs', async () => {
    client = await SimClient.start({ newRecordsPerMinute: 30, initialRecords: 10, dirtyShare: 0.3 });
    const snapshot = () => new Map(client!.sim.records('batches').map((r) => [String(r.pcid), r]));
    const history: Array<Map<string, Record<string, unknown>>> = [snapshot()];
    const catalogs = [client.sim.catalog()];
    for (let hour = 1; hour <= 12; hour++) {
      client.clock.now = START + hour * 3_600_000;
      history.push(snapshot());
      catalogs.push(client.sim.catalog());
    }
    expect(history.at(-1)!.size).toBeGreaterThan(history[0]!.size + 100);
    const last = [...history.at(-1)!.values()];
    expect(last.every((r) => String(r.gxsj) <= '2024-06-12 20:00:00')).toBe(true);
    const restored = [...history.at(-1)!.keys()].some(
      (k) => history.some((h) => h.get(k)?.sfsc === '1') && history.at(-1)!.get(k)!.sfsc === '0',
    );
    expect(restored).toBe(true);
    const reason = (c: (typeof catalogs)[number], key: string) => JSON.stringify(c.find((e) => e.sourceKey === key)?.expected);
    const corrected = catalogs[0]!
      .concat(catalogs[6]!)
      .some((e) => typeof e.expected === 'object' && reason(catalogs.at(-1)!, e.sourceKey) === '"valid"');
    expect(corrected).toBe(true);
    // A revision moves a record to the end of the feed: the full pull still has each key once.
    const pulled = await client.pullAll('batches', 50);
    expect(pulled.map((r) => r.pcid).sort()).toEqual([...history.at(-1)!.keys()].sort());
  });
});
