import { post } from '../api.js';
import { lineChart, legend } from '../charts.js';
import { ago, dot, duration, h } from '../dom.js';
import { can, state } from '../state.js';

function tile(title, health, rows, extra, data, wide = false) {
  return h(
    `div.tile.health-${health}${wide ? '.wide' : ''}`,
    { dataset: data },
    h('h3', null, h('span', null, dot(health), title), h('span.muted', null, health)),
    h(
      'dl',
      null,
      rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    ),
    extra,
  );
}

function nationalPanel(n, refresh) {
  const resume =
    n.paused && can.operate()
      ? h(
          'button',
          {
            type: 'button',
            dataset: { test: 'resume' },
            onclick: async (e) => {
              e.target.disabled = true;
              await post('/api/national/resume');
              await refresh();
            },
          },
          'Resume delivery',
        )
      : null;
  return h(
    'section.panel',
    null,
    h('h2', null, 'National platform'),
    h(
      'div.tiles',
      null,
      tile(
        n.baseUrl,
        n.health,
        [
          ['reachable', n.reachable ? 'yes' : 'no'],
          ['paused', n.paused ? `yes — ${n.pausedReason || ''}` : 'no'],
          ['last ok', ago(n.lastOkAt)],
          ['last error', n.lastError ? `${ago(n.lastErrorAt)}: ${n.lastError}` : '—'],
          [
            'code lists',
            Object.entries(n.codeListVersions || {})
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || '—',
          ],
        ],
        resume,
        { test: 'national' },
        true,
      ),
    ),
  );
}

function series(metric) {
  const names = state.status ? state.status.interfaces.map((i) => i.interface) : [];
  return names
    .map((name) => ({
      name,
      points: state.history.filter((s) => s.interfaces[name]).map((s) => ({ t: s.t, v: metric(s.interfaces[name]) })),
    }))
    .filter((s) => s.points.some((p) => p.v > 0) || names.length <= 8);
}

export function renderOverview(root, refresh) {
  const s = state.status;
  if (!s) return root.append(h('p.muted', null, 'loading…'));
  root.append(nationalPanel(s.national, refresh));
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Interfaces'),
      h(
        'div.tiles',
        null,
        s.interfaces.map((i) =>
          tile(
            i.interface,
            i.health,
            [
              ['pending', i.pending],
              ['in flight', i.inFlight],
              ['delivered', i.delivered],
              ['quarantined', i.quarantined],
              ['oldest pending', duration(i.oldestPendingAgeSeconds)],
              ['delivered / min', i.deliveredPerMinute],
              ['failing batches', i.failingBatches],
            ],
            null,
            { interface: i.interface, test: 'interface' },
          ),
        ),
      ),
    ),
  );
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Adapters'),
      h(
        'div.tiles',
        null,
        s.adapters.map((a) =>
          tile(
            a.id,
            a.health,
            [
              ['state', a.state],
              ['last pull', a.lastPullAt ? `${ago(a.lastPullAt)} (${a.lastOutcome || '…'})` : 'never'],
              ['lag', duration(a.lagSeconds)],
              ['failures in a row', a.consecutiveFailures],
              ['open quarantine', a.counts.quarantinedOpen ?? 0],
            ],
            a.lastError ? h('p.error', null, a.lastError) : null,
            { adapterId: a.id, test: 'adapter-tile' },
          ),
        ),
      ),
    ),
  );
  const backlog = series((v) => v.pending + v.inFlight);
  const throughput = series((v) => v.deliveredPerMinute);
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Backlog and throughput'),
      h(
        'div.charts',
        null,
        h(
          'div.chart',
          { dataset: { test: 'chart-backlog' } },
          h('h3', null, 'Backlog (pending + in flight)'),
          lineChart(backlog, { title: 'backlog' }),
          legend(backlog),
        ),
        h(
          'div.chart',
          { dataset: { test: 'chart-throughput' } },
          h('h3', null, 'Delivered per minute'),
          lineChart(throughput, { title: 'throughput' }),
          legend(throughput),
        ),
      ),
    ),
  );
}

export async function renderAlerts(root, alerts) {
  if (!alerts.length) return;
  root.prepend(
    h(
      'section.panel',
      null,
      h('h2', null, 'Alerts'),
      alerts.map((a) =>
        h(
          `div.notice${a.resolvedAt ? '' : '.bad'}`,
          { dataset: { test: 'alert' } },
          `${a.resolvedAt ? 'resolved' : 'open'} · ${a.summary} · since ${ago(a.openedAt)}`,
        ),
      ),
    ),
  );
}
