import type { AdapterDeclaration, AdapterKind, Page, SourceAdapter } from '../../../src/adapters/types';
import { Outcome } from '../../../src/mappings/common/outcome';
import { recordIdFor } from '../../../src/common/record-id';
import type { Mapping } from '../../../src/mappings/types';
import type { AdapterInstance } from '../../../src/runtime/instances';
import type { StreamRuntime } from '../../../src/pipeline/types';

/** One row of the fixture source: a subject with a kind label the mapping translates. */
export interface PersonRow {
  id: string;
  name: string;
  code: string;
  kind: string;
  gx: string;
  idType?: 'CREDIT_CODE' | 'RESIDENT_ID';
}

export const VALID_CREDIT_CODE = '91620123MA72K4D128';
/** A well-formed resident ID (check character valid), as found in the source samples. */
export const RESIDENT_ID = '622924197803152315';

/**
 * An in-memory source with one stream (`people` → national `subjects`). Its translation of the kind
 * label lives in `labels`, so a test can "fix the table" and replay, as an operator would.
 */
export class FixtureSource {
  readonly rows: PersonRow[] = [];
  readonly labels = new Map<string, string>([
    ['企业', 'ENTERPRISE'],
    ['个体农户', 'INDIVIDUAL_FARMER'],
  ]);
  checkResult: { ok: true } | { ok: false; failure: 'config'; message: string } = { ok: true };

  readonly mapping: Mapping<PersonRow> = {
    from: { kind: 'fixture-people', stream: 'people' },
    to: 'subjects',
    tables: [],
    map: (src, ctx) => {
      const out = new Outcome();
      const subjectType =
        this.labels.get(src.kind) ?? out.error('UNKNOWN_CODE', 'kind', `kind "${src.kind}" is not in the translation table`, src.kind);
      return out.finish({
        recordId: recordIdFor(ctx.instance.sourceSystem, 'people', src.id),
        regionCode: '620123',
        sourceSystem: ctx.instance.sourceSystem,
        subjectCode: src.code,
        subjectIdType: src.idType ?? 'CREDIT_CODE',
        name: src.name,
        subjectType,
        registeredOn: '2018-04-26',
      });
    },
  };

  readonly kind: AdapterKind = {
    kind: 'fixture-people',
    streams: { people: { orderedByCursor: true, interface: 'subjects' } },
    backfillWindow: { unit: 'sequence', holds: 'rows above from and at most until' },
    optionsSchema: { type: 'object' },
    credentialFields: [],
    create: () => this.adapter('unused'),
  };

  declaration(id: string): AdapterDeclaration {
    return {
      id,
      kind: 'fixture-people',
      enabled: true,
      regionCode: '620000',
      sourceSystem: 'fx',
      schedule: '0 0 1 1 *',
      baseUrl: 'http://127.0.0.1:9',
      allowedHosts: ['127.0.0.1:9'],
      credentials: {},
      streams: {},
      options: {},
    };
  }

  adapter(id: string): SourceAdapter {
    const rows = this.rows;
    return {
      id,
      check: async () => this.checkResult,
      async *read(req): AsyncIterable<Page> {
        const after = typeof req.from?.gx === 'string' ? req.from.gx : '';
        const fresh = rows.filter((r) => r.gx > after).sort((a, b) => a.gx.localeCompare(b.gx));
        if (fresh.length === 0) return;
        yield {
          stream: 'people',
          records: fresh.map((r) => ({ sourceKey: r.id, payload: { ...r }, orderingKey: r.gx })),
          cursor: { gx: fresh[fresh.length - 1]!.gx },
        };
      },
      close: async () => undefined,
    };
  }

  instance(id: string): AdapterInstance {
    const decl = this.declaration(id);
    const rt: StreamRuntime = {
      adapterId: id,
      kind: 'fixture-people',
      stream: 'people',
      mapping: this.mapping,
      instance: { adapterId: id, regionCode: '620000', sourceSystem: 'fx', params: {} },
    };
    return { decl, kind: this.kind, adapter: this.adapter(id), streams: ['people'], runtime: (s) => (s === 'people' ? rt : undefined) };
  }
}
