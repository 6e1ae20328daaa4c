import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PageError } from '../../../src/adapters/errors';
import { readResponse } from '../../../src/adapters/mvts-xml/xml';
import type { MvtsStream } from '../../../src/adapters/mvts-xml/streams';
import { mvtsXmlMappings } from '../../../src/mappings/mvts-xml';
import { canonicalJson } from '../../../src/pipeline/canonical';
import type { NationalInterface } from '../../../src/national/types';
import { ctx, nationalErrors, SAMPLES, sampleRecords } from './helpers';
import { pointer } from '../../helpers/mapping-fixtures';

interface Expectation {
  key: string;
  outcome: 'MAPPED' | 'MAPPED_WITH_WARNING' | 'DELETED_AT_SOURCE' | 'MAPPING_ERROR' | 'INVALID';
  interface?: NationalInterface;
  recordId?: string;
  version?: number;
  fields?: Record<string, unknown>;
  reason?: string;
  field?: string;
  warning?: string;
  code?: string;
  path?: string;
}

interface ManifestFile {
  file: string;
  source: string;
  stream?: MvtsStream;
  kind?: string;
  expect?: Expectation[] | string;
  page?: { outcome: 'PAGE_ERROR' | 'PAGE_WARNING'; reason?: string; warning?: string };
}

const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };
const mvtsFiles = manifest.files.filter((f) => f.source === 'mvts' && f.stream);

describe('mvts samples of the manifest', () => {
  it('covers every mvts response with records', () => {
    expect(mvtsFiles.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        'mvts/tz-response.xml',
        'mvts/jc-response.xml',
        'mvts/jy-response.xml',
        'mvts/ps-response.xml',
        'mvts/dirty-tz-response.xml',
        'mvts/dirty-ps-response.xml',
      ]),
    );
  });

  // Versions depend on the order of the files: keep the last mapped content per recordId.
  const versions = new Map<string, { content: string; version: number }>();

  for (const file of mvtsFiles) {
    it(`${file.file}: every expectation holds`, async () => {
      const stream = file.stream!;
      if (file.page?.outcome === 'PAGE_ERROR') {
        const body = fs.readFileSync(path.join(SAMPLES, file.file));
        const err = await readResponse(body, 'text/xml; charset=GBK').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PageError);
        expect((err as PageError).code).toBe(file.page.reason);
        return;
      }
      const records = await sampleRecords(file.file, stream);
      if (file.page?.outcome === 'PAGE_WARNING') {
        const body = fs.readFileSync(path.join(SAMPLES, file.file));
        const res = await readResponse(body, 'text/xml; charset=GBK');
        expect(res.warnings.map((w) => w.code)).toContain(file.page.warning);
        for (const r of records) expect(r.warnings?.map((w) => w.code)).toContain(file.page.warning);
      }
      const expects = Array.isArray(file.expect) ? file.expect : [];
      expect(records.map((r) => r.sourceKey)).toEqual(expects.map((e) => e.key));
      const mapping = mvtsXmlMappings.mappings.find((m) => m.from.stream === stream)!;
      records.forEach((raw, i) => {
        const exp = expects[i]!;
        const result = mapping.map(raw.payload, ctx);
        const label = `${file.file} ${exp.key}`;
        switch (exp.outcome) {
          case 'MAPPED':
          case 'MAPPED_WITH_WARNING': {
            expect(result.ok, `${label}: ${JSON.stringify(result)}`).toBe(true);
            if (!result.ok) return;
            expect(mapping.to).toBe(exp.interface);
            expect(result.record.recordId).toBe(exp.recordId);
            for (const [ptr, value] of Object.entries(exp.fields ?? {})) {
              expect(pointer(result.record, ptr), `${label} ${ptr}`).toEqual(value === null ? undefined : value);
            }
            expect(nationalErrors(mapping.to, result), label).toEqual([]);
            if (exp.outcome === 'MAPPED_WITH_WARNING') {
              expect(result.warnings).toContainEqual(expect.objectContaining({ code: exp.warning, field: exp.field }));
            } else {
              expect(result.warnings).toEqual([]);
            }
            const content = canonicalJson(result.record);
            const prev = versions.get(result.record.recordId);
            const version = prev ? (prev.content === content ? prev.version : prev.version + 1) : 1;
            versions.set(result.record.recordId, { content, version });
            if (exp.version !== undefined) expect(version, `${label} version`).toBe(exp.version);
            break;
          }
          case 'MAPPING_ERROR':
            expect(result.ok, label).toBe(false);
            if (result.ok) return;
            expect(result.errors).toContainEqual(expect.objectContaining({ code: exp.reason, field: exp.field }));
            break;
          case 'INVALID': {
            expect(result.ok, `${label}: ${JSON.stringify(result)}`).toBe(true);
            const errors = nationalErrors(mapping.to, result);
            expect(errors, label).toContainEqual(expect.objectContaining({ code: exp.code, path: exp.path }));
            break;
          }
          default:
            throw new Error(`${label}: outcome ${exp.outcome} does not occur for mvts`);
        }
      });
    });
  }
});
