import type { Logger } from 'winston';
import type { JSONSchemaType } from 'ajv';
import type { FailureKind } from './errors';
import type { HttpClient } from './http';

/** A position in a source stream: `{updatedAt}` | `{seq}` | `{windowEnd}`; opaque to everything but its adapter. */
export type Cursor = Readonly<Record<string, string | number>>;

export interface RawRecord {
  /** The source key of source-subsystems §5.5 (never a resident ID number). */
  sourceKey: string;
  /** Parsed record handed to the mapping (JSON object, CSV header→value map, XML element as object). */
  payload: unknown;
  /** The record as received, decoded to text, for audit (§5.11): JSON text, CSV raw line, XML element. */
  rawText?: string;
  /** The source's ordering key (§5.6) in a form that sorts as text: gxsj, zero-padded 同步序号, UploadTime. */
  orderingKey: string;
  /** Soft-deleted at source (provincial `sfsc` = "1"). */
  deleted?: boolean;
  /** Record-level warnings the adapter noticed (e.g. UNFLAGGED_REVISION). */
  warnings?: readonly AdapterWarning[];
}

export interface AdapterWarning {
  code: 'CHARSET_MISLABELLED' | 'UNFLAGGED_REVISION' | 'NUL_REPLACED';
  message: string;
}

/** What was requested and received for one page (§5.11), never with credentials. */
export interface PageMeta {
  request: string;
  status: number;
  headers: Record<string, string>;
  charset: string;
  bodyBytes: number;
  bodySha256: string;
}

export interface Page {
  stream: string;
  records: readonly RawRecord[];
  /** The position from which a restarted read loses nothing, once this page is stored. */
  cursor: Cursor;
  meta?: PageMeta;
  warnings?: readonly AdapterWarning[];
  /** Informative progress: records the source announced for the whole pull/window, when it says. */
  total?: number;
}

export interface ReadRequest {
  stream: string;
  /** Stored cursor; null = the instance's initial position (startFrom or the beginning). */
  from: Cursor | null;
  /** Backfill: an explicit window, in the unit of the kind's `backfillWindow`. */
  window?: { from: string; until?: string };
  signal: AbortSignal;
}

export type CheckResult = { ok: true } | { ok: false; failure: FailureKind; message: string };

/** A reference from one stream to another (provincial batch → enterprise). */
export interface ReferenceRequest {
  stream: string;
  sourceKey: string;
}

export interface SourceAdapter {
  readonly id: string;
  check(signal: AbortSignal): Promise<CheckResult>;
  read(req: ReadRequest): AsyncIterable<Page>;
  /** Fetch one referenced record from the source when it is not staged yet (provincial enterprise lookup). */
  lookup?(ref: ReferenceRequest, signal: AbortSignal): Promise<RawRecord | null>;
  close(): Promise<void>;
}

export interface StreamDeclaration {
  enabled?: boolean;
  lookbackSeconds?: number;
  lookbackRows?: number;
  startFrom?: string;
}

export interface AdapterDeclaration<Options = Record<string, unknown>> {
  id: string;
  kind: string;
  enabled: boolean;
  regionCode: string;
  sourceSystem: string;
  schedule: string;
  baseUrl: string;
  allowedHosts: string[];
  /** Explicit opt-in: hosts of `allowedHosts` may resolve to loopback, private or link-local addresses. */
  allowPrivateAddresses?: boolean;
  credentials: Record<string, string>;
  streams: Record<string, StreamDeclaration>;
  options: Options;
}

export interface AdapterDeps {
  http: HttpClient;
  /** Resolves an `env:TG_SOURCE_*` reference; throws TG_CONFIG_SECRET_MISSING when refused or unset. */
  secret(ref: string): string;
  log: Logger;
  /** Injected clock for tests; defaults to Date.now. */
  now?: () => number;
}

export interface StreamInfo {
  orderedByCursor: boolean;
  interface: string;
  /**
   * Other streams of the kind refer to this one (provincial `enterprises`, market `vendors`): a pull
   * reads it before the others, and its new revisions replay the records waiting for a reference.
   */
  referenced?: boolean;
  /**
   * A payload field whose value "1" marks a revision as a correction (market `更正标志`); a later
   * revision of a key without it is recorded with warning UNFLAGGED_REVISION.
   */
  correctionField?: string;
}

/** What the `from` and `until` of a backfill window are for a kind. */
export interface BackfillWindow {
  /** `time`: Beijing `YYYY-MM-DD HH:mm:ss` or ISO 8601 with offset; `sequence`: a non-negative integer of the source. */
  unit: 'time' | 'sequence';
  /** Which records the window holds, for help texts and the API (`同步序号 > from and ≤ until`). */
  holds: string;
}

export interface AdapterKind<Options = any> {
  readonly kind: string;
  readonly streams: Readonly<Record<string, StreamInfo>>;
  readonly backfillWindow: BackfillWindow;
  readonly optionsSchema: JSONSchemaType<Options> | Record<string, unknown>;
  /** Names of the credential fields the kind needs (`appId`, `appSecret`, …). */
  readonly credentialFields: readonly string[];
  create(decl: AdapterDeclaration<Options>, deps: AdapterDeps): SourceAdapter;
}
