import { get, post, put, query } from '../api.js';
import { ago, clear, h, json } from '../dom.js';
import { can, state } from '../state.js';

const INTERFACES = ['subjects', 'batches', 'inspections', 'certificates', 'slaughter', 'entries', 'trades', 'transports'];
const view = {
  filter: { adapterId: '', interface: '', reason: '', stage: '' },
  items: [],
  next: null,
  total: 0,
  summary: null,
  selected: null,
  message: '',
};

/** Whether the view may re-render on the periodic refresh (never while the operator is editing). */
export function quarantineBusy() {
  return view.selected !== null;
}

async function load(append = false) {
  const f = view.filter;
  const [page, summary] = await Promise.all([
    get(`/api/quarantine${query({ ...f, cursor: append ? view.next : undefined, limit: 50 })}`),
    append ? Promise.resolve(view.summary) : get(`/api/quarantine/summary${query(f)}`),
  ]);
  view.items = append ? [...view.items, ...page.items] : page.items;
  view.next = page.nextCursor;
  view.total = page.total;
  view.summary = summary;
}

const replayedText = (r) =>
  `replayed ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}: ${r.mapped} mapped, ${r.quarantined} still quarantined, ${r.batchedRecords} batched for delivery`;

/** Replays by ids answer at once; "all that match" runs as a job whose progress is read until it ends (at most 30 minutes). */
async function replay(body, rerender) {
  let r = await post('/api/quarantine/replay', body);
  view.selected = null;
  if (r.progressUrl) {
    for (let i = 0; i < 1800 && (r.state === 'queued' || r.state === 'running'); i++) {
      view.message = r.state === 'queued' ? `replay #${r.id} queued` : `replay #${r.id}: ${r.processed} of ${r.total ?? '?'} entries`;
      rerender();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      r = await get(r.progressUrl);
    }
    view.message =
      r.state === 'done' ? `replay #${r.id} ${replayedText(r.outcome)}` : `replay #${r.id} ${r.state}${r.error ? `: ${r.error}` : ''}`;
  } else {
    view.message = replayedText(r);
  }
  await load();
  rerender();
}

function select(label, key, options, rerender) {
  return h(
    'label',
    null,
    label,
    h(
      'select',
      {
        dataset: { test: `filter-${key}` },
        onchange: async (e) => {
          view.filter[key] = e.target.value;
          await load();
          rerender();
        },
      },
      h('option', { value: '' }, 'all'),
      options.map((o) => h('option', { value: o, selected: view.filter[key] === o }, o)),
    ),
  );
}

function filters(rerender) {
  const adapters = state.status ? state.status.adapters.map((a) => a.id) : [];
  const reason = h('input', {
    value: view.filter.reason,
    placeholder: 'UNKNOWN_CODE, E4003…',
    size: 16,
    dataset: { test: 'filter-reason' },
  });
  return h(
    'div.filters',
    null,
    select('adapter', 'adapterId', adapters, rerender),
    select('interface', 'interface', INTERFACES, rerender),
    select('stage', 'stage', ['mapping', 'validation', 'platform'], rerender),
    h('label', null, 'reason or error code', reason),
    h(
      'button.secondary',
      {
        type: 'button',
        onclick: async () => {
          view.filter.reason = reason.value.trim();
          await load();
          rerender();
        },
      },
      'Apply',
    ),
    can.operate() && view.total > 0
      ? h(
          'button',
          { type: 'button', dataset: { test: 'replay-filter' }, onclick: () => replay({ filter: activeFilter() }, rerender) },
          `Replay all ${view.total} matching`,
        )
      : null,
  );
}

function activeFilter() {
  return Object.fromEntries(Object.entries(view.filter).filter(([, v]) => v));
}

function summaryTable(rerender) {
  const groups = view.summary?.groups ?? [];
  return h(
    'section.panel',
    null,
    h('h2', null, `Open quarantine by reason (${view.summary?.total ?? 0})`),
    groups.length === 0
      ? h('p.muted', null, 'nothing quarantined')
      : h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['reason', 'adapter', 'interface', 'stage', 'entries', 'oldest', ''].map((c) => h('th', null, c)),
            ),
          ),
          h(
            'tbody',
            null,
            groups.map((g) =>
              h(
                'tr',
                { dataset: { reason: g.reason } },
                h('td', null, g.reason),
                h('td', null, g.adapterId),
                h('td', null, g.interface ?? '—'),
                h('td', null, g.stage),
                h('td.num', null, g.n),
                h('td', null, ago(g.oldest)),
                h(
                  'td',
                  null,
                  can.operate()
                    ? h(
                        'button.secondary',
                        {
                          type: 'button',
                          dataset: { test: 'replay-group' },
                          onclick: () =>
                            replay(
                              {
                                filter: {
                                  reason: g.reason,
                                  adapterId: g.adapterId,
                                  stage: g.stage,
                                  ...(g.interface ? { interface: g.interface } : {}),
                                },
                              },
                              rerender,
                            ),
                        },
                        'Replay',
                      )
                    : null,
                ),
              ),
            ),
          ),
        ),
  );
}

function firstError(e) {
  const err = Array.isArray(e.errors) ? e.errors[0] : null;
  if (!err) return '';
  return `${err.field ?? err.path ?? ''}: ${err.message ?? ''}`;
}

function list(rerender) {
  return h(
    'section.panel',
    null,
    h('h2', null, `Entries (${view.total})`),
    view.message ? h('p.notice', { dataset: { test: 'replay-result' } }, view.message) : null,
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['id', 'adapter / stream', 'source key', 'interface', 'reasons', 'first error', 'since', ''].map((c) => h('th', null, c)),
        ),
      ),
      h(
        'tbody',
        null,
        view.items.map((e) =>
          h(
            'tr',
            { dataset: { quarantineId: e.id } },
            h('td', null, e.id),
            h('td', null, `${e.adapterId} / ${e.stream}`),
            h('td', null, e.sourceKey),
            h('td', null, e.interface ?? '—'),
            h('td', null, e.reasons.join(', ')),
            h('td', null, firstError(e)),
            h('td', null, ago(e.createdAt)),
            h(
              'td',
              null,
              h(
                'div.actions',
                null,
                h(
                  'button.secondary',
                  {
                    type: 'button',
                    dataset: { test: 'details' },
                    onclick: async () => {
                      view.selected = await get(`/api/quarantine/${e.id}`);
                      rerender();
                    },
                  },
                  'Details',
                ),
                can.operate()
                  ? h(
                      'button',
                      { type: 'button', dataset: { test: 'replay-one' }, onclick: () => replay({ ids: [e.id] }, rerender) },
                      'Replay',
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
    ),
    view.next
      ? h(
          'button.secondary',
          {
            type: 'button',
            onclick: async () => {
              await load(true);
              rerender();
            },
          },
          'Load more',
        )
      : null,
  );
}

function detail(rerender) {
  const e = view.selected;
  if (!e) return null;
  const editor =
    can.operate() && !e.resolvedAt
      ? h('textarea', { dataset: { test: 'payload-editor' }, spellcheck: false, value: JSON.stringify(e.payload, null, 2) })
      : null;
  const error = h('p.error');
  return h(
    'section.panel',
    { dataset: { test: 'quarantine-detail' } },
    h('h2', null, `Entry ${e.id}: ${e.adapterId} / ${e.stream} / ${e.sourceKey}`),
    h('p', null, `${e.stage} · ${e.reasons.join(', ')} · ${e.recordId ?? 'no recordId yet'}`),
    h('h3', null, 'Errors'),
    json(e.errors),
    h('h3', null, editor ? 'Source payload (edit and save to store a corrected revision)' : 'Source payload'),
    editor ?? json(e.payload),
    h(
      'div.actions',
      null,
      editor
        ? h(
            'button',
            {
              type: 'button',
              dataset: { test: 'save-replay' },
              onclick: async () => {
                let payload;
                try {
                  payload = JSON.parse(editor.value);
                } catch (err) {
                  error.textContent = `not JSON: ${err.message}`;
                  return;
                }
                try {
                  const r = await put(`/api/quarantine/${e.id}/record`, { payload });
                  view.message = `saved revision ${r.revisionId}: ${r.mapped} mapped, ${r.quarantined} still quarantined`;
                  view.selected = null;
                  await load();
                  rerender();
                } catch (err) {
                  error.textContent = err.message;
                }
              },
            },
            'Save & replay',
          )
        : null,
      h(
        'button.secondary',
        {
          type: 'button',
          onclick: () => {
            view.selected = null;
            rerender();
          },
        },
        'Close',
      ),
      e.recordId ? h('a', { href: `#/lineage?recordId=${encodeURIComponent(e.recordId)}` }, 'lineage') : null,
    ),
    error,
  );
}

export async function renderQuarantine(root) {
  const rerender = () => {
    clear(root);
    root.append(h('section.panel', null, h('h2', null, 'Quarantine'), filters(rerender)));
    const d = detail(rerender);
    if (d) root.append(d);
    root.append(summaryTable(rerender), list(rerender));
  };
  if (!quarantineBusy()) await load();
  rerender();
}
