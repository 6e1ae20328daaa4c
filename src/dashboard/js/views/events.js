import { get, query } from '../api.js';
import { h, time } from '../dom.js';

export async function renderEvents(root) {
  const rows = [];
  let next = null;
  const body = h('tbody');
  const more = h('button.secondary', { type: 'button', hidden: true, onclick: () => load() }, 'Load more');
  async function load() {
    const page = await get(`/api/events${query({ cursor: next, limit: 100 })}`);
    next = page.nextCursor;
    more.hidden = !next;
    for (const e of page.items) {
      rows.push(e);
      body.append(
        h(
          'tr',
          null,
          h('td', null, time(e.at)),
          h('td', null, e.actor),
          h('td', null, e.action),
          h('td', null, e.subject ?? ''),
          h('td', null, e.details ? JSON.stringify(e.details) : ''),
        ),
      );
    }
  }
  root.append(
    h(
      'section.panel',
      null,
      h('h2', null, 'Audit trail'),
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['at', 'actor', 'action', 'subject', 'details'].map((c) => h('th', null, c)),
          ),
        ),
        body,
      ),
      more,
    ),
  );
  await load();
}
