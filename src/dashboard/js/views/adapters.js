import { post } from '../api.js';
import { ago, dot, duration, h, time } from '../dom.js';
import { can, state } from '../state.js';

function action(label, test, fn, show = true) {
  if (!show) return null;
  return h(
    'button.secondary',
    {
      type: 'button',
      dataset: { test },
      onclick: async (e) => {
        const b = e.target;
        b.disabled = true;
        try {
          await fn(b);
        } catch (err) {
          b.title = err.message;
          b.textContent = `${label} — failed: ${err.message}`;
        } finally {
          b.disabled = false;
        }
      },
    },
    label,
  );
}

export function renderAdapters(root, refresh) {
  const s = state.status;
  if (!s) return root.append(h('p.muted', null, 'loading…'));
  const note = h('p.muted', { dataset: { test: 'adapter-note' } });
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Adapters'),
      note,
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['', 'adapter', 'kind', 'state', 'last pull', 'next pull', 'lag', 'pulled', 'open quarantine', 'last error', ''].map((c) =>
              h('th', null, c),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          s.adapters.map((a) =>
            h(
              'tr',
              { dataset: { adapterId: a.id } },
              h('td', null, dot(a.health)),
              h('td', null, a.id, a.enabled ? null : h('span.badge', null, 'disabled')),
              h('td', null, a.kind),
              h('td', { dataset: { test: 'adapter-state' } }, a.state),
              h('td', null, a.lastPullAt ? `${ago(a.lastPullAt)} · ${a.lastOutcome || 'running'}` : 'never'),
              h('td', null, time(a.nextPullAt)),
              h('td', null, duration(a.lagSeconds)),
              h('td.num', null, a.counts.pulled ?? 0),
              h('td.num', null, a.counts.quarantinedOpen ?? 0),
              h('td.error', null, a.lastError ? `${a.lastError} (${ago(a.lastErrorAt)})` : ''),
              h(
                'td',
                null,
                h(
                  'div.actions',
                  null,
                  action(
                    'Pull now',
                    'pull-now',
                    async () => {
                      const r = await post(`/api/adapters/${encodeURIComponent(a.id)}/pull`);
                      note.textContent = `${a.id}: ${r.message}`;
                      setTimeout(refresh, 1500);
                    },
                    can.operate() && a.enabled,
                  ),
                  action(
                    'Test',
                    'test-connection',
                    async () => {
                      const r = await post(`/api/adapters/${encodeURIComponent(a.id)}/test`);
                      note.textContent = `${a.id}: ${r.ok ? 'connection ok' : `${r.failure}: ${r.message}`}`;
                    },
                    can.operate(),
                  ),
                  action(
                    a.enabled ? 'Disable' : 'Enable',
                    'toggle',
                    async () => {
                      await post(`/api/adapters/${encodeURIComponent(a.id)}/${a.enabled ? 'disable' : 'enable'}`);
                      await refresh();
                    },
                    can.administer(),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
