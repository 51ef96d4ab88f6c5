// The ring list (sortable, filterable, paged) and the holder search. State lives in the URL so the back
// button and shared links restore the same view.
import { api } from './api.js';
import { el, replace, $ } from './dom.js';
import { count, score, yuan, day, reasonName } from './format.js';
import { requireSession } from './header.js';

const PAGE = 50;
const SORTS = ['score', 'size', 'amount', 'changed'];

function readState() {
  const q = new URLSearchParams(location.search);
  return {
    flagged: q.get('flagged') === 'true',
    reason: q.get('reason') ?? '',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
    sort: SORTS.includes(q.get('sort')) ? q.get('sort') : 'score',
    dir: q.get('dir') === 'asc' ? 'asc' : 'desc',
    skip: Math.max(0, Number.parseInt(q.get('skip') ?? '0', 10) || 0),
  };
}

function writeState(state, push = true) {
  const q = new URLSearchParams();
  if (state.flagged) q.set('flagged', 'true');
  for (const key of ['reason', 'from', 'to']) if (state[key]) q.set(key, state[key]);
  if (state.sort !== 'score') q.set('sort', state.sort);
  if (state.dir !== 'desc') q.set('dir', state.dir);
  if (state.skip) q.set('skip', String(state.skip));
  const url = q.size ? '?' + q : location.pathname;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}

function apiParams(state) {
  const p = { sort: state.sort, dir: state.dir, skip: state.skip, take: PAGE };
  if (state.flagged) p.flagged = 'true';
  for (const key of ['reason', 'from', 'to']) if (state[key]) p[key] = state[key];
  return p;
}

let state = readState();
let loadToken = 0;

function syncForm() {
  $('#f-flagged').checked = state.flagged;
  $('#f-reason').value = state.reason;
  $('#f-from').value = state.from;
  $('#f-to').value = state.to;
  $('#f-sort').value = state.sort;
  $('#f-dir').textContent = state.dir === 'desc' ? '↓ desc' : '↑ asc';
  for (const th of document.querySelectorAll('th.sortable')) {
    const active = th.dataset.sort === state.sort;
    th.classList.toggle('sorted', active);
    th.setAttribute('aria-sort', active ? (state.dir === 'desc' ? 'descending' : 'ascending') : 'none');
    th.dataset.dir = active ? state.dir : '';
  }
}

function ringRow(ring) {
  const href = 'ring.html?id=' + encodeURIComponent(ring.ringId);
  const status = el('td', { className: 'status' },
    ring.flagged ? el('span', { className: 'badge badge-flagged' }, 'Flagged') : el('span', { className: 'badge badge-quiet' }, 'Below threshold'),
    ring.lineage && ring.lineage !== 'new' ? el('span', { className: 'chip', title: 'Lineage since the previous run' }, ring.lineage) : null,
    ring.lineage === 'new' ? el('span', { className: 'chip chip-new', title: 'First seen in this run' }, 'new') : null);
  const reasons = el('td', { className: 'reason-cell' },
    el('div', { className: 'top-reason', title: ring.topReason ?? '' }, ring.topReason ?? ''),
    el('div', { className: 'codes' }, (ring.reasonCodes ?? []).map(code => el('span', { className: 'code-chip' }, reasonName(code)))));
  const row = el('tr', { className: ring.flagged ? 'flagged' : '', dataset: { ringId: ring.ringId } },
    el('th', { scope: 'row' }, el('a', { href, className: 'ring-link' }, ring.ringId)),
    el('td', { className: 'num' }, el('span', { className: 'score-cell' },
      el('span', { className: 'score-bar', attrs: { 'aria-hidden': 'true' } }, el('span', { style: `width:${Math.max(0, Math.min(100, Number(ring.score) || 0))}%` })),
      el('span', { className: 'score-num' }, score(ring.score)))),
    status,
    el('td', { className: 'num' }, count(ring.holders)),
    el('td', { className: 'num' }, count(ring.controllers)),
    el('td', { className: 'num' }, count(ring.agents)),
    el('td', { className: 'num' }, yuan(ring.surrenderAmount)),
    el('td', { className: 'dates' }, day(ring.firstSeen) ?? '–', el('span', { className: 'muted' }, ' → '), day(ring.lastSeen) ?? '–'),
    reasons);
  // The whole row opens the ring; the link inside stays the keyboard and middle-click target.
  row.addEventListener('click', event => {
    if (event.target.closest('a') || getSelection()?.toString()) return;
    location.href = href;
  });
  return row;
}

function pager(total) {
  const nav = $('#pager');
  const pages = Math.ceil(total / PAGE);
  const current = Math.floor(state.skip / PAGE);
  if (pages <= 1) return replace(nav);
  const go = page => () => { state = { ...state, skip: page * PAGE }; writeState(state); load(); };
  replace(nav,
    el('button', { type: 'button', className: 'btn btn-quiet', disabled: current === 0, on: { click: go(current - 1) } }, '← Previous'),
    el('span', { className: 'muted' }, `Page ${current + 1} of ${pages}`),
    el('button', { type: 'button', className: 'btn btn-quiet', disabled: current >= pages - 1, on: { click: go(current + 1) } }, 'Next →'));
}

async function load() {
  syncForm();
  const token = ++loadToken;
  const body = $('#rings tbody');
  body.setAttribute('aria-busy', 'true');
  try {
    const result = await api.rings(apiParams(state));
    if (token !== loadToken) return;
    if (result.rings.length === 0) {
      const why = !result.runId
        ? 'This store has no analysis run yet: run `fraudgraph analyze` (or `run`) and reload.'
        : 'No ring matches these filters.';
      replace(body, el('tr', {}, el('td', { colSpan: 9, className: 'empty' }, why)));
    } else {
      replace(body, result.rings.map(ringRow));
    }
    const first = result.total === 0 ? 0 : state.skip + 1;
    const last = state.skip + result.rings.length;
    replace($('#rings-count'), `${count(first)}–${count(last)} of ${count(result.total)} rings`);
    pager(result.total);
    document.body.dataset.ringsLoaded = 'true';
  } catch (error) {
    if (token !== loadToken) return;
    replace(body, el('tr', {}, el('td', { colSpan: 9, className: 'empty error-text' }, 'Could not load the rings: ' + error.message)));
  } finally {
    if (token === loadToken) body.removeAttribute('aria-busy');
  }
}

async function loadReasons() {
  try {
    const reasons = await api.reasons();
    const select = $('#f-reason');
    for (const r of reasons.sort((a, b) => b.rings - a.rings)) {
      select.append(el('option', { value: r.code }, `${reasonName(r.code)} (${count(r.rings)})`));
    }
    select.value = state.reason;
  } catch { /* the filter stays "any reason"; the list itself reports errors */ }
}

function onFilterChange() {
  state = {
    ...state,
    flagged: $('#f-flagged').checked,
    reason: $('#f-reason').value,
    from: $('#f-from').value,
    to: $('#f-to').value,
    sort: $('#f-sort').value,
    skip: 0,
  };
  writeState(state);
  load();
}

function setSort(sort) {
  // A click on the sorted column flips the direction; a new column starts descending (biggest first).
  state = { ...state, dir: state.sort === sort && state.dir === 'desc' ? 'asc' : 'desc', sort, skip: 0 };
  writeState(state);
  load();
}

// ---- holder search ----

async function search(event) {
  event.preventDefault();
  const q = $('#search-q').value.trim();
  const out = $('#search-results');
  if (!q) return replace(out);
  replace(out, el('p', { className: 'muted' }, 'Searching…'));
  try {
    const result = await api.search(q);
    if (result.holders.length === 0) return replace(out, el('p', { className: 'muted' }, 'No policyholder matches.'));
    replace(out,
      el('p', { className: 'search-summary muted' }, `${count(result.holders.length)}${result.truncated ? '+' : ''} matching ${result.holders.length === 1 ? 'policyholder' : 'policyholders'}`),
      el('ul', { className: 'holder-list' }, result.holders.map(h => el('li', {},
        el('span', { className: 'holder-label' }, h.label ?? h.id),
        h.rings?.length
          ? el('span', { className: 'holder-rings' }, 'in ', h.rings.map(r =>
              el('a', { href: `ring.html?id=${encodeURIComponent(r)}&focus=${encodeURIComponent(h.id)}`, className: 'ring-link' }, r)))
          : el('span', { className: 'muted' }, 'in no ring')))),
      result.truncated ? el('p', { className: 'muted' }, 'Showing the first 50 matches; type more to narrow.') : null);
  } catch (error) {
    replace(out, el('p', { className: 'error-text' }, 'Search failed: ' + error.message));
  }
}

// ---- audit log (supervisors) ----

async function showAudit() {
  const out = $('#audit');
  out.hidden = false;
  replace(out, el('p', { className: 'muted pad' }, 'Loading…'));
  try {
    const entries = await api.audit();
    const LIMIT = 200;
    replace(out, entries.length === 0
      ? el('p', { className: 'muted pad' }, 'No entries yet.')
      : el('table', { className: 'rings-table audit-table' },
          el('thead', {}, el('tr', {}, ['When', 'Who', 'Action', 'Ring', 'Reason', 'Package SHA-256'].map(h => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, entries.slice(0, LIMIT).map(e => el('tr', {},
            el('td', { className: 'dates' }, String(e.at ?? '').replace('T', ' ').slice(0, 19)),
            el('td', {}, e.operator ?? ''),
            el('td', {}, e.action ?? ''),
            el('td', {}, e.ringId ? el('a', { href: 'ring.html?id=' + encodeURIComponent(e.ringId), className: 'ring-link' }, e.ringId) : '–'),
            el('td', {}, e.reason ?? ''),
            el('td', {}, e.packageSha256 ? el('code', { title: e.packageSha256 }, e.packageSha256.slice(0, 16) + '…') : '–'))))));
  } catch (error) {
    replace(out, el('p', { className: 'error-text pad' }, 'Could not load the audit log: ' + error.message));
  }
}

async function init() {
  let session;
  try {
    session = await requireSession();
  } catch (error) {
    replace($('#rings tbody'), el('tr', {}, el('td', { colSpan: 9, className: 'empty error-text' }, 'The explorer does not answer: ' + error.message)));
    return;
  }
  if (session.canUnmask) {
    $('#audit-card').hidden = false;
    $('#audit-btn').addEventListener('click', showAudit);
  }
  loadReasons();
  const form = $('#filters');
  form.addEventListener('change', onFilterChange);
  form.addEventListener('submit', event => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(() => { state = { ...readState(), flagged: false, reason: '', from: '', to: '', sort: 'score', dir: 'desc', skip: 0 }; writeState(state); load(); }));
  $('#f-dir').addEventListener('click', () => { state = { ...state, dir: state.dir === 'desc' ? 'asc' : 'desc', skip: 0 }; writeState(state); load(); });
  for (const th of document.querySelectorAll('th.sortable')) {
    th.tabIndex = 0;
    th.addEventListener('click', () => setSort(th.dataset.sort));
    th.addEventListener('keydown', event => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); setSort(th.dataset.sort); } });
  }
  $('#search-form').addEventListener('submit', search);
  addEventListener('popstate', () => { state = readState(); load(); });
  load();
}

init();
