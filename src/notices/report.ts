import type { Queryable } from '../db/pool';
import { maskPersonalData } from '../api/mask';
import { caseDetail } from './case-view';

/** Fields of national records that name a party (§5), with the role shown in the report. */
const PARTY_FIELDS: ReadonlyArray<[field: string, role: string]> = [
  ['subjectCode', 'producer / issuer'],
  ['slaughterhouseCode', 'slaughterhouse'],
  ['marketCode', 'market'],
  ['vendorCode', 'vendor'],
  ['supplierCode', 'supplier'],
  ['sellerCode', 'seller'],
  ['buyerCode', 'buyer'],
  ['carrierCode', 'carrier'],
  ['fromCode', 'shipper'],
  ['toCode', 'receiver'],
];
const REGION_FIELDS: ReadonlyArray<[field: string, role: string]> = [
  ['regionCode', 'reported in'],
  ['originRegionCode', 'origin'],
];

const s = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

/**
 * The case report for regulators: the notice, the chain with quantities, the regions and subjects it
 * reaches, the actions taken and every answer with its times. Resident ID numbers are masked (§6.3).
 */
export async function buildCaseReport(db: Queryable, noticeId: string, now = Date.now()) {
  const d = await caseDetail(db, noticeId);
  if (!d) return undefined;
  const regions = new Map<string, Set<string>>();
  const subjects = new Map<string, Set<string>>();
  const chain = d.chain.records.map((r) => {
    const b = r.body as Record<string, unknown>;
    for (const [f, role] of REGION_FIELDS)
      if (s(b[f])) (regions.get(s(b[f])!) ?? regions.set(s(b[f])!, new Set()).get(s(b[f])!)!).add(role);
    for (const [f, role] of PARTY_FIELDS)
      if (s(b[f])) (subjects.get(s(b[f])!) ?? subjects.set(s(b[f])!, new Set()).get(s(b[f])!)!).add(role);
    return {
      interface: r.interface,
      recordId: r.recordId,
      version: r.version,
      traceCode: r.traceCode ?? (Array.isArray(b.traceCodes) ? (b.traceCodes as string[]).join(' ') : null),
      parentTraceCode: s(b.parentTraceCode),
      quantity: typeof b.quantity === 'number' ? b.quantity : typeof b.carcassWeightKg === 'number' ? b.carcassWeightKg : null,
      unit: s(b.unit) ?? (typeof b.carcassWeightKg === 'number' ? 'kg' : null),
      productCode: s(b.productCode),
      regionCode: s(b.regionCode),
      originRegionCode: s(b.originRegionCode),
      at: s(b.tradedAt) ?? s(b.enteredAt) ?? s(b.departedAt) ?? s(b.testedAt) ?? s(b.slaughteredAt) ?? s(b.producedOn) ?? s(b.issuedOn),
      deliveredAt: r.deliveredAt,
      conclusion: s(b.conclusion),
    };
  });
  return maskPersonalData({
    generatedAt: new Date(now).toISOString(),
    notice: d.notice,
    case: d.case,
    revisions: d.revisions.map((r) => ({ revision: r.revision, kind: r.kind, issuedAt: r.issuedAt, receivedAt: r.receivedAt })),
    chain: {
      records: chain,
      pending: d.chain.pending,
      quarantined: d.chain.quarantined,
      traceCodes: d.chain.traceCodes,
      truncated: d.chain.truncated,
    },
    regions: [...regions].sort(([a], [b]) => a.localeCompare(b)).map(([code, roles]) => ({ code, roles: [...roles] })),
    subjects: [...subjects].sort(([a], [b]) => a.localeCompare(b)).map(([code, roles]) => ({ code, roles: [...roles] })),
    actions: d.actions.map((a) => ({
      action: a.action,
      at: a.at,
      subjectCode: a.subjectCode,
      quantity: a.quantity,
      unit: a.unit,
      note: a.note,
      recordedBy: a.recordedBy,
      recordedAt: a.recordedAt,
    })),
    answers: d.responses.map((r) => {
      const body = r.body as { findings?: unknown[]; actions?: unknown[]; note?: string; respondedAt?: string };
      return {
        responseId: r.responseId,
        status: r.status,
        outcome: r.outcome,
        respondedAt: body.respondedAt ?? null,
        sentAt: r.sentAt,
        receivedAt: r.receivedAt,
        findings: body.findings?.length ?? 0,
        actions: body.actions?.length ?? 0,
        note: body.note ?? null,
        lastError: r.lastError,
      };
    }),
  });
}

export type CaseReport = NonNullable<Awaited<ReturnType<typeof buildCaseReport>>>;

const esc = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : (v instanceof Date ? v.toISOString() : String(v)).replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
      );

function table(head: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The report as one printable page: no script, styles inline in the head, A4-friendly. */
export function renderCaseReportHtml(r: CaseReport): string {
  const n = r.notice as Record<string, unknown>;
  const c = r.case;
  const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : esc(v));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Case report ${esc(c.noticeId)}</title>
<style>
body{font:13px/1.45 system-ui,sans-serif;margin:24px;color:#111}h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 6px;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%;margin:4px 0}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top;font-size:12px}th{background:#eee}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{font-weight:600}.none{color:#666}.meta{color:#555}
@media print{body{margin:10mm}h2{break-after:avoid}tr{break-inside:avoid}}
</style></head><body>
<h1>Notice ${esc(c.noticeId)} — case report</h1>
<p class="meta">Generated ${esc(r.generatedAt)} by the provincial gateway. Revision ${esc(c.revision)}; case ${esc(c.caseState)}${c.finalStatus ? `, answered ${esc(c.finalStatus)}` : ''}${c.withdrawnAt ? `; withdrawn by ${esc(c.withdrawnBy)} at ${esc(c.withdrawnAt)}` : ''}.</p>
<h2>Notice</h2>
<dl>
<dt>Kind</dt><dd>${esc(n.kind)}</dd><dt>Severity</dt><dd>${esc(n.severity)}</dd><dt>Hazard</dt><dd>${esc(n.hazard)}</dd>
<dt>Product</dt><dd>${esc(n.productCode)}</dd><dt>Test item</dt><dd>${esc(n.testItem)}</dd><dt>Responsible subject</dt><dd>${esc(n.subjectCode)}</dd>
<dt>Issued</dt><dd>${esc(n.issuedAt)} in ${esc(n.issuerRegion)}</dd><dt>Target regions</dt><dd>${list(n.targetRegions)}</dd>
<dt>Trace codes</dt><dd>${list(n.traceCodes)}</dd><dt>Actions required</dt><dd>${list(n.actionsRequired)}</dd>
<dt>Respond by</dt><dd>${esc(n.respondBy)}</dd><dt>First seen here</dt><dd>${esc(c.firstSeenAt)}</dd>
</dl>
<h2>Chain (national spec §8.6) — ${r.chain.records.length} record(s) accepted by the platform</h2>
${table(
  ['interface', 'record', 'v', 'trace code', 'from', 'quantity', 'unit', 'product', 'region', 'origin', 'when', 'result'],
  r.chain.records.map((x) => [
    x.interface,
    x.recordId,
    x.version,
    x.traceCode,
    x.parentTraceCode,
    x.quantity,
    x.unit,
    x.productCode,
    x.regionCode,
    x.originRegionCode,
    x.at,
    x.conclusion,
  ]),
)}
${
  r.chain.pending.length || r.chain.quarantined.length
    ? `<h2>Not yet accepted</h2>${table(
        ['interface', 'record', 'v', 'state'],
        [...r.chain.pending, ...r.chain.quarantined].map((x) => [x.interface, x.recordId, x.version, x.state]),
      )}`
    : ''
}
<h2>Regions reached</h2>
${table(
  ['region', 'as'],
  r.regions.map((x) => [x.code, x.roles.join(', ')]),
)}
<h2>Subjects</h2>
${table(
  ['subject', 'as'],
  r.subjects.map((x) => [x.code, x.roles.join(', ')]),
)}
<h2>Actions</h2>
${table(
  ['action', 'at', 'who', 'quantity', 'unit', 'note', 'recorded by'],
  r.actions.map((a) => [a.action, a.at, a.subjectCode, a.quantity, a.unit, a.note, a.recordedBy]),
)}
<h2>Answers to the platform</h2>
${table(
  ['response', 'status', 'outcome', 'responded at', 'sent at', 'received by the platform', 'findings', 'actions', 'note'],
  r.answers.map((a) => [
    a.responseId,
    a.status,
    a.outcome,
    a.respondedAt,
    a.sentAt,
    a.receivedAt,
    a.findings,
    a.actions,
    a.note ?? a.lastError,
  ]),
)}
</body></html>
`;
}
