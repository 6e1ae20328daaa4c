import type { NationalInterface } from '../../national/types';
import type { MockState } from './state';

/** A stored record (latest accepted version) as the chain of §8.6 sees it. */
export interface ChainRecord {
  appKey: string;
  iface: NationalInterface;
  recordId: string;
  record: Record<string, unknown>;
}

const TRACED: ReadonlySet<NationalInterface> = new Set(['batches', 'inspections', 'certificates', 'slaughter', 'entries', 'trades']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function push<K, V>(map: Map<K, V[]>, key: K | undefined, value: V): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The records of every appKey indexed for §8.6, built from the mock's accept log and kept up to
 * date lazily: only the latest accepted version of each record counts.
 */
export class ChainIndex {
  private consumed = 0;
  private readonly latest = new Map<string, ChainRecord>();
  private dirty = true;
  private byTrace = new Map<string, ChainRecord[]>();
  private byParent = new Map<string, ChainRecord[]>();
  private byTransport = new Map<string, ChainRecord[]>();
  private byOriginCertificate = new Map<string, ChainRecord[]>();

  constructor(private readonly state: MockState) {}

  private refresh(): void {
    const log = this.state.acceptLog();
    for (; this.consumed < log.length; this.consumed++) {
      const e = log[this.consumed];
      const view = this.state.view(e.appKey, e.iface, e.recordId);
      if (!view) continue;
      this.latest.set(`${e.appKey}\u0000${e.iface}\u0000${e.recordId}`, {
        appKey: e.appKey,
        iface: e.iface,
        recordId: e.recordId,
        record: view.record,
      });
      this.dirty = true;
    }
    if (!this.dirty) return;
    this.byTrace = new Map();
    this.byParent = new Map();
    this.byTransport = new Map();
    this.byOriginCertificate = new Map();
    for (const r of this.latest.values()) {
      if (TRACED.has(r.iface)) push(this.byTrace, str(r.record.traceCode), r);
      if (r.iface === 'trades') push(this.byParent, str(r.record.parentTraceCode), r);
      if (r.iface === 'transports' && Array.isArray(r.record.traceCodes)) {
        for (const code of new Set(r.record.traceCodes)) push(this.byTransport, str(code), r);
      }
      if (r.iface === 'entries') push(this.byOriginCertificate, str(r.record.originCertificateNo), r);
    }
    this.dirty = false;
  }

  /**
   * §8.6 from `traceCodes`, over the records of `appKey` (or of every appKey when undefined):
   * the records in the chain and the final set S of trace codes.
   */
  chain(traceCodes: readonly string[], appKey?: string): { records: ChainRecord[]; traceCodes: Set<string> } {
    this.refresh();
    const mine = (r: ChainRecord) => appKey === undefined || r.appKey === appKey;
    const codes = new Set(traceCodes);
    const inChain = new Set<ChainRecord>();
    let grew = true;
    while (grew) {
      grew = false;
      const add = (r: ChainRecord, newCode?: unknown) => {
        if (!mine(r)) return;
        if (!inChain.has(r)) {
          inChain.add(r);
          grew = true;
        }
        const code = str(newCode);
        if (code !== undefined && !codes.has(code)) {
          codes.add(code);
          grew = true;
        }
      };
      for (const code of [...codes]) {
        for (const r of this.byTrace.get(code) ?? []) add(r);
        for (const r of this.byParent.get(code) ?? []) add(r, r.record.traceCode);
        for (const r of this.byTransport.get(code) ?? []) add(r);
      }
      for (const r of [...inChain]) {
        if (r.iface !== 'certificates') continue;
        for (const entry of this.byOriginCertificate.get(str(r.record.certificateNo) ?? '') ?? []) add(entry, entry.record.traceCode);
      }
    }
    return { records: [...inChain], traceCodes: codes };
  }
}
