import { isValidCreditCode } from '../../national/check-characters';
import type { NationalInterface } from '../../national/types';
import type { NoticeService } from './notices';
import type { MockState } from './state';
import type { MockClient } from './types';

export interface DemoNoticeOptions {
  service: NoticeService;
  state: MockState;
  client: MockClient | undefined;
  /** When to look for delivered lots first; default 15 s after start. */
  firstAfterMs?: number;
  /** How often it looks again until both are issued; default 5 s. */
  tickMs?: number;
  clock: () => number;
}

const LOT_INTERFACES: ReadonlySet<NationalInterface> = new Set(['batches', 'entries', 'trades', 'certificates']);
const TICK_MS = 5_000;
const GIVE_UP_MS = 10 * 60_000;

interface Lot {
  traceCode: string;
  productCode: string;
  subjectCode?: string;
}

/**
 * For the demo (`npm start`): once the gateway has delivered a few lots, the mock issues two
 * notices about them from another region, addressed to the gateway's scope — a PROBLEM_PRODUCT
 * asking only to TRACE, then a RECALL asking to TRACE, take OFF_SHELF and RECALL. Nothing is
 * issued when the platform already holds notices (a restart of the demo keeps its own).
 * Returns a function that stops it.
 */
export function startDemoNotices(o: DemoNoticeOptions): () => void {
  const client = o.client;
  if (!client) throw new Error('demoNotices names an appKey the mock does not know');
  if (o.service.list().length > 0) return () => undefined;
  const issuerRegion = client.regionScope.startsWith('11') ? '310101' : '110105';
  const startedAt = o.clock();
  let issued = 0;
  let timer: NodeJS.Timeout | undefined;

  const lots = (): Lot[] => {
    const seen = new Map<string, Lot>();
    for (const e of o.state.acceptLog()) {
      if (e.appKey !== client.appKey || !LOT_INTERFACES.has(e.iface)) continue;
      const record = o.state.view(e.appKey, e.iface, e.recordId)?.record;
      const traceCode = record?.traceCode;
      if (typeof traceCode !== 'string' || typeof record?.productCode !== 'string' || seen.has(traceCode)) continue;
      // A producer's or market's credit code, never a person's resident ID, names who is responsible.
      const subject = record.subjectCode ?? record.marketCode;
      const credit = typeof subject === 'string' && isValidCreditCode(subject) && !/^\d{17}[\dX]$/.test(subject) ? subject : undefined;
      seen.set(traceCode, { traceCode, productCode: record.productCode, ...(credit ? { subjectCode: credit } : {}) });
      if (seen.size >= 2) break;
    }
    return [...seen.values()];
  };

  const tick = () => {
    timer = undefined;
    const found = lots();
    try {
      if (issued === 0 && found.length >= 1) {
        const lot = found[0];
        o.service.issue({
          kind: 'PROBLEM_PRODUCT',
          severity: 'MEDIUM',
          issuerRegion,
          targetRegions: [client.regionScope],
          traceCodes: [lot.traceCode],
          productCode: lot.productCode,
          ...(lot.subjectCode ? { subjectCode: lot.subjectCode } : {}),
          hazard: 'Chlorpyrifos residue above the limit in a retail sample taken at destination; trace where this lot came from and went.',
          testItem: 'CHLORPYRIFOS',
          actionsRequired: ['TRACE'],
        });
        issued = 1;
      }
      if (issued === 1 && found.length >= 2) {
        const lot = found[1];
        o.service.issue({
          kind: 'RECALL',
          severity: 'HIGH',
          issuerRegion,
          targetRegions: [client.regionScope],
          traceCodes: [lot.traceCode],
          productCode: lot.productCode,
          ...(lot.subjectCode ? { subjectCode: lot.subjectCode } : {}),
          hazard: 'Recall ordered after a failed test at destination: take the lot off the shelves and recall what was sold.',
          actionsRequired: ['TRACE', 'OFF_SHELF', 'RECALL'],
        });
        issued = 2;
      }
    } catch {
      // A lot the notice checks refuse is skipped; the next tick looks again.
    }
    if (issued < 2 && o.clock() - startedAt < GIVE_UP_MS) schedule(o.tickMs ?? TICK_MS);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  schedule(o.firstAfterMs ?? 15_000);
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
