import type { AdapterDeclaration, AdapterKind, Page, SourceAdapter } from '../../../src/adapters/types';
import { Outcome } from '../../../src/mappings/common/outcome';
import { recordIdFor } from '../../../src/common/record-id';
import type { Mapping } from '../../../src/mappings/types';
import { NATIONAL_INTERFACES, type NationalInterface } from '../../../src/national/types';
import type { StreamRuntime } from '../../../src/pipeline/types';
import type { AdapterInstance } from '../../../src/runtime/instances';

interface Row {
  key: string;
  record: Record<string, unknown>;
  gx: string;
}

/**
 * An in-memory source whose streams are the eight national interfaces and whose rows already have the
 * national fields: the mapping adds the common fields, and everything else (staging, versions,
 * validation, batches, delivery to the mock platform, receipts) is the gateway's real pipeline.
 */
export class NationalRecordsSource {
  private readonly rows = new Map<NationalInterface, Row[]>();
  private seq = 0;

  /** Adds a row, or a new revision of a row (same key) whose content replaces the old one. */
  put(iface: NationalInterface, key: string, record: Record<string, unknown>): void {
    const gx = String(++this.seq).padStart(8, '0');
    const list = this.rows.get(iface) ?? [];
    this.rows.set(iface, [...list.filter((r) => r.key !== key), { key, record, gx }]);
  }

  private mapping(stream: NationalInterface): Mapping<Row> {
    return {
      from: { kind: 'fixture-national', stream },
      to: stream,
      tables: [],
      map: (src, ctx) =>
        new Outcome().finish({
          recordId: recordIdFor(ctx.instance.sourceSystem, stream, src.key),
          regionCode: '620123',
          sourceSystem: ctx.instance.sourceSystem,
          ...src.record,
        }),
    };
  }

  declaration(id: string): AdapterDeclaration {
    return {
      id,
      kind: 'fixture-national',
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

  instance(id: string): AdapterInstance {
    const rows = this.rows;
    const kind: AdapterKind = {
      kind: 'fixture-national',
      streams: Object.fromEntries(NATIONAL_INTERFACES.map((i) => [i, { orderedByCursor: true, interface: i }])),
      backfillWindow: { unit: 'sequence', holds: 'rows above from and at most until' },
      optionsSchema: { type: 'object' },
      credentialFields: [],
      create: () => adapter,
    };
    const adapter: SourceAdapter = {
      id,
      check: async () => ({ ok: true }),
      async *read(req): AsyncIterable<Page> {
        const after = typeof req.from?.gx === 'string' ? req.from.gx : '';
        const fresh = (rows.get(req.stream as NationalInterface) ?? [])
          .filter((r) => r.gx > after)
          .sort((a, b) => a.gx.localeCompare(b.gx));
        if (fresh.length === 0) return;
        yield {
          stream: req.stream,
          records: fresh.map((r) => ({ sourceKey: r.key, payload: r, orderingKey: r.gx })),
          cursor: { gx: fresh[fresh.length - 1]!.gx },
        };
      },
      close: async () => undefined,
    };
    const runtimes = new Map<string, StreamRuntime>(
      NATIONAL_INTERFACES.map((s) => [
        s,
        {
          adapterId: id,
          kind: 'fixture-national',
          stream: s,
          mapping: this.mapping(s),
          instance: { adapterId: id, regionCode: '620000', sourceSystem: 'fx', params: {} },
        },
      ]),
    );
    return { decl: this.declaration(id), kind, adapter, streams: [...NATIONAL_INTERFACES], runtime: (s) => runtimes.get(s) };
  }
}
