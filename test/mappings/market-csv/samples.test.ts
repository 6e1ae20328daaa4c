import { describe, expect, it } from 'vitest';
import { PageError } from '../../../src/adapters/errors';
import { marketCsvMappings } from '../../../src/mappings/market-csv';
import type { NationalInterface } from '../../../src/national/types';
import { contextWith, marketManifest, pointer, readSample, sampleVendors, validateMapped } from './support';

const mappingOf = (stream: string) => marketCsvMappings.mappings.find((m) => m.from.stream === stream)!;

describe('market samples of the manifest', () => {
  const files = marketManifest();

  it('lists every market sample', () => {
    expect(files.map((f) => f.file).sort()).toEqual([
      'market/dirty-entries.utf8bom.csv',
      'market/dirty-sales.gbk.csv',
      'market/dirty-vendors-truncated.gbk.csv',
      'market/dirty-vendors-utf8-labelled-gbk.csv',
      'market/dirty-vendors.gbk.csv',
      'market/entries.utf8bom.csv',
      'market/sales-empty.utf8bom.csv',
      'market/sales.gbk.csv',
      'market/vendors.gbk.csv',
    ]);
  });

  for (const entry of files) {
    it(`${entry.file}: every expected outcome`, async () => {
      if (entry.page?.outcome === 'PAGE_ERROR') {
        const err = await readSample(entry).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PageError);
        expect((err as PageError).code).toBe(entry.page.reason);
        return;
      }
      const { records, warnings } = await readSample(entry);
      if (entry.page?.outcome === 'PAGE_WARNING') expect(warnings).toContain(entry.page.warning);
      else expect(warnings).toEqual([]);
      expect(records.map((r) => r.sourceKey)).toEqual(entry.expect.map((e) => e.key));

      const mapping = mappingOf(entry.stream);
      const ctx = contextWith(await sampleVendors());
      entry.expect.forEach((exp, i) => {
        const result = mapping.map(records[i]!.payload, ctx);
        const where = `${exp.key} (${exp.outcome})`;
        if (exp.outcome === 'MAPPING_ERROR') {
          expect(result.ok, where).toBe(false);
          if (!result.ok)
            expect(
              result.errors.map((e) => [e.code, e.field]),
              where,
            ).toContainEqual([exp.reason, exp.field]);
          return;
        }
        expect(result.ok, where).toBe(true);
        if (!result.ok) return;
        const errors = validateMapped(mapping.to as NationalInterface, result.record);
        if (exp.outcome === 'INVALID') {
          expect(
            errors.map((e) => [e.code, e.path]),
            where,
          ).toContainEqual([exp.code, exp.path]);
          return;
        }
        expect(errors, where).toEqual([]);
        expect(result.record.recordId, where).toBe(exp.recordId);
        expect(mapping.to, where).toBe(exp.interface);
        for (const [ptr, value] of Object.entries(exp.fields ?? {})) {
          expect(pointer(result.record, ptr), `${where} ${ptr}`).toEqual(value === null ? undefined : value);
        }
        if (exp.outcome === 'MAPPED_WITH_WARNING') {
          expect(
            result.warnings.map((w) => [w.code, w.field]),
            where,
          ).toContainEqual([exp.warning, exp.field]);
        } else {
          expect(result.warnings, where).toEqual([]);
        }
      });
    });
  }

  it('sales.gbk.csv: the correction of XS24061203020003 supersedes its first row without UNFLAGGED_REVISION', async () => {
    const entry = files.find((f) => f.file === 'market/sales.gbk.csv')!;
    const { records } = await readSample(entry);
    const revisions = records.filter((r) => r.sourceKey === 'XS24061203020003');
    expect(revisions.map((r) => r.orderingKey)).toEqual(['00000000000000090002', '00000000000000090005']);
    expect(revisions.every((r) => r.warnings === undefined)).toBe(true);
    const ctx = contextWith(await sampleVendors());
    const [first, second] = revisions.map((r) => mappingOf('sales').map(r.payload, ctx));
    expect(first!.ok && second!.ok).toBe(true);
    if (first!.ok && second!.ok) expect(second.record).not.toEqual(first.record);
  });
});
