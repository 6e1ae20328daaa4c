import type { Generated } from './generator';
import { RECORD_TYPES, type RecordType } from './types';

function compare(a: Generated, b: Generated): number {
  if (a.uploadTime !== b.uploadTime) return a.uploadTime < b.uploadTime ? -1 : 1;
  return a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0;
}

/** First index whose uploadTime is ≥ `time` in a list sorted by (UploadTime, key). */
function lowerBound(list: Generated[], time: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.uploadTime < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The central system's records: the newest revision per source key (a re-upload replaces the stored
 * record, §4.12), ordered by (UploadTime, source key) for windows and paging (§4.4).
 */
export class RecordStore {
  private readonly byKey = new Map<RecordType, Map<string, Generated>>(RECORD_TYPES.map((t) => [t, new Map()]));
  private readonly sorted = new Map<RecordType, Generated[]>();

  put(rec: Generated): void {
    this.byKey.get(rec.stream)!.set(rec.sourceKey, rec);
    this.sorted.delete(rec.stream);
  }

  get(stream: RecordType, key: string): Generated | undefined {
    return this.byKey.get(stream)!.get(key);
  }

  size(stream: RecordType): number {
    return this.byKey.get(stream)!.size;
  }

  /** Records with UploadTime in [start, end), compact times compared as text. */
  window(stream: RecordType, start: string, end: string): Generated[] {
    let list = this.sorted.get(stream);
    if (!list) {
      list = [...this.byKey.get(stream)!.values()].sort(compare);
      this.sorted.set(stream, list);
    }
    return list.slice(lowerBound(list, start), lowerBound(list, end));
  }

  all(): Generated[] {
    return RECORD_TYPES.flatMap((t) => [...this.byKey.get(t)!.values()]);
  }

  keys(stream: RecordType): string[] {
    return [...this.byKey.get(stream)!.keys()];
  }
}
