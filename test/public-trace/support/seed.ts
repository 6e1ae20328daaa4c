import { upsertAdapter } from '../../../src/db/queries/adapters';
import { storeNoticeRevision } from '../../../src/db/queries/notices';
import { creditCodeCheckChar, traceCodeCheckDigit } from '../../../src/national/check-characters';
import { RESIDENT_ID, VALID_CREDIT_CODE } from '../../api/support/fixture-source';
import { eventually, startTestGateway, type TestGateway } from '../../api/support/test-gateway';
import { NationalRecordsSource } from './national-records-source';

const credit = (first17: string) => first17 + creditCodeCheckChar(first17);
export const traceCode = (first19: string) => first19 + traceCodeCheckDigit(first19);

/** The parties: a cooperative, a farmer registered by resident ID, a market, a vendor and a carrier. */
export const COOPERATIVE = VALID_CREDIT_CODE;
export const FARMER_ID = RESIDENT_ID;
export const MARKET = credit('91620100MA73N8L2P');
export const VENDOR = credit('92620102MA71X3Q4W');
export const CARRIER = credit('91620105MA74R6T1K');

export const BATCH = traceCode('6201230126010500001');
export const TICKET = traceCode('6201230526010600002');
/** A code of the right shape that the gateway holds nothing for. */
export const UNKNOWN = traceCode('6201230126010599999');
/** A batch whose only version is still waiting for delivery when the tests look at it. */
export const UNDELIVERED = traceCode('6201230126010700003');

export const FARMER_PHONE = '13912345678';
export const MARKET_PHONE = '0931-8456712';
export const UNIT_PRICE = 9.3;
export const AMOUNT = 34.41;

export const ADAPTER_ID = 'fx-national';

/** The records of one lot of spinach, from a farmer's field through a market to a consumer's ticket. */
export function seedRecords(source: NationalRecordsSource): void {
  source.put('subjects', 'farmer', {
    subjectCode: FARMER_ID,
    subjectIdType: 'RESIDENT_ID',
    name: '张三丰',
    subjectType: 'INDIVIDUAL_FARMER',
    address: '榆中县城关镇',
    contactPhone: FARMER_PHONE,
    registeredOn: '2019-03-01',
  });
  source.put('subjects', 'market', {
    subjectCode: MARKET,
    subjectIdType: 'CREDIT_CODE',
    name: '兰州大青山农贸市场',
    subjectType: 'FARMERS_MARKET',
    legalRepresentative: '王建国',
    contactPhone: MARKET_PHONE,
    registeredOn: '2015-06-18',
  });
  source.put('subjects', 'vendor', {
    subjectCode: VENDOR,
    subjectIdType: 'CREDIT_CODE',
    name: '李四',
    subjectType: 'VENDOR',
    registeredOn: '2020-01-02',
  });
  source.put('subjects', 'carrier', {
    subjectCode: CARRIER,
    subjectIdType: 'CREDIT_CODE',
    name: '陇原冷链物流有限公司',
    subjectType: 'LOGISTICS',
    registeredOn: '2016-09-09',
  });
  source.put('subjects', 'coop', {
    subjectCode: COOPERATIVE,
    subjectIdType: 'CREDIT_CODE',
    name: '榆中县绿源蔬菜专业合作社',
    subjectType: 'COOPERATIVE',
    registeredOn: '2017-04-26',
  });
  source.put('batches', 'b1', {
    traceCode: BATCH,
    subjectCode: FARMER_ID,
    productCode: 'VEG_LEAFY',
    productName: '菠菜',
    quantity: 500,
    unit: 'KG',
    producedOn: '2026-01-05',
    originRegionCode: '620123',
    baseName: '榆中高原夏菜基地',
  });
  source.put('inspections', 'i1', {
    inspectionNo: 'JC-2026-0001',
    traceCode: BATCH,
    method: 'RAPID',
    agency: '榆中县农产品质量安全检测站',
    testedAt: '2026-01-05T09:00:00+08:00',
    items: [{ itemCode: 'OP_CARBAMATE_INHIBITION', value: 12.5, limit: 50, unit: 'inhibition%', result: 'PASS' }],
    conclusion: 'PASS',
  });
  source.put('certificates', 'c1', {
    certificateNo: 'HGZ-2026-0001',
    traceCode: BATCH,
    subjectCode: FARMER_ID,
    productCode: 'VEG_LEAFY',
    quantity: 500,
    unit: 'KG',
    issuedOn: '2026-01-05',
    commitments: ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES'],
    basis: 'SELF_TEST',
    inspectionNo: 'JC-2026-0001',
  });
  source.put('transports', 'w1', {
    waybillNo: 'WB-0001',
    carrierCode: CARRIER,
    vehiclePlate: '甘A12345',
    fromCode: FARMER_ID,
    toCode: MARKET,
    traceCodes: [BATCH],
    departedAt: '2026-01-06T03:00:00+08:00',
    arrivedAt: '2026-01-06T05:00:00+08:00',
  });
  source.put('entries', 'e1', {
    entryNo: 'JC-E-0001',
    marketCode: MARKET,
    vendorCode: VENDOR,
    supplierCode: FARMER_ID,
    traceCode: BATCH,
    productCode: 'VEG_LEAFY',
    quantity: 200,
    unit: 'KG',
    enteredAt: '2026-01-06T05:30:00+08:00',
    originCertificateNo: 'HGZ-2026-0001',
  });
  source.put('trades', 't1', {
    ticketNo: 'T-0001',
    marketCode: MARKET,
    sellerCode: VENDOR,
    traceCode: TICKET,
    parentTraceCode: BATCH,
    productCode: 'VEG_LEAFY',
    quantity: 3.7,
    unit: 'KG',
    unitPrice: UNIT_PRICE,
    amount: AMOUNT,
    tradedAt: '2026-01-06T08:15:00+08:00',
  });
}

/** Counts the versions in a delivery state, through the view every reader of states uses. */
export async function countInState(g: TestGateway, state: string): Promise<number> {
  return (await g.t.db.query(`SELECT count(*)::int AS n FROM national_record_states WHERE state = $1`, [state])).rows[0].n;
}

/**
 * A test gateway whose database holds the seeded lot, every record accepted by the mock national
 * platform through the real pipeline, then one more batch record that stays undelivered (the platform
 * is in maintenance): the public page must not show it.
 */
export async function startSeededGateway(env: Record<string, string>): Promise<{ g: TestGateway; source: NationalRecordsSource }> {
  const g = await startTestGateway({ env });
  const source = new NationalRecordsSource();
  g.gw.instances.set(source.instance(ADAPTER_ID));
  await upsertAdapter(g.gw.db, source.declaration(ADAPTER_ID), 'config');
  seedRecords(source);
  await g.gw.pullNow(ADAPTER_ID);
  await eventually(async () => (await countInState(g, 'accepted')) === 11, 60_000);

  g.mock.setFaults({ maintenance: { until: new Date(Date.now() + 3_600_000).toISOString() } });
  source.put('batches', 'b2', {
    traceCode: UNDELIVERED,
    subjectCode: COOPERATIVE,
    productCode: 'VEG_LEAFY',
    productName: '油麦菜',
    quantity: 80,
    unit: 'KG',
    producedOn: '2026-01-07',
    originRegionCode: '620123',
  });
  source.put('batches', 'b1', {
    traceCode: BATCH,
    subjectCode: FARMER_ID,
    productCode: 'VEG_LEAFY',
    productName: '菠菜（待接收）',
    quantity: 500,
    unit: 'KG',
    producedOn: '2026-01-05',
    originRegionCode: '620123',
  });
  await g.gw.pullNow(ADAPTER_ID);
  await eventually(
    async () =>
      (await g.t.db.query(`SELECT count(*)::int AS n FROM national_record_states WHERE state IN ('pending', 'batched')`)).rows[0].n === 2,
  );
  return { g, source };
}

/** A problem-product notice received from the platform naming the batch (stored as the notice intake stores it). */
export async function storeNoticeOnBatch(g: TestGateway, opts: { noticeId?: string; withdraw?: boolean } = {}): Promise<string> {
  const noticeId = opts.noticeId ?? 'NT20260107000001';
  const base = {
    noticeId,
    revision: 1,
    kind: 'PROBLEM_PRODUCT',
    severity: 'HIGH',
    issuedAt: '2026-01-07T10:00:00+08:00',
    issuerRegion: '620100',
    targetRegions: ['62'],
    traceCodes: [BATCH],
    productCode: 'VEG_LEAFY',
    hazard: '毒死蜱残留超标，请联系 13700001111 核实',
    testItem: 'CHLORPYRIFOS',
    actionsRequired: ['TRACE', 'OFF_SHELF'],
    respondBy: '2026-01-10T10:00:00+08:00',
  };
  await storeNoticeRevision(g.t.db, base, 'received');
  if (opts.withdraw) {
    await storeNoticeRevision(
      g.t.db,
      { ...base, noticeId: `${noticeId.slice(0, -1)}9`, kind: 'WITHDRAWN', supersedes: noticeId, issuedAt: '2026-01-08T10:00:00+08:00' },
      'received',
    );
  }
  return noticeId;
}
