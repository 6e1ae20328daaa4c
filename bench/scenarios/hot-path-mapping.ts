/**
 * Scenario 5a: mapping + national validation on one core, over raw records the real adapters read
 * from the bundled simulators (every stream of the three kinds, dirty share included).
 */
import { loadTranslationTables } from '../../src/mappings/tables';
import type { MappingContext } from '../../src/mappings/types';
import { beijingIso } from '../../src/common/time';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import type { CollectedStream } from '../lib/world';

export interface MappingFigures {
  records: number;
  passes: number;
  seconds: number;
  recordsPerSecond: number;
  byKind: Record<string, number>;
  valid: number;
}

interface Job {
  kind: string;
  run(): boolean;
}

/** One closure per record: map, then validate the record as the pipeline composes it. */
function jobs(streams: CollectedStream[]): Job[] {
  const tables = loadTranslationTables();
  const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
  const reportedAt = beijingIso(Date.now());
  const staged = new Map<string, unknown>();
  for (const s of streams)
    for (const p of s.pages) for (const r of p.records) staged.set(`${s.adapterId}/${s.runtime.stream}/${r.sourceKey}`, r.payload);
  const out: Job[] = [];
  for (const s of streams) {
    const mapping = s.runtime.mapping;
    if (!mapping) continue;
    const ctx: MappingContext = {
      tables,
      instance: s.runtime.instance,
      references: (stream, key) => staged.get(`${s.adapterId}/${stream}/${key}`),
    };
    for (const p of s.pages) {
      for (const r of p.records) {
        if (r.deleted) continue;
        out.push({
          kind: s.kind,
          run() {
            const res = mapping.map(r.payload, ctx);
            if (!res.ok) return false;
            const { recordId, regionCode, sourceSystem, ...own } = res.record;
            const record = { recordId, version: 1, regionCode, sourceSystem, reportedAt, ...own };
            return validator.validate(mapping.to, record).length === 0;
          },
        });
      }
    }
  }
  return out;
}

/** Runs every record repeatedly for at least `minSeconds` after one warm-up pass. */
export function measureMapping(streams: CollectedStream[], minSeconds: number): MappingFigures {
  const all = jobs(streams);
  if (all.length === 0) throw new Error('no records to map');
  let valid = 0;
  for (const j of all) if (j.run()) valid++; // warm-up (JIT, lazy tables)
  const byKindTime = new Map<string, { n: number; ns: bigint }>();
  let passes = 0;
  let done = 0;
  const started = process.hrtime.bigint();
  const budget = BigInt(Math.round(minSeconds * 1e9));
  while (process.hrtime.bigint() - started < budget) {
    for (const kind of new Set(all.map((j) => j.kind))) {
      const t0 = process.hrtime.bigint();
      let n = 0;
      for (const j of all) if (j.kind === kind) (j.run(), n++);
      const acc = byKindTime.get(kind) ?? { n: 0, ns: 0n };
      acc.n += n;
      acc.ns += process.hrtime.bigint() - t0;
      byKindTime.set(kind, acc);
      done += n;
    }
    passes++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const byKind: Record<string, number> = {};
  for (const [kind, { n, ns }] of byKindTime) byKind[kind] = Math.round(n / (Number(ns) / 1e9));
  return { records: all.length, passes, seconds, recordsPerSecond: done / seconds, byKind, valid };
}
