import type { TraceLinks } from '../db/queries/national-records';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The codes of a national record that trace lookups search by (TraceLinks), read from the record as
 * mapped, so that no index has to parse its stored body again.
 */
export function traceLinks(iface: string, record: Readonly<Record<string, unknown>>): TraceLinks {
  const carried = record.traceCodes;
  return {
    traceCode: text(record.traceCode),
    subjectCode: iface === 'subjects' ? text(record.subjectCode) : null,
    parentTraceCode: iface === 'trades' ? text(record.parentTraceCode) : null,
    carriedTraceCodes: iface === 'transports' && Array.isArray(carried) ? carried.filter((c): c is string => typeof c === 'string') : null,
    originCertificateNo: iface === 'entries' ? text(record.originCertificateNo) : null,
  };
}
