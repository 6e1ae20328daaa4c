import { get, post, query, token } from '../api.js';
import { ago, h, time } from '../dom.js';
import { can } from '../state.js';

const view = { filter: 'active', message: '' };
const OPERATOR_ACTIONS = ['OFF_SHELF', 'RETEST', 'RECALL'];

/** Whether the view may re-render on the periodic refresh (never while a form is being filled). */
export function casesBusy() {
  const el = document.activeElement;
  return !!el && !!el.closest && !!el.closest('form.case-action');
}

function due(at, done) {
  if (done) return h('span.muted', null, time(at));
  const late = new Date(at).getTime() < Date.now();
  return h(late ? 'span.error' : 'span', null, `${time(at)}${late ? ' (late)' : ''}`);
}

function stateBadge(c) {
  return h(`span.badge.case-${c.caseState}`, { dataset: { test: 'case-state' } }, c.caseState.replace('_', ' '));
}

export async function renderCases(root, rerender) {
  const [list, proposals] = await Promise.all([
    get(`/api/notices${query({ state: view.filter === 'all' ? undefined : view.filter, limit: 200 })}`),
    get('/api/raised-notices?state=proposed&limit=50'),
  ]);
  const filter = h(
    'label',
    null,
    'show',
    h(
      'select',
      {
        dataset: { test: 'cases-filter' },
        onchange: (e) => {
          view.filter = e.target.value;
          rerender();
        },
      },
      ['active', 'closed', 'withdrawn', 'all'].map((s) => h('option', { value: s, selected: view.filter === s }, s)),
    ),
  );
  const feed = list.feed.lastError
    ? h('p.notice.bad', null, `feed: ${list.feed.lastError} (${ago(list.feed.lastErrorAt)})`)
    : h('p.muted', null, `feed read ${ago(list.feed.lastOkAt)}`);
  const rows = list.items.map((c) =>
    h(
      'tr',
      { dataset: { test: 'case-row', notice: c.noticeId } },
      h(
        'td',
        null,
        h('a', { href: `#/cases/${encodeURIComponent(c.noticeId)}` }, c.noticeId),
        c.origin === 'raised' ? h('span.badge', null, ' raised here') : null,
      ),
      h('td', null, c.kind, ' · ', c.severity),
      h('td.hide-narrow', null, c.hazard),
      h('td', null, stateBadge(c)),
      h(
        'td',
        null,
        c.caseState === 'acknowledged' || c.caseState === 'in_progress' || c.caseState === 'open'
          ? due(c.respondBy, false)
          : h('span.muted', null, c.finalStatus ?? '—'),
      ),
    ),
  );
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Notices and cases'),
      h('div.filters', null, filter),
      feed,
      view.message ? h('p.notice', null, view.message) : null,
      h(
        'div.scroll',
        null,
        h(
          'table',
          { dataset: { test: 'cases' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['notice', 'kind', 'hazard', 'case', 'answer due / answered'].map((c, i) => h(i === 2 ? 'th.hide-narrow' : 'th', null, c)),
            ),
          ),
          h('tbody', null, rows),
        ),
      ),
      list.items.length === 0 ? h('p.muted', null, 'no notices') : null,
    ),
  );
  if (proposals.length > 0) {
    root.append(
      h(
        'section.panel',
        { dataset: { test: 'proposals' } },
        h('h2', null, `Notices proposed from failed inspections (${proposals.length})`),
        proposals.map((p) =>
          h(
            'div.notice',
            null,
            h('div', null, h('strong', null, p.body.hazard)),
            h(
              'div.muted',
              null,
              `lots ${p.body.traceCodes.join(', ')} · product ${p.body.productCode} · regions ${(p.body.targetRegions ?? []).join(', ') || 'none known'} · evidence ${p.evidenceRecord}`,
            ),
            can.operate()
              ? h(
                  'div.actions',
                  null,
                  h(
                    'button',
                    {
                      type: 'button',
                      dataset: { test: 'confirm-raise' },
                      onclick: async () => {
                        await post(`/api/raised-notices/${p.clientNoticeId}/confirm`);
                        view.message = 'notice confirmed: it is sent in the next round';
                        rerender();
                      },
                    },
                    'Raise this notice',
                  ),
                  h(
                    'button.secondary',
                    {
                      type: 'button',
                      onclick: async () => {
                        await post(`/api/raised-notices/${p.clientNoticeId}/dismiss`);
                        view.message = 'proposal dismissed';
                        rerender();
                      },
                    },
                    'Dismiss',
                  ),
                )
              : null,
          ),
        ),
      ),
    );
  }
}

async function downloadReport(noticeId) {
  const res = await fetch(`/api/notices/${encodeURIComponent(noticeId)}/report.html`, {
    headers: { Authorization: `Bearer ${token()}` },
    cache: 'no-store',
  });
  if (!res.ok) throw new Error(`report: HTTP ${res.status}`);
  const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
  const a = h('a', { href: url, download: `case-${noticeId}.html` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function recordTable(records, test) {
  return h(
    'div.scroll',
    null,
    h(
      'table',
      { dataset: { test } },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['interface', 'record', 'v', 'trace code', 'quantity'].map((c) => h('th', null, c)),
        ),
      ),
      h(
        'tbody',
        null,
        records.map((r) =>
          h(
            'tr',
            null,
            h('td', null, r.interface),
            h('td', null, r.recordId),
            h('td.num', null, r.version),
            h('td', null, r.traceCode ? h('a', { href: `#/trace/${r.traceCode}` }, r.traceCode) : ''),
            h('td.num', null, r.body && r.body.quantity !== undefined ? `${r.body.quantity} ${r.body.unit ?? ''}` : ''),
          ),
        ),
      ),
    ),
  );
}

function actionForm(noticeId, rerender, onError) {
  const action = h(
    'select',
    { name: 'action', dataset: { test: 'action-kind' } },
    OPERATOR_ACTIONS.map((a) => h('option', { value: a }, a)),
  );
  const subject = h('input', { name: 'subjectCode', placeholder: 'who acted (credit code)', size: 20 });
  const quantity = h('input', { name: 'quantity', type: 'number', step: '0.001', min: '0', placeholder: 'quantity', size: 8 });
  const unit = h('input', { name: 'unit', placeholder: 'unit (KG…)', size: 6 });
  const note = h('input', { name: 'note', placeholder: 'note', size: 24, maxLength: 200 });
  return h(
    'form.case-action.filters',
    {
      dataset: { test: 'action-form' },
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { action: action.value };
        if (subject.value.trim()) body.subjectCode = subject.value.trim();
        if (quantity.value) body.quantity = Number(quantity.value);
        if (unit.value.trim()) body.unit = unit.value.trim();
        if (note.value.trim()) body.note = note.value.trim();
        try {
          await post(`/api/notices/${encodeURIComponent(noticeId)}/actions`, body);
          view.message = `${body.action} recorded`;
          rerender();
        } catch (err) {
          onError(err.message);
        }
      },
    },
    h('label', null, 'action', action),
    h('label', null, 'who', subject),
    h('label', null, 'quantity', quantity),
    h('label', null, 'unit', unit),
    h('label', null, 'note', note),
    h('button', { type: 'submit' }, 'Record action'),
  );
}

export async function renderCase(root, noticeId, rerender) {
  const d = await get(`/api/notices/${encodeURIComponent(noticeId)}`);
  const c = d.case;
  const n = d.notice;
  const error = h('p.error', { role: 'alert' });
  const active = ['open', 'acknowledged', 'in_progress'].includes(c.caseState);
  const head = h(
    'section.panel',
    { dataset: { test: 'case' } },
    h('p', null, h('a', { href: '#/cases' }, '← all cases')),
    h('h2', null, `${c.noticeId} · ${n.kind} · ${n.severity} `, stateBadge(c)),
    view.message ? h('p.notice', null, view.message) : null,
    h(
      'dl.facts',
      null,
      h('dt', null, 'hazard'),
      h('dd', null, n.hazard),
      h('dt', null, 'product'),
      h('dd', null, n.productCode, n.testItem ? ` · ${n.testItem}` : ''),
      h('dt', null, 'trace codes'),
      h('dd', null, n.traceCodes.join(', ')),
      h('dt', null, 'issued'),
      h('dd', null, `${time(n.issuedAt)} by ${n.issuerRegion} (revision ${n.revision})`),
      h('dt', null, 'actions required'),
      h('dd', null, n.actionsRequired.join(', ')),
      h('dt', null, 'acknowledge by'),
      h(
        'dd',
        null,
        due(
          c.acknowledgeBy,
          d.responses.some((r) => r.status === 'ACKNOWLEDGED' && r.outcome === 'sent'),
        ),
      ),
      h('dt', null, 'final answer by'),
      h('dd', null, due(n.respondBy, !active)),
      c.withdrawnAt
        ? [h('dt', null, 'withdrawn'), h('dd', null, `${time(c.withdrawnAt)} by ${c.withdrawnBy}: no further answer is due`)]
        : null,
    ),
    h(
      'div.actions',
      null,
      h(
        'button.secondary',
        {
          type: 'button',
          dataset: { test: 'report' },
          onclick: () => downloadReport(c.noticeId).catch((e) => (error.textContent = e.message)),
        },
        'Download printable report',
      ),
    ),
    error,
  );
  root.append(head);
  if (active && c.origin === 'received' && can.operate()) {
    const missing = d.missingActions;
    root.append(
      h(
        'section.panel',
        null,
        h('h2', null, 'Act on this case'),
        missing.length ? h('p.notice', null, `still to record before closing: ${missing.join(', ')}`) : null,
        actionForm(c.noticeId, rerender, (m) => (error.textContent = m)),
        h(
          'div.actions',
          null,
          h(
            'button',
            {
              type: 'button',
              dataset: { test: 'close-case' },
              disabled: missing.length > 0 && d.chain.records.length > 0,
              onclick: async () => {
                try {
                  const r = await post(`/api/notices/${encodeURIComponent(c.noticeId)}/close`, {});
                  view.message = `final answer ${r.status} written (${r.findings} findings); it is sent in the next round`;
                  rerender();
                } catch (err) {
                  error.textContent = err.message;
                }
              },
            },
            d.chain.records.length > 0 ? `Close: answer COMPLETED with ${d.chain.records.length} findings` : 'Close: answer NOT_FOUND',
          ),
        ),
      ),
    );
  }
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, `Chain (§8.6): ${d.chain.records.length} record(s) accepted by the platform${d.chain.truncated ? ', truncated' : ''}`),
      recordTable(d.chain.records, 'chain'),
      d.chain.pending.length
        ? [h('h3', null, `Still on the way to the platform (${d.chain.pending.length})`), recordTable(d.chain.pending, 'chain-pending')]
        : null,
      d.chain.quarantined.length
        ? [h('h3', null, `Refused or quarantined (${d.chain.quarantined.length})`), recordTable(d.chain.quarantined, 'chain-quarantined')]
        : null,
    ),
  );
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Actions'),
      d.actions.length === 0
        ? h('p.muted', null, 'none recorded')
        : h(
            'div.scroll',
            null,
            h(
              'table',
              { dataset: { test: 'actions' } },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['action', 'at', 'who', 'quantity', 'note', 'recorded by'].map((x) => h('th', null, x)),
                ),
              ),
              h(
                'tbody',
                null,
                d.actions.map((a) =>
                  h(
                    'tr',
                    null,
                    h('td', null, a.action),
                    h('td', null, time(a.at)),
                    h('td', null, a.subjectCode ?? ''),
                    h('td.num', null, a.quantity !== null ? `${a.quantity} ${a.unit}` : ''),
                    h('td', null, a.note ?? ''),
                    h('td', null, a.recordedBy),
                  ),
                ),
              ),
            ),
          ),
    ),
  );
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Answers to the platform'),
      d.responses.length === 0
        ? h('p.muted', null, 'none')
        : h(
            'div.scroll',
            null,
            h(
              'table',
              { dataset: { test: 'answers' } },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['status', 'outcome', 'written', 'received by the platform', 'attempts', 'error'].map((x) => h('th', null, x)),
                ),
              ),
              h(
                'tbody',
                null,
                d.responses.map((r) =>
                  h(
                    'tr',
                    null,
                    h('td', null, r.status),
                    h(
                      'td',
                      null,
                      h(
                        `span.badge.${r.outcome === 'sent' ? 'accepted' : r.outcome === 'pending' ? 'pending' : 'rejected'}`,
                        null,
                        r.outcome,
                      ),
                    ),
                    h('td', null, time(r.createdAt)),
                    h('td', null, time(r.receivedAt)),
                    h('td.num', null, r.attempts),
                    h('td', null, r.lastError ?? ''),
                  ),
                ),
              ),
            ),
          ),
    ),
  );
}
