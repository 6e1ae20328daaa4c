import { describe, expect, it } from 'vitest';
import { PageError } from '../../../src/adapters/errors';
import { readEnvelope } from '../../../src/adapters/provincial-rest/envelope';
import { parseListBody, toRawRecord, type ProvincialStream } from '../../../src/adapters/provincial-rest/streams';
import type { RawRecord } from '../../../src/adapters/types';
import { provincialRestMappings } from '../../../src/mappings/provincial-rest';
import type { NationalInterface } from '../../../src/national/types';
import { contextWith, pointer, provincialManifest, sample, validateMapped } from './support';

interface Expectation {
  key: string;
  outcome: 'MAPPED' | 'MAPPED_WITH_WARNING' | 'DELETED_AT_SOURCE' | 'MAPPING_ERROR' | 'INVALID';
  interface?: NationalInterface;
  recordId?: string;
  fields?: Record<string, unknown>;
  warning?: string;
  reason?: string;
  field?: string;
  code?: string;
  path?: string;
}

const files = provincialManifest();

/** Enterprises as the pipeline would have staged them before batches and certificates: newest gxsj wins. */
function stagedEnterprises(): Map<string, unknown> {
  const staged = new Map<string, RawRecord>();
  const pages = files
    .filter((f) => f.stream === 'enterprises' && Array.isArray(f.expect) && !f.page)
    .map((f) => parseListBody('enterprises', sample(f.file)).records);
  const lookup = toRawRecord('enterprises', readEnvelope(sample('provincial/enterprise-lookup-response.json')).data, 'data');
  for (const rec of [...pages.flat(), lookup]) {
    const cur = staged.get(rec.sourceKey);
    if (!cur || rec.orderingKey >= cur.orderingKey) staged.set(rec.sourceKey, rec);
  }
  return new Map([...staged].map(([k, r]) => [k, r.payload]));
}

const ctx = contextWith(stagedEnterprises());

describe('provincial samples of the manifest', () => {
  it('lists every provincial sample page', () => {
    expect(files.filter((f) => f.stream && Array.isArray(f.expect)).length).toBeGreaterThanOrEqual(13);
  });

  for (const f of files.filter((x) => x.page?.outcome === 'PAGE_ERROR')) {
    it(`${f.file}: whole page refused with ${f.page!.reason}`, () => {
      let error: unknown;
      try {
        parseListBody(f.stream as ProvincialStream, sample(f.file));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(PageError);
      expect((error as PageError).code).toBe(f.page!.reason);
    });
  }

  for (const f of files.filter((x) => x.stream && Array.isArray(x.expect) && !x.page)) {
    describe(f.file, () => {
      const page = parseListBody(f.stream as ProvincialStream, sample(f.file));
      const expectations = f.expect as Expectation[];
      const mapping = provincialRestMappings.mappings.find((m) => m.from.stream === f.stream)!;

      it('has one record per expectation, in body order', () => {
        expect(page.records.map((r) => r.sourceKey)).toEqual(expectations.map((e) => e.key));
      });

      expectations.forEach((exp, i) => {
        it(`${exp.key}: ${exp.outcome}${(exp.reason ?? exp.code ?? exp.warning) ? ` ${exp.reason ?? exp.code ?? exp.warning}` : ''}`, () => {
          const rec = page.records[i]!;
          expect(rec.orderingKey).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
          if (exp.outcome === 'DELETED_AT_SOURCE') {
            expect(rec.deleted).toBe(true);
            return;
          }
          expect(rec.deleted).toBeFalsy();
          const result = mapping.map(rec.payload, ctx);
          if (exp.outcome === 'MAPPING_ERROR') {
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.errors).toContainEqual(expect.objectContaining({ code: exp.reason, field: exp.field }));
            return;
          }
          expect(result.ok, JSON.stringify(result)).toBe(true);
          if (!result.ok) return;
          const errors = validateMapped(mapping.to, result.record);
          if (exp.outcome === 'INVALID') {
            expect(errors).toContainEqual(expect.objectContaining({ code: exp.code, path: exp.path }));
            return;
          }
          expect(errors).toEqual([]);
          expect(mapping.to).toBe(exp.interface);
          expect(result.record.recordId).toBe(exp.recordId);
          for (const [ptr, value] of Object.entries(exp.fields ?? {})) {
            expect(pointer(result.record, ptr), ptr).toEqual(value === null ? undefined : value);
          }
          if (exp.outcome === 'MAPPED_WITH_WARNING') {
            expect(result.warnings).toContainEqual(expect.objectContaining({ code: exp.warning, field: exp.field }));
          } else {
            expect(result.warnings).toEqual([]);
          }
        });
      });
    });
  }
});
