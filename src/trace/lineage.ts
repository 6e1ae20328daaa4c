import type { Queryable } from '../db/pool';
import {
  batchesById,
  quarantineOfKeys,
  recordIdsInBatch,
  recordIdsWithTraceCode,
  revisionsOf,
  sourceKeysOf,
  sourceKeysOfRecords,
  versionsOfKeys,
  type LineageBatchRow,
  type SourceKey,
  type VersionRow,
} from '../db/queries/lineage';
import { OMITTED_ACCEPTANCES } from '../pipeline/receipt';
import { GatewayError } from '../errors';

export type LineageQuery = { recordId: string } | { adapterId: string; sourceKey: string } | { traceCode: string } | { batchId: string };

const REVISIONS_PER_KEY = 20;
const VERSIONS_PER_RECORD = 50;
const QUARANTINE_PER_QUERY = 500;

/** Picks the one selector of a lineage request; anything else is a 400 naming the choices. */
export function lineageQueryOf(q: Record<string, unknown>): LineageQuery {
  const str = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? (q[k] as string) : undefined);
  const chosen: LineageQuery[] = [];
  if (str('recordId')) chosen.push({ recordId: str('recordId')! });
  if (str('sourceKey')) {
    if (!str('adapterId')) throw new GatewayError('TG_REQUEST_INVALID', 'sourceKey needs adapterId');
    chosen.push({ adapterId: str('adapterId')!, sourceKey: str('sourceKey')! });
  }
  if (str('traceCode')) chosen.push({ traceCode: str('traceCode')! });
  if (str('batchId')) chosen.push({ batchId: str('batchId')! });
  if (chosen.length !== 1)
    throw new GatewayError('TG_REQUEST_INVALID', 'give exactly one of recordId, sourceKey (with adapterId), traceCode, batchId');
  return chosen[0]!;
}

function batchView(b: LineageBatchRow) {
  const { receipt, ...rest } = b;
  return {
    ...rest,
    receipt: receipt
      ? { receiptId: receipt.receiptId, accepted: receipt.accepted, duplicate: receipt.duplicate, rejected: receipt.rejected }
      : null,
  };
}

/**
 * The receipt's verdict on one member: the result at its position, checked against its recordId. A
 * receipt stored without its plain acceptances (storedReceipt) gives a member it has no result for
 * back as accepted at its position.
 */
function resultFor(v: VersionRow, batch: LineageBatchRow | undefined): unknown {
  const receipt = batch?.receipt;
  const results = receipt?.results as Array<{ index: number; recordId: string }> | undefined;
  if (!results || v.batchPosition === null) return null;
  const found =
    results.find((r) => r.index === v.batchPosition && r.recordId === v.recordId) ?? results.find((r) => r.recordId === v.recordId);
  if (found) return found;
  return Number(receipt?.[OMITTED_ACCEPTANCES]) > 0 ? { index: v.batchPosition, recordId: v.recordId, status: 'ACCEPTED' } : null;
}

/** A stored body is the exact JSON text sent; shown parsed. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const keyId = (k: SourceKey) => `${k.adapterId}\u0000${k.stream}\u0000${k.sourceKey}`;

/**
 * Source record → its revisions (payload as stored) → national versions with their bodies → batch →
 * receipt result, and every quarantine entry on the way. Bounded: at most `limit` source keys, 20
 * revisions per key, 50 versions per record. Bodies and payloads come back unmasked: the caller masks.
 */
export async function buildLineage(db: Queryable, query: LineageQuery, limit: number) {
  let keys: SourceKey[];
  let batch: LineageBatchRow | undefined;
  if ('recordId' in query) keys = await sourceKeysOfRecords(db, [query.recordId], limit + 1);
  else if ('sourceKey' in query) keys = await sourceKeysOf(db, query.adapterId, query.sourceKey, limit + 1);
  else if ('traceCode' in query)
    keys = await sourceKeysOfRecords(db, await recordIdsWithTraceCode(db, query.traceCode, limit + 1), limit + 1);
  else {
    [batch] = await batchesById(db, [query.batchId]);
    if (!batch) throw new GatewayError('TG_NOT_FOUND', `batch ${query.batchId} is not known`);
    keys = await sourceKeysOfRecords(db, await recordIdsInBatch(db, query.batchId, 500), limit + 1);
  }
  const truncated = keys.length > limit;
  keys = keys.slice(0, limit);
  if (keys.length === 0 && !batch) throw new GatewayError('TG_NOT_FOUND', 'no record matches');

  const [revisions, versions, quarantine] = await Promise.all([
    revisionsOf(db, keys, REVISIONS_PER_KEY),
    versionsOfKeys(db, keys, VERSIONS_PER_RECORD),
    quarantineOfKeys(db, keys, QUARANTINE_PER_QUERY),
  ]);
  const batches = new Map(
    (await batchesById(db, [...new Set(versions.map((v) => v.batchId).filter((b): b is string => b !== null))])).map((b) => [b.batchId, b]),
  );

  const records = keys.map((k) => {
    const id = keyId(k);
    const mine = versions.filter((v) => keyId(v.source) === id);
    const byRecord = new Map<string, VersionRow[]>();
    for (const v of mine) {
      const rk = `${v.interface}\u0000${v.recordId}`;
      byRecord.set(rk, [...(byRecord.get(rk) ?? []), v]);
    }
    return {
      source: {
        ...k,
        revisions: revisions.filter((r) => keyId(r) === id).map(({ adapterId: _a, stream: _s, sourceKey: _k, ...r }) => r),
      },
      national: [...byRecord.values()].map((vs) => ({
        interface: vs[0]!.interface,
        recordId: vs[0]!.recordId,
        versions: vs.map((v) => ({
          id: v.id,
          version: v.version,
          state: v.state,
          traceCode: v.traceCode,
          sourceRecordId: v.sourceRecordId,
          createdAt: v.createdAt,
          deliveredAt: v.deliveredAt,
          errors: v.errors,
          body: parseJson(v.body),
          batch: v.batchId && batches.has(v.batchId) ? batchView(batches.get(v.batchId)!) : v.batchId ? { batchId: v.batchId } : null,
          receiptResult: resultFor(v, v.batchId ? batches.get(v.batchId) : undefined),
        })),
      })),
      quarantine: quarantine.filter((q) => keyId(q) === id).map(({ adapterId: _a, stream: _s, sourceKey: _k, ...q }) => q),
    };
  });
  return { query, batch: batch ? batchView(batch) : null, records, truncated };
}
