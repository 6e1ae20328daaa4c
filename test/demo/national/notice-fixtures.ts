import type { NoticeResponseBody, RaiseNoticeBody } from '../../../src/national/notices';
import type { MockClient } from '../../../src/demo/national';
import { batchBody, GS, LZ, newBatchId, rec, type Running } from './helpers';

/** A client in another province (Beijing), for notices between two regions. */
export const BJ: MockClient = { appKey: 'bj-provincial-key', appSecret: 'bj-secret-0003', regionScope: '11' };
export const NOTICE_CLIENTS = [GS, LZ, BJ];

/** The batch's trace code (§5.2 fixture) and the lot a Beijing market sold from it. */
export const LOT = '62012301240611000122';
export const SOLD_LOT = '62010205240612001015';

export const T0 = Date.parse('2026-12-05T02:00:00Z');

/** Fields of a notice issued through the admin endpoint, addressed to `targetRegions`. */
export function issueInput(targetRegions: string[] = ['62'], changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'PROBLEM_PRODUCT',
    severity: 'HIGH',
    issuerRegion: '310101',
    targetRegions,
    traceCodes: [LOT],
    productCode: 'VEG_LEAFY',
    hazard: 'chlorpyrifos above the limit',
    testItem: 'CHLORPYRIFOS',
    actionsRequired: ['TRACE'],
    ...changes,
  };
}

export function response(
  responseId: string,
  status: NoticeResponseBody['status'],
  changes: Partial<NoticeResponseBody> = {},
): NoticeResponseBody {
  return { responseId, status, respondedAt: '2026-12-05T10:30:00+08:00', ...changes };
}

/** A FAIL inspection of LOT, valid for GS. */
export const FAILED_INSPECTION = rec('inspections', {
  recordId: 'insp-fail-1',
  traceCode: LOT,
  items: [{ itemCode: 'CHLORPYRIFOS', value: 0.05, limit: 0.02, unit: 'mg/kg', result: 'FAIL' }],
  conclusion: 'FAIL',
});

export function raiseBody(changes: Partial<RaiseNoticeBody> = {}): RaiseNoticeBody {
  return {
    clientNoticeId: 'notice-gs-000001',
    kind: 'PROBLEM_PRODUCT',
    severity: 'HIGH',
    issuerRegion: '620123',
    traceCodes: [LOT],
    productCode: 'VEG_LEAFY',
    hazard: 'chlorpyrifos above the limit',
    evidence: [{ interface: 'inspections', recordId: 'insp-fail-1' }],
    actionsRequired: ['TRACE', 'OFF_SHELF'],
    ...changes,
  };
}

/** GS delivers the batch of LOT and a FAIL inspection of it; BJ delivers a trade of a lot cut from LOT. */
export async function deliverChain(m: Running): Promise<void> {
  const gs = await m.client(GS).postBatch('batches', batchBody(newBatchId(), [rec('batches')]));
  const insp = await m.client(GS).postBatch('inspections', batchBody(newBatchId(), [FAILED_INSPECTION]));
  const bj = await m
    .client(BJ)
    .postBatch('trades', batchBody(newBatchId(), [rec('trades', { recordId: 'bj-trade-1', regionCode: '110105' })]));
  for (const a of [gs, insp, bj]) {
    if (a.kind !== 'receipt' || a.receipt.accepted !== 1) throw new Error(`chain not delivered: ${JSON.stringify(a)}`);
  }
}
