import type { OpenNotice } from '../db/queries/notices';
import { redactText } from '../log';
import type { CodeLists } from '../national/codelists';
import type { TraceNode, TraceRecord } from '../trace/trace-chain';
import {
  ACTION_LABELS,
  ANIMAL_LABELS,
  BASIS_LABELS,
  CONCLUSION_LABELS,
  LINK_LABELS,
  METHOD_LABELS,
  NOTICE_KIND_LABELS,
  ROLE_LABELS,
  SEVERITY_LABELS,
  STEP_LABELS,
  displayDate,
  labelled,
  regionOf,
  type Labelled,
  type PartyRole,
  type PublicRegion,
  type StepKind,
} from './labels';
import { publicNameOf } from './party-name';

export interface PublicParty {
  role: PartyRole;
  roleLabel: string;
  /** An organisation's name in full, a person's masked (张**); null when the gateway holds no accepted registration. */
  name: string | null;
}

export interface PublicStep {
  kind: StepKind;
  label: string;
  traceCode: string;
  /** The date or timestamp written in the record (national §5), unchanged. */
  date: string | null;
  region: PublicRegion | null;
  parties: PublicParty[];
  detail: string | null;
}

export interface PublicWarning {
  noticeId: string;
  revision: number;
  kind: string;
  kindLabel: string;
  severity: string;
  severityLabel: string;
  hazard: string;
  issuedAt: string;
  actionsRequired: Labelled[];
  /** The codes of this page's chain that the notice names. */
  traceCodes: string[];
}

/**
 * What the public trace page and `/public/v1/trace/{code}` show: only records the platform accepted, and
 * never a resident ID, phone number, price, amount, quantity or any internal id (record, adapter, batch).
 */
export interface PublicTrace {
  traceCode: string;
  link: Labelled;
  /** Whether the gateway holds accepted records for the code (a warning can stand without them). */
  found: boolean;
  product: { category: Labelled | null; name: string | null } | null;
  origin: PublicRegion | null;
  producer: PublicParty | null;
  market: PublicParty | null;
  certificate: {
    certificateNo: string;
    issuedOn: string | null;
    basis: Labelled | null;
    commitments: Labelled[];
    issuer: PublicParty | null;
  } | null;
  test: {
    conclusion: Labelled;
    method: Labelled | null;
    agency: string | null;
    testedAt: string | null;
    items: Array<{ item: Labelled; result: Labelled | null }>;
  } | null;
  steps: PublicStep[];
  warnings: PublicWarning[];
  /** The chain was cut at its bounds (very long chains). */
  truncated: boolean;
}

export interface PublicChain {
  nodes: TraceNode[];
  transports: TraceRecord[];
  truncated: boolean;
}

const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

/** Free text from a record or notice as a page may show it: resident IDs and phone numbers masked. */
export function publicText(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return redactText(value.trim())
    .replace(MOBILE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`)
    .replace(LANDLINE, (m) => '*'.repeat(m.length));
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const fromEnum = (labels: Readonly<Record<string, string>>, v: unknown): Labelled | null =>
  typeof v === 'string' ? { code: v, label: labels[v] ?? null } : null;

/** Which fields of a record name which party, per interface. */
const PARTY_FIELDS: Readonly<Record<string, ReadonlyArray<[field: string, role: PartyRole]>>> = {
  batches: [['subjectCode', 'producer']],
  slaughter: [['slaughterhouseCode', 'slaughterhouse']],
  certificates: [['subjectCode', 'issuer']],
  entries: [
    ['marketCode', 'market'],
    ['vendorCode', 'vendor'],
    ['supplierCode', 'supplier'],
  ],
  trades: [
    ['marketCode', 'market'],
    ['sellerCode', 'seller'],
  ],
  transports: [['carrierCode', 'carrier']],
};

/** Every party code the records name, so the caller can fetch their registrations in one query. */
export function partyCodesOf(chain: PublicChain): string[] {
  const codes = new Set<string>();
  for (const r of [...chain.nodes.flatMap((n) => n.records), ...chain.transports]) {
    for (const [field] of PARTY_FIELDS[r.interface] ?? []) {
      const code = str(r.body[field]);
      if (code) codes.add(code);
    }
  }
  return [...codes];
}

function stepOf(r: TraceRecord, lists: CodeLists, party: (code: unknown, role: PartyRole) => PublicParty | null): PublicStep | null {
  const b = r.body;
  const region = (v: unknown) => (typeof v === 'string' && /^\d{6}$/.test(v) ? regionOf(lists, v) : null);
  const parties = (PARTY_FIELDS[r.interface] ?? [])
    .map(([field, role]) => party(b[field], role))
    .filter((p): p is PublicParty => p !== null);
  const make = (kind: StepKind, date: unknown, where: unknown, detail: string | null): PublicStep => ({
    kind,
    label: STEP_LABELS[kind],
    traceCode: r.traceCode ?? '',
    date: str(date),
    region: region(where),
    parties,
    detail,
  });
  switch (r.interface) {
    case 'batches':
      return make('production', b.producedOn, b.originRegionCode ?? b.regionCode, publicText(b.baseName));
    case 'slaughter':
      return make(
        'slaughter',
        b.slaughteredAt,
        b.regionCode,
        [fromEnum(ANIMAL_LABELS, b.animalType)?.label, b.originRegionCode ? `产地 ${regionText(region(b.originRegionCode))}` : null]
          .filter(Boolean)
          .join(' · ') || null,
      );
    case 'inspections':
      return make(
        'inspection',
        b.testedAt,
        b.regionCode,
        [fromEnum(METHOD_LABELS, b.method)?.label, publicText(b.agency), fromEnum(CONCLUSION_LABELS, b.conclusion)?.label]
          .filter(Boolean)
          .join(' · ') || null,
      );
    case 'certificates':
      return make('certificate', b.issuedOn, b.regionCode, fromEnum(BASIS_LABELS, b.basis)?.label ?? null);
    case 'entries':
      return make('entry', b.enteredAt, b.regionCode, null);
    case 'trades':
      return make('sale', b.tradedAt, b.regionCode, null);
    case 'transports':
      return make('transport', b.departedAt, b.regionCode, str(b.arrivedAt) ? `到达 ${displayDate(str(b.arrivedAt))}` : null);
    default:
      return null;
  }
}

export function regionText(region: PublicRegion | null): string {
  if (!region) return '';
  return region.province ? `${region.province} ${region.code}` : region.code;
}

/** For steps on the same date (a date without time is its first instant): the order goods move in. */
const STEP_ORDER: readonly StepKind[] = ['production', 'slaughter', 'inspection', 'certificate', 'transport', 'entry', 'sale'];

const instant = (s: string | null): number => {
  if (!s) return Number.POSITIVE_INFINITY;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/**
 * The public view of a trace chain read with scope `accepted`: the product, its origin, producer and market,
 * certificate and test, the steps in time order, and a warning per open notice naming a code of the chain.
 * Pure: the caller reads the chain, the registrations of the parties and the notices.
 */
export function buildPublicTrace(
  traceCode: string,
  chain: PublicChain,
  subjects: ReadonlyMap<string, Record<string, unknown>>,
  notices: readonly OpenNotice[],
  lists: CodeLists,
  /** Names of parties from a directory the province keeps, for those without an accepted registration. */
  directory?: ReadonlyMap<string, Record<string, unknown>>,
): PublicTrace {
  const party = (code: unknown, role: PartyRole): PublicParty | null => {
    const c = str(code);
    if (!c) return null;
    const subject = subjects.get(c) ?? directory?.get(c);
    return { role, roleLabel: ROLE_LABELS[role], name: subject ? publicNameOf(subject) : null };
  };
  // Self first, then upstream nearest first: what the code itself says wins over where it came from.
  const nearest = chain.nodes.filter((n) => n.hop <= 0).sort((a, b) => b.hop - a.hop);
  const records = nearest.flatMap((n) => n.records);
  const first = (iface: string, has?: string) => records.find((r) => r.interface === iface && (!has || str(r.body[has])));
  const self = chain.nodes.find((n) => n.hop === 0);

  const batch = first('batches');
  const slaughter = first('slaughter');
  const withProduct = records.find((r) => str(r.body.productCode));
  const product =
    withProduct || batch || slaughter
      ? {
          category: withProduct ? labelled(lists, 'product-categories', str(withProduct.body.productCode)!) : null,
          // A batch names its product; goods known only by their category show the category; a carcass batch its animal.
          name:
            publicText(batch?.body.productName) ??
            (!withProduct && slaughter ? (fromEnum(ANIMAL_LABELS, slaughter.body.animalType)?.label ?? null) : null),
        }
      : null;
  const originCode = str(batch?.body.originRegionCode) ?? str(slaughter?.body.originRegionCode);
  const certificateRecord = first('certificates');
  const inspection = first('inspections');
  const marketRecord = records.find((r) => (r.interface === 'entries' || r.interface === 'trades') && str(r.body.marketCode));

  const chainCodes = new Set(chain.nodes.map((n) => n.traceCode));
  chainCodes.add(traceCode);
  // A transport has no code of its own: its step shows the code of this chain it carried.
  const carried = (r: TraceRecord) =>
    (Array.isArray(r.body.traceCodes) ? r.body.traceCodes : []).find((c): c is string => typeof c === 'string' && chainCodes.has(c)) ?? '';
  const steps = [...chain.nodes.flatMap((n) => n.records), ...chain.transports]
    .map((r) => {
      const step = stepOf(r, lists, party);
      return step && r.interface === 'transports' ? { ...step, traceCode: carried(r) } : step;
    })
    .filter((s): s is PublicStep => s !== null)
    .sort((a, b) => instant(a.date) - instant(b.date) || STEP_ORDER.indexOf(a.kind) - STEP_ORDER.indexOf(b.kind));
  const warnings: PublicWarning[] = notices.map((n) => ({
    noticeId: n.noticeId,
    revision: n.revision,
    kind: n.kind,
    kindLabel: NOTICE_KIND_LABELS[n.kind] ?? n.kind,
    severity: n.severity,
    severityLabel: SEVERITY_LABELS[n.severity] ?? n.severity,
    hazard: publicText(n.hazard) ?? '',
    issuedAt: n.issuedAt,
    actionsRequired: n.actionsRequired.map((a) => ({ code: a, label: ACTION_LABELS[a] ?? null })),
    traceCodes: n.traceCodes.filter((c) => chainCodes.has(c)),
  }));

  return {
    traceCode,
    link: { code: traceCode.slice(6, 8), label: LINK_LABELS[traceCode.slice(6, 8)] ?? null },
    found: (self?.records.length ?? 0) > 0,
    product,
    origin: originCode ? regionOf(lists, originCode) : null,
    producer: batch
      ? party(batch.body.subjectCode, 'producer')
      : slaughter
        ? party(slaughter.body.slaughterhouseCode, 'slaughterhouse')
        : certificateRecord
          ? party(certificateRecord.body.subjectCode, 'issuer')
          : null,
    market: marketRecord ? party(marketRecord.body.marketCode, 'market') : null,
    certificate: certificateRecord
      ? {
          certificateNo: str(certificateRecord.body.certificateNo) ?? '',
          issuedOn: str(certificateRecord.body.issuedOn),
          basis: fromEnum(BASIS_LABELS, certificateRecord.body.basis),
          commitments: (Array.isArray(certificateRecord.body.commitments) ? certificateRecord.body.commitments : [])
            .filter((c): c is string => typeof c === 'string')
            .map((c) => labelled(lists, 'commitments', c)),
          issuer: party(certificateRecord.body.subjectCode, 'issuer'),
        }
      : null,
    test: inspection
      ? {
          conclusion: fromEnum(CONCLUSION_LABELS, inspection.body.conclusion) ?? { code: 'UNKNOWN', label: null },
          method: fromEnum(METHOD_LABELS, inspection.body.method),
          agency: publicText(inspection.body.agency),
          testedAt: str(inspection.body.testedAt),
          items: (Array.isArray(inspection.body.items) ? inspection.body.items : [])
            .filter(
              (i): i is Record<string, unknown> =>
                !!i && typeof i === 'object' && typeof (i as Record<string, unknown>).itemCode === 'string',
            )
            .map((i) => ({ item: labelled(lists, 'test-items', i.itemCode as string), result: fromEnum(CONCLUSION_LABELS, i.result) })),
        }
      : null,
    steps,
    warnings,
    truncated: chain.truncated,
  };
}
