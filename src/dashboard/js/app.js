import { ApiError, get, setToken, token } from './api.js';
import { clear, h } from './dom.js';
import { addSample, sampleFromStatus, state } from './state.js';
import { renderAdapters } from './views/adapters.js';
import { casesBusy, renderCase, renderCases } from './views/cases.js';
import { renderEvents } from './views/events.js';
import { renderLineage, renderTrace } from './views/lineage.js';
import { renderAlerts, renderOverview } from './views/overview.js';
import { quarantineBusy, renderQuarantine } from './views/quarantine.js';

const REFRESH_MS = 5000;
const $ = (id) => document.getElementById(id);
let timer = null;
let rendering = false;

function route() {
  const [path, q] = location.hash.replace(/^#/, '').split('?');
  const parts = (path || '/overview').split('/').filter(Boolean);
  return { view: parts[0] || 'overview', arg: parts[1] ? decodeURIComponent(parts[1]) : null, params: new URLSearchParams(q || '') };
}

function showSignIn(message) {
  setToken(null);
  state.caller = null;
  if (timer) clearInterval(timer);
  timer = null;
  $('sign-in').hidden = false;
  $('nav').hidden = true;
  $('who').hidden = true;
  clear($('view'));
  $('sign-in-error').textContent = message || '';
  $('token-input').focus();
}

async function refreshStatus() {
  state.status = await get('/api/status');
  addSample(sampleFromStatus(state.status));
  $('refreshed').textContent = `updated ${new Date().toLocaleTimeString()}`;
}

/** Re-renders the current view; `periodic` skips views that must not move under the operator's hands. */
async function render(periodic = false) {
  if (rendering || !state.caller) return;
  rendering = true;
  const { view, arg, params } = route();
  try {
    await refreshStatus();
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === view);
    if (
      periodic &&
      (view === 'lineage' ||
        view === 'trace' ||
        view === 'events' ||
        (view === 'quarantine' && quarantineBusy()) ||
        (view === 'cases' && casesBusy()))
    )
      return;
    const root = h('div.view');
    if (view === 'adapters') renderAdapters(root, () => render());
    else if (view === 'quarantine') await renderQuarantine(root);
    else if (view === 'lineage') await renderLineage(root, params);
    else if (view === 'trace' && arg) await renderTrace(root, arg);
    else if (view === 'events') await renderEvents(root);
    else if (view === 'cases' && arg) await renderCase(root, arg, () => render());
    else if (view === 'cases') await renderCases(root, () => render());
    else {
      renderOverview(root, () => render());
      await renderAlerts(root, await get('/api/alerts'));
    }
    // The view's own container stays in the page, so a view can re-render itself after an action.
    const main = clear($('view'));
    main.append(root);
    main.dataset.view = view;
    $('global-error').textContent = '';
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return showSignIn('The token was refused (unknown or revoked). Sign in again.');
    $('global-error').textContent = err.message;
  } finally {
    rendering = false;
  }
}

async function start() {
  try {
    state.caller = await get('/api/whoami');
  } catch (err) {
    return showSignIn(err instanceof ApiError && err.status === 401 ? 'The token was refused.' : err.message);
  }
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('who-name').textContent = `${state.caller.actor} · ${state.caller.role}`;
  document.body.dataset.role = state.caller.role;
  try {
    for (const s of await get('/api/status/history')) addSample(s);
  } catch {
    /* history is optional: the page builds its own */
  }
  await render();
  if (!timer) timer = setInterval(() => render(true), REFRESH_MS);
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('token-input');
  setToken(input.value.trim());
  input.value = '';
  void start();
});
$('sign-out').addEventListener('click', () => showSignIn(''));
window.addEventListener('hashchange', () => void render());

if (token()) void start();
else showSignIn('');
