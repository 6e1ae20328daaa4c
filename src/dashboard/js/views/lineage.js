import { get, query } from '../api.js';
import { h, json, time } from '../dom.js';

const SELECTORS = [
  ['recordId', 'national recordId'],
  ['traceCode', 'trace code'],
  ['batchId', 'batch id'],
  ['sourceKey', 'source key (with adapter)'],
];

function form(params) {
  const kind = h(
    'select',
    { dataset: { test: 'lineage-kind' } },
    SELECTORS.map(([k, label]) => h('option', { value: k, selected: params.has(k) }, label)),
  );
  const value = h('input', {
    size: 40,
    dataset: { test: 'lineage-value' },
    value: SELECTORS.map(([k]) => params.get(k)).find(Boolean) ?? '',
  });
  const adapter = h('input', { size: 16, placeholder: 'adapter id', value: params.get('adapterId') ?? '' });
  return h(
    'form.filters',
    {
      onsubmit: (e) => {
        e.preventDefault();
        const q = { [kind.value]: value.value.trim(), ...(kind.value === 'sourceKey' ? { adapterId: adapter.value.trim() } : {}) };
        location.hash = `#/lineage${query(q)}`;
      },
    },
    h('label', null, 'find by', kind),
    h('label', null, 'value', value),
    h('label', null, 'adapter (source key only)', adapter),
    h('button', { type: 'submit' }, 'Show'),
  );
}

function version(v) {
  return h(
    'div.panel',
    { dataset: { test: 'lineage-version', state: v.state } },
    h(
      'p',
      null,
      h('strong', null, `version ${v.version} `),
      h(`span.badge.${v.state}`, null, v.state),
      ` · created ${time(v.createdAt)}`,
      v.deliveredAt ? ` · delivered ${time(v.deliveredAt)}` : '',
    ),
    v.batch
      ? h(
          'p',
          null,
          `batch ${v.batch.batchId} (${v.batch.state ?? '?'}, ${v.batch.attempts ?? 0} attempts)`,
          v.batch.receipt ? ` · receipt ${v.batch.receipt.receiptId}` : '',
        )
      : h('p.muted', null, 'not batched yet'),
    v.receiptResult ? json(v.receiptResult) : null,
    v.errors ? json(v.errors) : null,
    h('details', null, h('summary', null, 'body sent'), json(v.body)),
  );
}

function record(r) {
  return h(
    'section.panel',
    { dataset: { test: 'lineage-record' } },
    h('h2', null, `${r.source.adapterId} / ${r.source.stream} / ${r.source.sourceKey}`),
    r.national.map((n) =>
      h(
        'div',
        null,
        h(
          'h3',
          null,
          `${n.interface} · ${n.recordId} `,
          n.versions[0]?.traceCode ? h('a', { href: `#/trace/${n.versions[0].traceCode}` }, 'trace chain') : null,
        ),
        n.versions.map(version),
      ),
    ),
    r.quarantine.length
      ? h(
          'div',
          null,
          h('h3', null, 'Quarantine'),
          r.quarantine.map((q) =>
            h(
              `p.notice${q.resolvedAt ? '' : '.bad'}`,
              null,
              `#${q.id} ${q.stage} · ${q.reasons.join(', ')} · ${time(q.createdAt)}${q.resolvedAt ? ` · ${q.resolution} ${time(q.resolvedAt)}` : ' · open'}`,
            ),
          ),
        )
      : null,
    h('h3', null, `Source revisions (${r.source.revisions.length})`),
    r.source.revisions.map((rev) =>
      h(
        'details',
        null,
        h('summary', null, `#${rev.id} · ${rev.outcome} · ordering ${rev.orderingKey} · pulled ${time(rev.pulledAt)}`),
        json(rev.payload),
      ),
    ),
  );
}

export async function renderLineage(root, params) {
  root.append(h('section.panel', null, h('h2', null, 'Lineage'), form(params)));
  if (![...params.keys()].length) return;
  try {
    const l = await get(`/api/lineage${query(Object.fromEntries(params))}`);
    if (l.batch) root.append(h('section.panel', null, h('h2', null, `Batch ${l.batch.batchId}`), json(l.batch)));
    root.append(...l.records.map(record));
    if (l.truncated) root.append(h('p.muted', null, 'more records match; narrow the query'));
  } catch (err) {
    root.append(h('p.error', null, err.message));
  }
}

export async function renderTrace(root, code) {
  root.append(h('section.panel', null, h('h2', null, `Trace chain of ${code}`)));
  try {
    const t = await get(`/api/trace/${encodeURIComponent(code)}`);
    root.append(
      h(
        'section.panel',
        null,
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['hop', 'trace code', 'records'].map((c) => h('th', null, c)),
            ),
          ),
          h(
            'tbody',
            null,
            t.nodes.map((n) =>
              h(
                'tr',
                null,
                h('td', null, n.hop),
                h('td', null, n.traceCode),
                h(
                  'td',
                  null,
                  n.records.map((r) =>
                    h(
                      'div',
                      null,
                      h('a', { href: `#/lineage?recordId=${encodeURIComponent(r.recordId)}` }, `${r.interface} ${r.recordId}`),
                      ' ',
                      h(`span.badge.${r.state}`, null, r.state),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    if (t.transports.length)
      root.append(
        h(
          'section.panel',
          null,
          h('h2', null, 'Transports'),
          t.transports.map((r) =>
            h('p', null, `${r.recordId}: ${(r.body.traceCodes || []).length} codes, departed ${time(r.body.departedAt)}`),
          ),
        ),
      );
    if (t.parties.length)
      root.append(
        h(
          'section.panel',
          null,
          h('h2', null, 'Parties'),
          t.parties.map((p) => h('p', null, `${p.role} ${p.code}${p.subject ? ` — ${p.subject.body.name}` : ''}`)),
        ),
      );
  } catch (err) {
    root.append(h('p.error', null, err.message));
  }
}
