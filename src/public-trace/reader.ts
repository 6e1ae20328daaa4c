import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/pool';
import { subjectsWithCodes, transportsCarrying } from '../db/queries/trace';
import { isValidTraceCode } from '../national/check-characters';
import type { CodeLists } from '../national/codelists';
import { TRACE_LIMITS, traceChain } from '../trace/trace-chain';
import type { OpenNotice } from '../db/queries/notices';
import { buildPublicTrace, partyCodesOf, type PublicTrace } from './public-trace';

/** A stored body is always JSON; an unreadable one shows as empty rather than failing the page. */
function parseBody(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export interface PublicTraceReaderDeps {
  db: Queryable;
  /** The code lists in force (labels, and the provinces a trace code's region must start with). */
  codeLists(): CodeLists;
  /** Open notices naming one of the codes (src/db/queries/notices.ts). */
  noticesCovering(db: Queryable, traceCodes: readonly string[]): Promise<OpenNotice[]>;
  /** How long a code's answer is kept in memory; 0 reads the database on every request. */
  cacheSeconds: number;
  /** Parties named in a directory the province keeps (a kind's party directory, such as the mvts nodes), by code. */
  directory?(): ReadonlyMap<string, Record<string, unknown>>;
  /** Codes kept at most (least recently used leave first). */
  cacheEntries?: number;
}

export interface PublicTraceReader {
  /** A trace code of the national shape (§6.4, §7.17: structure, date, province, check digit); checked before any read. */
  isWellFormed(code: string): boolean;
  /** The public view of a well-formed code, or null when the gateway holds no accepted record and no open notice for it. */
  read(code: string): Promise<PublicTrace | null>;
}

/**
 * Reads public traces: the chain of records the platform accepted (trace-chain with scope `accepted`), the
 * registrations of the parties they name, and the open notices covering the code or its upstream. Answers
 * (unknown codes included, so guessing codes costs the database little) are kept per code for a short time,
 * and concurrent requests for one code share one read.
 */
export function createPublicTraceReader(deps: PublicTraceReaderDeps): PublicTraceReader {
  async function load(code: string): Promise<PublicTrace | null> {
    const chain = await traceChain(deps.db, code, TRACE_LIMITS.maxHops, 'accepted');
    // The chain follows transports from the code downstream; a consumer also sees how the goods it came from travelled.
    const upstream = chain.nodes.filter((n) => n.hop < 0).map((n) => n.traceCode);
    for (const row of await transportsCarrying(deps.db, upstream, TRACE_LIMITS.rowsPerStep, 'accepted')) {
      if (chain.transports.some((t) => t.recordId === row.recordId)) continue;
      chain.transports.push({ ...row, body: parseBody(row.body) });
    }
    const subjects = new Map<string, Record<string, unknown>>();
    for (const row of await subjectsWithCodes(deps.db, partyCodesOf(chain), TRACE_LIMITS.rowsPerStep, 'accepted')) {
      const body = parseBody(row.body);
      if (typeof body.subjectCode === 'string') subjects.set(body.subjectCode, body);
    }
    // A notice on the code, or on the goods it was sold from, concerns whoever holds this code.
    const covered = chain.nodes.filter((n) => n.hop <= 0).map((n) => n.traceCode);
    const notices = await deps.noticesCovering(deps.db, covered);
    const trace = buildPublicTrace(code, chain, subjects, notices, deps.codeLists(), deps.directory?.());
    return trace.found || trace.warnings.length > 0 ? trace : null;
  }

  const cache =
    deps.cacheSeconds > 0
      ? new LRUCache<string, { trace: PublicTrace | null }>({
          max: deps.cacheEntries ?? 10_000,
          ttl: deps.cacheSeconds * 1000,
          fetchMethod: async (code) => ({ trace: await load(code) }),
        })
      : null;

  return {
    isWellFormed: (code) => isValidTraceCode(code, (province) => deps.codeLists().has('provinces', province)),
    async read(code) {
      if (!cache) return load(code);
      return (await cache.fetch(code))?.trace ?? null;
    },
  };
}
