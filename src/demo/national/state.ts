import { NATIONAL_INTERFACES, type NationalInterface, type Receipt } from '../../national/types';
import type { Journal } from './journal';
import type { AcceptEvent, RecordCounts, StoredRecordView } from './types';

const HOUR_MS = 3_600_000;

/** The platform's own clock reading, written with the +08:00 offset. */
export function isoUtc8(ms: number): string {
  return `${new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 23)}+08:00`;
}

export function dateUtc8(ms: number): string {
  return new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 10);
}

export function dateUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface StoredRecord {
  version: number;
  canonical: string;
  receivedAt: string;
}

/** One write of an ACCEPTED record. */
export interface RecordWrite {
  recordId: string;
  version: number;
  canonical: string;
}

/** Everything one processed batch changes; also the journal line. */
export interface BatchEntry {
  type: 'batch';
  appKey: string;
  iface: NationalInterface;
  receivedAtMs: number;
  receipt: Receipt;
  writes: RecordWrite[];
  /** A reprocessed repeat (quirk): its receipt does not replace the original. */
  repeat?: boolean;
}

const zeroCounts = (): RecordCounts => ({ accepted: 0, duplicate: 0, rejected: 0 });

function allZero(): Record<NationalInterface, RecordCounts> {
  return Object.fromEntries(NATIONAL_INTERFACES.map((i) => [i, zeroCounts()])) as Record<NationalInterface, RecordCounts>;
}

const key = (...parts: string[]) => parts.join('\u0000');

export class MockState {
  private readonly records = new Map<string, StoredRecord>();
  private readonly receipts = new Map<string, { appKey: string; receipt: Receipt }>();
  private readonly batchIds = new Map<string, string>();
  private readonly statsUtc8 = new Map<string, Record<NationalInterface, RecordCounts>>();
  private readonly statsUtc = new Map<string, Record<NationalInterface, RecordCounts>>();
  private readonly totals = allZero();
  private readonly accepts: AcceptEvent[] = [];

  constructor(private readonly journal?: Journal) {}

  /** Applies entries read back from the journal, without writing them again. */
  replay(entries: readonly unknown[]): void {
    for (const entry of entries) {
      if ((entry as BatchEntry | null)?.type === 'batch') this.apply(entry as BatchEntry);
    }
  }

  /** Makes a batch durable first, then visible. */
  commit(entry: BatchEntry): void {
    this.journal?.append(entry);
    this.apply(entry);
  }

  record(appKey: string, iface: NationalInterface, recordId: string): StoredRecord | undefined {
    return this.records.get(key(appKey, iface, recordId));
  }

  view(appKey: string, iface: NationalInterface, recordId: string): StoredRecordView | undefined {
    const stored = this.record(appKey, iface, recordId);
    if (!stored) return undefined;
    return { ...stored, record: JSON.parse(stored.canonical) as Record<string, unknown> };
  }

  receiptForBatch(appKey: string, batchId: string): Receipt | undefined {
    const receiptId = this.batchIds.get(key(appKey, batchId));
    return receiptId === undefined ? undefined : this.receipts.get(receiptId)?.receipt;
  }

  receipt(appKey: string, receiptId: string): Receipt | undefined {
    const found = this.receipts.get(receiptId);
    return found && found.appKey === appKey ? found.receipt : undefined;
  }

  stats(appKey: string, date: string, inUtc: boolean): Record<NationalInterface, RecordCounts> {
    const counts = (inUtc ? this.statsUtc : this.statsUtc8).get(key(appKey, date));
    return counts ? structuredClone(counts) : allZero();
  }

  totalsByInterface(): Record<NationalInterface, RecordCounts> {
    return structuredClone(this.totals);
  }

  storedCount(): number {
    return this.records.size;
  }

  receiptCount(): number {
    return this.receipts.size;
  }

  acceptLog(): readonly AcceptEvent[] {
    return this.accepts;
  }

  private apply(entry: BatchEntry): void {
    const receivedAt = isoUtc8(entry.receivedAtMs);
    for (const w of entry.writes) {
      this.records.set(key(entry.appKey, entry.iface, w.recordId), { version: w.version, canonical: w.canonical, receivedAt });
      this.accepts.push({ appKey: entry.appKey, iface: entry.iface, recordId: w.recordId, version: w.version, receivedAt });
    }
    const r = entry.receipt;
    if (!entry.repeat) {
      this.receipts.set(r.receiptId, { appKey: entry.appKey, receipt: r });
      this.batchIds.set(key(entry.appKey, r.batchId), r.receiptId);
    }
    const add = (target: RecordCounts) => {
      target.accepted += r.accepted;
      target.duplicate += r.duplicate;
      target.rejected += r.rejected;
    };
    add(this.totals[entry.iface]);
    for (const [map, date] of [
      [this.statsUtc8, dateUtc8(entry.receivedAtMs)],
      [this.statsUtc, dateUtc(entry.receivedAtMs)],
    ] as const) {
      const k = key(entry.appKey, date);
      let counts = map.get(k);
      if (!counts) map.set(k, (counts = allZero()));
      add(counts[entry.iface]);
    }
  }
}
