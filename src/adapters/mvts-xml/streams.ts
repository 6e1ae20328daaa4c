import { createHash } from 'node:crypto';
import type { Logger } from 'winston';
import { beijingCompact } from '../../common/time';
import { SourceError } from '../errors';
import type { Cursor, Page, RawRecord, ReadRequest } from '../types';
import type { MvtsClient, QueryResult } from './client';
import type { ResolvedMvtsOptions } from './options';
import { planRead, splitWindows, windowCursor } from './windows';
import { buildRecordText, fieldText, recordFields, recordNodes, sliceRecordElements } from './xml';

/** The four record types of source-subsystems §4.1: interface and source key elements. */
export const MVTS_STREAMS = {
  TZ: { interface: 'slaughter', nodeField: 'NodeCode', numberField: 'SlaughterNo' },
  JC: { interface: 'entries', nodeField: 'NodeCode', numberField: 'EntryNo' },
  JY: { interface: 'trades', nodeField: 'NodeCode', numberField: 'TicketNo' },
  PS: { interface: 'transports', nodeField: 'CarrierNodeCode', numberField: 'WaybillNo' },
} as const;

export type MvtsStream = keyof typeof MVTS_STREAMS;

export function isMvtsStream(s: string): s is MvtsStream {
  return Object.prototype.hasOwnProperty.call(MVTS_STREAMS, s);
}

export interface StreamReadContext {
  client: MvtsClient;
  options: ResolvedMvtsOptions;
  lookbackSeconds: number;
  startFrom?: string;
  now: () => number;
  log: Logger;
}

/**
 * `<NodeCode>-<business number>` (`<CarrierNodeCode>-<WaybillNo>` for PS). A record missing either
 * part still gets a stable key (a hash of its content), so it is stored and quarantined by its mapping.
 */
export function sourceKeyOf(stream: MvtsStream, fields: Record<string, unknown>): string {
  const def = MVTS_STREAMS[stream];
  const node = typeof fields[def.nodeField] === 'string' ? (fields[def.nodeField] as string) : '';
  const number = typeof fields[def.numberField] === 'string' ? (fields[def.numberField] as string) : '';
  if (node !== '' && number !== '') return `${node}-${number}`;
  const digest = createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
  return `unkeyed-${digest}`;
}

export function toRawRecords(stream: MvtsStream, result: QueryResult): RawRecord[] {
  const { response } = result;
  const nodes = recordNodes(response.body);
  const slices = sliceRecordElements(response.text, nodes.length);
  const warnings = response.warnings.length > 0 ? response.warnings : undefined;
  return nodes.map((node, i) => {
    const payload = recordFields(node);
    const record: RawRecord = {
      sourceKey: sourceKeyOf(stream, payload),
      payload,
      rawText: slices?.[i] ?? buildRecordText(node),
      orderingKey: fieldText(payload, 'UploadTime') ?? '',
    };
    if (warnings) record.warnings = warnings;
    return record;
  });
}

/**
 * Reads windows by UploadTime, page by page (§4.4). Every page carries the cursor a restarted read
 * loses nothing from: the last completed window's end, advanced only on a window's last page. A
 * TotalCount that changes between pages of a window (a re-upload during paging) restarts the window.
 */
export async function* readWindows(stream: MvtsStream, ctx: StreamReadContext, req: ReadRequest): AsyncGenerator<Page> {
  const { options } = ctx;
  const plan = planRead({
    now: ctx.now(),
    from: req.from,
    window: req.window,
    startFrom: ctx.startFrom,
    lookbackMs: ctx.lookbackSeconds * 1000,
    settleMs: options.settleMinutes * 60_000,
    initialLookbackMs: options.initialLookbackMinutes * 60_000,
  });
  let cursor: Cursor = plan.base;
  for (const [start, end] of splitWindows(plan.start, plan.end, options.windowMinutes * 60_000)) {
    const startTime = beijingCompact(start);
    const endTime = beijingCompact(end);
    const done = windowCursor(end);
    let restarts = 0;
    let total: number | undefined;
    // UploadTime of each key read so far in this window. A key met again with another UploadTime was
    // re-uploaded into this same window while it was paged (a source whose clock lags ours): TotalCount
    // stays the same, but every record after its old place moved up one, so one of them may now sit on a
    // page already read. Both cases restart the window.
    let seen = new Map<string, string>();
    for (let pageNo = 1; ; pageNo++) {
      if (req.signal.aborted) throw new SourceError('transient', 'TG_SOURCE_ABORTED', 'the read was cancelled');
      const result = await ctx.client.query({ recordType: stream, startTime, endTime, pageNo, pageSize: options.pageSize }, req.signal);
      const head = result.response.head;
      const count = head.totalCount as number;
      const records = toRawRecords(stream, result);
      const moved = total === undefined ? undefined : records.find((r) => (seen.get(r.sourceKey) ?? r.orderingKey) !== r.orderingKey);
      if ((total !== undefined && count !== total) || moved) {
        if (++restarts > options.maxWindowRestarts) {
          throw new SourceError(
            'transient',
            'TG_MVTS_WINDOW_UNSTABLE',
            `${stream} window ${startTime}–${endTime}: records kept moving during paging (${restarts} restarts); retried at the next pull`,
          );
        }
        ctx.log.info(
          moved
            ? 'mvts record re-uploaded into the window during paging; restarting the window'
            : 'mvts TotalCount changed during paging; restarting the window',
          { stream, startTime, endTime, pageNo, was: total, now: count, ...(moved ? { sourceKey: moved.sourceKey } : {}) },
        );
        total = undefined;
        seen = new Map();
        pageNo = 0;
        continue;
      }
      total = count;
      for (const r of records) seen.set(r.sourceKey, r.orderingKey);
      const served = head.pageSize && head.pageSize > 0 ? Math.min(head.pageSize, options.pageSize) : options.pageSize;
      const last = records.length === 0 || pageNo * served >= count;
      if (last) cursor = done;
      const page: Page = { stream, records, cursor, total: count };
      if (records.length > 0) page.meta = result.meta;
      if (result.response.warnings.length > 0) page.warnings = result.response.warnings;
      yield page;
      if (last) break;
    }
  }
}
