import type { Queryable } from '../db/pool';
import { chainCandidates, versionsOf, type ChainVersionRow } from '../db/queries/notice-chain';

/** A record of the chain: its latest version the platform accepted. */
export interface ChainRecord {
  interface: string;
  recordId: string;
  version: number;
  traceCode: string | null;
  deliveredAt: Date | null;
  body: Record<string, unknown>;
}

/** A record that meets a rule of the chain but whose newest version the platform has not (yet) accepted. */
export interface HeldRecord {
  interface: string;
  recordId: string;
  version: number;
  state: string;
}

export interface NoticeChain {
  /** The §8.6 set: latest accepted version of each record in the chain, ordered by interface and recordId. */
  records: ChainRecord[];
  /** Newest version still on its way to the platform (pending or in a batch not yet answered). */
  pending: HeldRecord[];
  /** Newest version refused (by validation or by the platform): quarantined until an operator replays it. */
  quarantined: HeldRecord[];
  /** The trace codes the chain reached (S of §8.6). */
  traceCodes: string[];
  /** The walk stopped at CHAIN_LIMITS before the set stopped growing. */
  truncated: boolean;
}

/** Bounds that keep one walk finite whatever the data. */
export const CHAIN_LIMITS = { maxRounds: 50, maxCodes: 5000, maxRecords: 20_000 } as const;

const ACCEPTED = new Set(['accepted', 'duplicate']);
const ON_ITS_WAY = new Set(['pending', 'batched']);
const TRACE_CODE_INTERFACES = new Set(['batches', 'inspections', 'certificates', 'slaughter', 'entries', 'trades']);

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function parse(body: string): Record<string, unknown> {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Which rule of §8.6 a version meets for the codes and certificate numbers known so far; null for none. */
function meetsRule(iface: string, body: Record<string, unknown>, codes: ReadonlySet<string>, certificateNos: ReadonlySet<string>): boolean {
  const own = str(body.traceCode);
  if (TRACE_CODE_INTERFACES.has(iface) && own && codes.has(own)) return true;
  if (iface === 'trades' && codes.has(str(body.parentTraceCode) ?? '')) return true;
  if (iface === 'transports' && Array.isArray(body.traceCodes) && body.traceCodes.some((c) => typeof c === 'string' && codes.has(c.trim())))
    return true;
  if (iface === 'entries' && certificateNos.has(str(body.originCertificateNo) ?? '')) return true;
  return false;
}

/**
 * The chain of §8.6 from the gateway's own records: starting from the notice's trace codes, adds
 * records by the four rules until nothing new is added, judging each record by its latest version the
 * platform accepted (ACCEPTED or DUPLICATE). Records that meet a rule but whose newest version is
 * still on its way, or was refused, are listed apart for operators and never count as findings.
 */
export async function noticeChain(db: Queryable, traceCodes: readonly string[]): Promise<NoticeChain> {
  const codes = new Set(traceCodes);
  const certificateNos = new Set<string>();
  const inChain = new Map<string, ChainRecord>();
  const held = new Map<string, HeldRecord & { kind: 'pending' | 'quarantined' }>();
  let truncated = false;

  for (let round = 0; ; round++) {
    if (round >= CHAIN_LIMITS.maxRounds) {
      truncated = true;
      break;
    }
    const sizeBefore = codes.size + certificateNos.size + inChain.size;
    const candidates = (await chainCandidates(db, [...codes], [...certificateNos])).filter(
      (c) => !inChain.has(`${c.interface}:${c.recordId}`),
    );
    const versions = await versionsOf(db, candidates);
    const byRecord = new Map<string, ChainVersionRow[]>();
    for (const v of versions) {
      const key = `${v.interface}:${v.recordId}`;
      (byRecord.get(key) ?? byRecord.set(key, []).get(key)!).push(v);
    }
    for (const [key, vs] of byRecord) {
      // Newest first (versionsOf orders so).
      const newest = vs[0]!;
      const accepted = vs.find((v) => ACCEPTED.has(v.state));
      if (accepted) {
        const body = parse(accepted.body);
        if (meetsRule(accepted.interface, body, codes, certificateNos)) {
          inChain.set(key, {
            interface: accepted.interface,
            recordId: accepted.recordId,
            version: accepted.version,
            traceCode: accepted.traceCode,
            deliveredAt: accepted.deliveredAt,
            body,
          });
          const own = str(body.traceCode);
          if ((accepted.interface === 'trades' || accepted.interface === 'entries') && own) codes.add(own);
          if (accepted.interface === 'certificates' && str(body.certificateNo)) certificateNos.add(str(body.certificateNo)!);
        }
      }
      if (newest !== accepted && (ON_ITS_WAY.has(newest.state) || newest.state === 'rejected')) {
        if (meetsRule(newest.interface, parse(newest.body), codes, certificateNos)) {
          held.set(key, {
            interface: newest.interface,
            recordId: newest.recordId,
            version: newest.version,
            state: newest.state,
            kind: ON_ITS_WAY.has(newest.state) ? 'pending' : 'quarantined',
          });
        }
      }
    }
    if (codes.size > CHAIN_LIMITS.maxCodes || inChain.size > CHAIN_LIMITS.maxRecords) {
      truncated = true;
      break;
    }
    if (codes.size + certificateNos.size + inChain.size === sizeBefore) break;
  }
  const order = (a: { interface: string; recordId: string }, b: { interface: string; recordId: string }) =>
    a.interface.localeCompare(b.interface) || a.recordId.localeCompare(b.recordId);
  const heldList = [...held.values()].sort(order);
  return {
    records: [...inChain.values()].sort(order),
    pending: heldList.filter((h) => h.kind === 'pending').map(({ kind: _k, ...h }) => h),
    quarantined: heldList.filter((h) => h.kind === 'quarantined').map(({ kind: _k, ...h }) => h),
    traceCodes: [...codes].sort(),
    truncated,
  };
}
