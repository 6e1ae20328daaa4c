import type { NationalInterface } from '../national/types';
import type { TranslationTables } from './tables';

/** Mapping failure reasons of source-subsystems §5.8. */
export type MappingErrorCode = 'UNKNOWN_CODE' | 'UNKNOWN_NODE' | 'UNRESOLVED_REFERENCE' | 'UNPARSEABLE_VALUE';

/** Mapping warnings of source-subsystems §5.8. */
export type MappingWarningCode =
  'OPTIONAL_FIELD_DROPPED' | 'PRECISION_LOSS' | 'UNFLAGGED_REVISION' | 'CHARSET_MISLABELLED' | 'PRICE_DERIVED';

export interface MappingError {
  code: MappingErrorCode;
  /** The source field, e.g. `cplb`, `jcxm/2/xmmc`, `证件类型`, `NodeCode`. */
  field: string;
  /** Operator-readable; personal identifiers already masked. */
  message: string;
  /** The offending value (masked if personal data). */
  value?: string;
}

export interface MappingWarning {
  code: MappingWarningCode;
  field: string;
  message: string;
}

/** A national record as a mapping produces it: everything but `version` and `reportedAt`. */
export type MappedRecord = Record<string, unknown> & { recordId: string; regionCode: string; sourceSystem: string };

export type MapResult =
  { ok: true; record: MappedRecord; warnings: MappingWarning[] } | { ok: false; errors: MappingError[]; warnings: MappingWarning[] };

/** The newest staged revision of a referenced source record, or undefined when none is staged. */
export type ReferenceResolver = (stream: string, sourceKey: string) => unknown | undefined;

export interface MappingContext {
  tables: TranslationTables;
  instance: {
    adapterId: string;
    regionCode: string;
    sourceSystem: string;
    /** Kind-specific instance parameters (market: marketCode, marketName). */
    params: Readonly<Record<string, string>>;
  };
  references: ReferenceResolver;
}

export interface Mapping<Src = any> {
  readonly from: { kind: string; stream: string };
  readonly to: NationalInterface;
  /**
   * The translation tables map() reads (`config/translations/<name>.json`). The gateway refuses to
   * start, and keeps the previous tables on a reload, while one of them is missing.
   */
  readonly tables: readonly string[];
  /** Source records this one refers to (provincial batch → its enterprise), resolved before map(). */
  references?(src: Src): Array<{ stream: string; sourceKey: string }>;
  /** Pure: no I/O, no clock, no randomness. Bad data → `{ ok: false }`; a throw is a bug. */
  map(src: Src, ctx: MappingContext): MapResult;
}

/** What a kind brings to mapping (registered with its adapter in src/kinds.ts). */
export interface KindMappings {
  /** One mapping per stream that feeds a national interface. */
  readonly mappings: readonly Mapping[];
  /**
   * Translation tables whose entries also name parties (`creditCode`, `name`, `subjectType`) that are
   * often never registered as national subjects: the public trace page names them from there.
   */
  readonly partyDirectories?: readonly string[];
}
