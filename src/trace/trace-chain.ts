import type { Queryable } from '../db/pool';
import {
  recordsWithTraceCodes,
  subjectsWithCodes,
  tradesFromParents,
  transportsCarrying,
  type TraceRecordRow,
  type TraceScope,
} from '../db/queries/trace';

/** Bounds that keep one query cheap whatever the data: hops each way, codes visited, rows per step. */
export const TRACE_LIMITS = { maxHops: 6, maxCodes: 200, rowsPerStep: 500 } as const;

export interface TraceRecord {
  interface: string;
  recordId: string;
  version: number;
  state: string;
  traceCode: string | null;
  adapterId: string;
  createdAt: Date;
  deliveredAt: Date | null;
  body: Record<string, unknown>;
}

export interface TraceNode {
  traceCode: string;
  /** 0 = the code asked for; negative = upstream (where it came from), positive = downstream. */
  hop: number;
  relation: 'self' | 'upstream' | 'downstream';
  records: TraceRecord[];
}

/** Parties named by the records of the code and its upstream, with their registration when held. */
const PARTY_FIELDS: Readonly<Record<string, ReadonlyArray<[field: string, role: string]>>> = {
  batches: [['subjectCode', 'producer']],
  certificates: [['subjectCode', 'issuer']],
  slaughter: [['slaughterhouseCode', 'slaughterhouse']],
  entries: [
    ['supplierCode', 'supplier'],
    ['vendorCode', 'vendor'],
    ['marketCode', 'market'],
  ],
  trades: [
    ['sellerCode', 'seller'],
    ['marketCode', 'market'],
  ],
};

function toRecord(row: TraceRecordRow): TraceRecord {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(row.body) as Record<string, unknown>;
  } catch {
    /* a body is always JSON; an unreadable one shows empty rather than failing the whole chain */
  }
  return {
    interface: row.interface,
    recordId: row.recordId,
    version: row.version,
    state: row.state,
    traceCode: row.traceCode,
    adapterId: row.adapterId,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
    body,
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * Follows a trace code through what the gateway holds: upstream through trades' parentTraceCode (the
 * goods a ticket was sold from), downstream through trades sold from it and transports carrying it,
 * up to `maxHops` each way and TRACE_LIMITS.maxCodes codes. Every record shown is its newest version, or with
 * scope `accepted` its newest version the platform accepted (records never accepted are not followed).
 */
export async function traceChain(db: Queryable, traceCode: string, maxHops: number, scope: TraceScope = 'all') {
  const hops = Math.max(0, Math.min(maxHops, TRACE_LIMITS.maxHops));
  const nodes = new Map<string, { hop: number; relation: TraceNode['relation'] }>([[traceCode, { hop: 0, relation: 'self' }]]);
  const links: Array<{ from: string; to: string; via: 'trades'; recordId: string }> = [];
  let truncated = false;
  const room = (): boolean => {
    if (nodes.size < TRACE_LIMITS.maxCodes) return true;
    truncated = true;
    return false;
  };

  let frontier = [traceCode];
  for (let h = 1; h <= hops && frontier.length > 0; h++) {
    const trades = (await recordsWithTraceCodes(db, frontier, TRACE_LIMITS.rowsPerStep, scope))
      .filter((r) => r.interface === 'trades')
      .map(toRecord);
    const next: string[] = [];
    for (const t of trades) {
      const parent = str(t.body.parentTraceCode);
      if (!parent) continue;
      links.push({ from: parent, to: t.traceCode!, via: 'trades', recordId: t.recordId });
      if (!nodes.has(parent) && room()) {
        nodes.set(parent, { hop: -h, relation: 'upstream' });
        next.push(parent);
      }
    }
    frontier = next;
  }

  frontier = [traceCode];
  for (let h = 1; h <= hops && frontier.length > 0; h++) {
    const children = (await tradesFromParents(db, frontier, TRACE_LIMITS.rowsPerStep, scope)).map(toRecord);
    if (children.length >= TRACE_LIMITS.rowsPerStep) truncated = true;
    const next: string[] = [];
    for (const c of children) {
      const parent = str(c.body.parentTraceCode)!;
      if (!c.traceCode) continue;
      if (!links.some((l) => l.recordId === c.recordId)) links.push({ from: parent, to: c.traceCode, via: 'trades', recordId: c.recordId });
      if (!nodes.has(c.traceCode) && room()) {
        nodes.set(c.traceCode, { hop: h, relation: 'downstream' });
        next.push(c.traceCode);
      }
    }
    frontier = next;
  }

  const codes = [...nodes.keys()];
  const held = (await recordsWithTraceCodes(db, codes, TRACE_LIMITS.rowsPerStep, scope)).map(toRecord);
  if (held.length >= TRACE_LIMITS.rowsPerStep) truncated = true;
  const downstreamCodes = codes.filter((c) => nodes.get(c)!.hop >= 0);
  const transports = (await transportsCarrying(db, downstreamCodes, TRACE_LIMITS.rowsPerStep, scope)).map(toRecord);

  const partyRefs: Array<{ code: string; role: string; traceCode: string; interface: string; recordId: string }> = [];
  for (const r of held) {
    if (!r.traceCode || nodes.get(r.traceCode)!.hop > 0) continue;
    for (const [field, role] of PARTY_FIELDS[r.interface] ?? []) {
      const code = str(r.body[field]);
      if (code) partyRefs.push({ code, role, traceCode: r.traceCode, interface: r.interface, recordId: r.recordId });
    }
  }
  const subjects = (await subjectsWithCodes(db, [...new Set(partyRefs.map((p) => p.code))], TRACE_LIMITS.rowsPerStep, scope)).map(toRecord);

  const out: TraceNode[] = codes
    .map((code) => ({ traceCode: code, ...nodes.get(code)!, records: held.filter((r) => r.traceCode === code) }))
    .sort((a, b) => a.hop - b.hop || a.traceCode.localeCompare(b.traceCode));
  return {
    traceCode,
    maxHops: hops,
    nodes: out,
    links,
    transports,
    parties: partyRefs.map((p) => ({ ...p, subject: subjects.find((s) => s.body.subjectCode === p.code) ?? null })),
    truncated,
  };
}
