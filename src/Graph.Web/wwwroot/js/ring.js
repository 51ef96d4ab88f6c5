// The ring page: header facts, the interactive graph with its legend and time slider, node records,
// paged neighbour expansion, the reasons with their records, the evidence export and the supervisor unmask.
import { api } from './api.js';
import { el, replace, svg, $ } from './dom.js';
import { count, score, yuan, day, dayNumber, dayFromNumber, reasonName, kindName, plural } from './format.js';
import { requireSession } from './header.js';
import { createGraph } from './graph.js';
import { styleOf, glyphPoints, VICTIM, AGENT, NEIGHBOUR, CONTROLLER_KINDS, EDGE_LOOKS } from './styles.js';

const params = new URLSearchParams(location.search);
const ringId = params.get('id');
const focusId = params.get('focus');
const NEIGHBOUR_PAGE = 50;

let ring = null;
let graph = null;
let session = null;
let selectedId = null;
let recordRefs = new Map(); // record id → { id, type, node, at } from the ring's "records"
let ringUnmasked = false; // a supervisor unmasked this ring (audited): node records are asked for in full

// ---------------------------------------------------------------- header

function renderHead() {
  document.title = `${ring.ringId} · FraudGraph SIU explorer`;
  $('#ring-head').classList.toggle('flagged', !!ring.flagged);
  document.body.classList.toggle('flagged-ring', !!ring.flagged);
  replace($('#ring-id'), ring.ringId);
  replace($('#ring-score'), score(ring.score));
  $('#ring-score').title = 'Score 0–100';
  replace($('#ring-flag'), ring.flagged
    ? el('span', { className: 'badge badge-flagged' }, 'Flagged')
    : el('span', { className: 'badge badge-quiet' }, 'Below threshold'));
  const fact = (label, value) => el('span', {}, label, ' ', el('b', {}, value));
  replace($('#ring-facts'),
    fact('Victims', count(ring.holders)),
    fact('Controllers', count(ring.controllers)),
    fact('Agents', count(ring.agents)),
    fact('Surrendered', yuan(ring.surrenderAmount)),
    fact('Active', `${day(ring.firstSeen) ?? '–'} → ${day(ring.lastSeen) ?? '–'}`),
    ring.lineage ? fact('Lineage', ring.lineage) : null);
}

// ---------------------------------------------------------------- legend

function glyph(look, size = 16) {
  const points = glyphPoints(look.shape);
  const shape = points === null
    ? svg('circle', { cx: 8, cy: 8, r: 6.5, fill: look.color, stroke: look.border, 'stroke-width': 1.2 })
    : svg('polygon', { points, fill: look.color, stroke: look.border, 'stroke-width': 1.2, 'stroke-linejoin': 'round' });
  return svg('svg', { width: size, height: size, viewBox: '0 0 16 16', 'aria-hidden': 'true' }, shape);
}

function renderLegend() {
  const nodes = graph.cy.nodes();
  const has = (role, kind) => nodes.some(n => n.data('role') === role && (kind === undefined || n.data('kind') === kind));
  const items = [];
  if (has('victim')) items.push(VICTIM);
  for (const [kind, look] of Object.entries(CONTROLLER_KINDS)) if (has('controller', kind)) items.push(look);
  if (has('agent')) items.push(AGENT);
  if (has('neighbour')) items.push(NEIGHBOUR);
  // Only what this drawing holds: a legend entry for a shape that is not there would send the eye looking for it.
  const edges = graph.cy.edges();
  const line = look => edges.some(e => e.hasClass(look.cls))
    ? el('div', { className: 'legend-item' },
        svg('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true' },
          svg('line', { x1: 1, y1: 8, x2: 15, y2: 8, stroke: look.color, 'stroke-width': look.width, 'stroke-dasharray': look.dashed ? '3 2' : 'none' })),
        look.name)
    : null;
  const legend = $('#legend');
  replace(legend,
    el('button', {
      type: 'button', className: 'legend-title', title: 'Show or hide the legend',
      attrs: { 'aria-expanded': String(!legend.classList.contains('collapsed')) },
      on: { click: event => {
        legend.classList.toggle('collapsed');
        event.currentTarget.setAttribute('aria-expanded', String(!legend.classList.contains('collapsed')));
      } },
    }, 'Legend'),
    items.map(look => el('div', { className: 'legend-item' }, glyph(look), look.name)),
    EDGE_LOOKS.map(line),
    el('div', { className: 'legend-note' }, 'Thicker line: more records'));
}

// ---------------------------------------------------------------- time slider

let timeBounds = null;

/**
 * The slider spans the ring's activity: its firstSeen..lastSeen (the takeovers, surrenders and complaints the
 * analysis dated), not the years-old dates of policies sold and phones registered at purchase. Links dated before
 * the range are there from its first day. A ring without those dates falls back to its dated links.
 */
function timelineDays() {
  if (ring.firstSeen && ring.lastSeen) return [dayNumber(ring.firstSeen), dayNumber(ring.lastSeen)];
  const days = [];
  for (const e of ring.graph.edges) if (e.at) days.push(dayNumber(e.at));
  if (ring.firstSeen) days.push(dayNumber(ring.firstSeen));
  if (ring.lastSeen) days.push(dayNumber(ring.lastSeen));
  return days;
}

function setupTimeline() {
  const days = timelineDays();
  const slider = $('#time-slider');
  if (days.length === 0) {
    replace($('#time-help'), 'no dated links in this ring');
    return;
  }
  timeBounds = { min: Math.min(...days), max: Math.max(...days) };
  slider.min = String(timeBounds.min);
  slider.max = String(timeBounds.max);
  slider.value = String(timeBounds.max);
  slider.disabled = timeBounds.min === timeBounds.max;
  $('#play-btn').disabled = slider.disabled;
  replace($('#time-min'), dayFromNumber(timeBounds.min));
  replace($('#time-max'), dayFromNumber(timeBounds.max));
  slider.addEventListener('input', () => applyDay(Number(slider.value)));
  $('#play-btn').addEventListener('click', replay);
  applyDay(timeBounds.max);
}

function applyDay(dayValue) {
  // The right end is "now": everything, including neighbours loaded later whose dates lie past the ring's.
  const counts = graph.setDay(dayValue >= timeBounds.max ? null : dayValue);
  replace($('#time-date'), dayFromNumber(dayValue));
  const slider = $('#time-slider');
  slider.setAttribute('aria-valuetext', dayFromNumber(dayValue));
  document.body.dataset.timeDay = dayFromNumber(dayValue);
  showCounts(counts);
}

function showCounts(counts = graph.visibleCounts()) {
  const text = counts.nodes === counts.totalNodes
    ? `${plural(counts.totalNodes, 'node')}, ${plural(counts.edges, 'link')}`
    : `${count(counts.nodes)} of ${plural(counts.totalNodes, 'node')} on this date, ${plural(counts.edges, 'link')}`;
  replace($('#graph-count'), text);
}

let playing = null;
function replay() {
  if (!timeBounds) return;
  if (playing) { cancelAnimationFrame(playing); playing = null; replace($('#play-btn'), '▶ Replay'); return; }
  const slider = $('#time-slider');
  const start = performance.now();
  const duration = 6000;
  replace($('#play-btn'), '■ Stop');
  const step = now => {
    const t = Math.min(1, (now - start) / duration);
    const value = Math.round(timeBounds.min + t * (timeBounds.max - timeBounds.min));
    if (String(value) !== slider.value) { slider.value = String(value); applyDay(value); }
    if (t < 1) playing = requestAnimationFrame(step);
    else { playing = null; replace($('#play-btn'), '▶ Replay'); }
  };
  playing = requestAnimationFrame(step);
}

// ---------------------------------------------------------------- selection panel

function roleText(data) {
  if (data.role === 'victim') return 'Victim · policyholder';
  if (data.role === 'agent') return 'Agent';
  if (data.role === 'neighbour') return `Neighbour outside the ring · ${kindName(data.kind)}`;
  return `Controller · ${kindName(data.kind)}`;
}

function recordCard(record) {
  const fields = Object.entries(record.fields ?? {});
  return el('div', { className: 'record' },
    el('div', { className: 'record-head' }, el('span', {}, kindName(record.type)), el('code', {}, record.id ?? '')),
    fields.length
      ? el('dl', { className: 'kv' }, fields.map(([key, value]) => [el('dt', {}, kindName(key)), el('dd', {}, value === null || value === undefined ? '–' : String(value))]))
      : null);
}

async function selectNode(data) {
  selectedId = data.id;
  const section = $('#selection');
  const look = styleOf(data.role, data.kind);
  const head = el('div', { className: 'node-card' },
    el('div', { className: 'node-kind' }, glyph(look, 12), ' ', roleText(data)),
    el('div', { className: 'node-label' }, data.label ?? data.id),
    el('dl', { className: 'kv' },
      el('dt', {}, 'First seen in ring'), el('dd', {}, day(data.firstSeen) ?? 'undated'),
      el('dt', {}, 'Links in this view'), el('dd', { className: 'links-in-view' }, count(graph.cy.getElementById(data.id).degree(false))),
      data.degree !== null && data.degree !== undefined ? [el('dt', {}, 'Neighbours in store'), el('dd', {}, count(data.degree))] : null));
  const neighbours = el('div', { className: 'neighbour-box' });
  const records = el('div', { className: 'records' }, el('p', { className: 'muted' }, 'Loading records…'));
  replace(section, el('h3', {}, 'Selection'), head, neighbours, records);
  renderNeighbourBox(neighbours, data);
  try {
    const node = await api.node(data.id, ringUnmasked ? ring.ringId : null);
    if (selectedId !== data.id) return;
    const holders = node.holders !== null && node.holders !== undefined
      ? el('p', { className: 'muted' }, `${plural(node.holders, 'policyholder')} linked to this ${kindName(node.kind)} in the store.`)
      : null;
    const otherRings = (node.rings ?? []).filter(r => r !== ring.ringId);
    // What the latest run judged this shared value to be, from how all its holders use it, and why.
    const valueRole = node.valueRole
      ? el('div', { className: 'value-role', dataset: { role: node.valueRole.role } },
          el('span', { className: 'muted' }, 'Role in the insurer\u2019s data: '), el('b', { className: 'value-role-name' }, reasonName(node.valueRole.role)),
          el('div', { className: 'value-role-why' }, node.valueRole.why))
      : null;
    replace(records,
      valueRole,
      holders,
      otherRings.length
        ? el('p', {}, 'Also in ', otherRings.map((r, i) => [i ? ', ' : '', el('a', { href: 'ring.html?id=' + encodeURIComponent(r) + '&focus=' + encodeURIComponent(data.id), className: 'ring-link' }, r)]))
        : null,
      node.records?.length
        ? [el('h3', {}, `Records (${count(node.records.length)}, ${node.masked === false ? 'unmasked' : 'masked'})`), node.records.map(recordCard)]
        : el('p', { className: 'muted' }, 'No records of its own: it is a shared value, linked through the holders\u2019 records.'));
  } catch (error) {
    if (selectedId !== data.id) return;
    replace(records, el('p', { className: 'error-text' }, 'Could not load the records: ' + error.message));
  }
}

function renderNeighbourBox(box, data) {
  const state = graph.neighbourState(data.id);
  const busy = { value: false };
  const load = take => async () => {
    if (busy.value) return;
    busy.value = true;
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    const skip = graph.neighbourState(data.id)?.loaded ?? 0;
    try {
      const page = await api.neighbours(data.id, skip, take);
      graph.addNeighbours(data.id, page);
      renderLegend();
      if (timeBounds) applyDay(Number($('#time-slider').value)); else showCounts();
    } catch (error) {
      box.append(el('div', { className: 'error-text' }, 'Could not load neighbours: ' + error.message));
      busy.value = false;
      for (const b of box.querySelectorAll('button')) b.disabled = false;
      return;
    }
    if (selectedId === data.id) {
      renderNeighbourBox(box, data);
      const links = $('#selection .links-in-view');
      if (links) replace(links, count(graph.cy.getElementById(data.id).degree(false)));
    }
  };
  if (!state) {
    const total = data.degree;
    replace(box,
      el('div', { className: 'row' },
        total !== null && total !== undefined ? el('span', {}, `${plural(total, 'neighbour')} in the store`) : null,
        el('button', { type: 'button', className: 'btn btn-quiet btn-small', disabled: total === 0, on: { click: load(NEIGHBOUR_PAGE) } },
          total > NEIGHBOUR_PAGE ? `Expand (first ${NEIGHBOUR_PAGE})` : 'Expand neighbours')));
    return;
  }
  const hidden = Math.max(0, state.total - state.loaded);
  replace(box,
    el('div', {}, `Showing ${count(state.loaded)} of ${plural(state.total, 'neighbour')}`,
      hidden > 0 ? el('b', {}, ` · ${count(hidden)} hidden`) : null),
    el('div', { className: 'row' },
      hidden > 0 ? el('button', { type: 'button', className: 'btn btn-quiet btn-small', on: { click: load(NEIGHBOUR_PAGE) } }, `Show ${count(Math.min(NEIGHBOUR_PAGE, hidden))} more`) : null,
      hidden > NEIGHBOUR_PAGE ? el('button', { type: 'button', className: 'btn btn-quiet btn-small', on: { click: load(200) } }, `Show ${count(Math.min(200, hidden))} more`) : null,
      el('button', { type: 'button', className: 'btn btn-quiet btn-small', on: { click: () => {
        graph.collapse(data.id);
        renderLegend();
        showCounts();
        renderNeighbourBox(box, data);
        const links = $('#selection .links-in-view');
        if (links) replace(links, count(graph.cy.getElementById(data.id).degree(false)));
      } } }, 'Remove neighbours')));
}

function selectEdge(edge, source, target) {
  selectedId = null;
  const records = [...(edge.records ?? [])].sort((a, b) => String(a.at ?? '').localeCompare(String(b.at ?? '')));
  const LIMIT = 60;
  replace($('#selection'),
    el('h3', {}, 'Link'),
    el('dl', { className: 'kv' },
      el('dt', {}, 'Between'), el('dd', {}, source.label ?? source.id),
      el('dt', {}, 'and'), el('dd', {}, target.label ?? target.id),
      el('dt', {}, 'Records'), el('dd', {}, count(records.length))),
    el('table', { className: 'link-records' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Date'), el('th', {}, 'Evidence'), el('th', {}, 'Record'))),
      el('tbody', {}, records.slice(0, LIMIT).map(r => el('tr', {},
        el('td', {}, day(r.at) ?? 'undated'),
        el('td', {}, kindName(r.evidence) || '–'),
        el('td', {}, r.recordId ? el('code', {}, r.recordId) : '–'))))),
    records.length > LIMIT ? el('p', { className: 'muted' }, `and ${count(records.length - LIMIT)} more`) : null);
}

function clearSelection() {
  selectedId = null;
  for (const chip of document.querySelectorAll('.record-id.active')) chip.classList.remove('active');
  replace($('#selection'), el('h3', {}, 'Selection'),
    el('p', { className: 'muted' }, `Click a node to see its records (${ringUnmasked ? 'in full' : 'masked'}), or a record id below to find it in the graph.`));
}

// ---------------------------------------------------------------- reasons

function renderReasons() {
  const reasons = [...(ring.reasons ?? [])].sort((a, b) => Math.abs(b.contribution ?? 0) - Math.abs(a.contribution ?? 0));
  if (reasons.length === 0) return replace($('#reasons'), el('p', { className: 'muted' }, 'No reasons recorded.'));
  const maxWeight = Math.max(1, ...reasons.map(r => Math.abs(r.weight ?? 0)));
  replace($('#reasons'), reasons.map(reason => {
    const contribution = Number(reason.contribution ?? 0);
    const ids = reason.supportingRecords ?? [];
    const list = el('div', { className: 'record-ids' });
    const showIds = limit => replace(list,
      ids.slice(0, limit).map(id => el('button', {
        type: 'button', className: 'record-id', title: 'Find in the graph',
        on: { click: event => findRecord(id, event.currentTarget) },
      }, id)),
      ids.length > limit ? el('button', { type: 'button', className: 'record-id', on: { click: () => showIds(ids.length) } }, `+${count(ids.length - limit)} more`) : null);
    showIds(12);
    return el('div', { className: 'reason', dataset: { code: reason.code ?? '' } },
      el('div', { className: 'reason-head' },
        el('span', { className: 'reason-name' }, reasonName(reason.code)),
        el('span', { className: 'reason-points' + (contribution < 0 ? ' negative' : ''), title: `weight ${reason.weight}, measured value ${reason.value}` },
          `${contribution >= 0 ? '+' : ''}${score(contribution)} pts`)),
      el('div', { className: 'reason-desc' }, reason.description ?? ''),
      el('dl', { className: 'reason-figures' },
        reasonFigure('observed', 'Observed', 'What the ring\u2019s holders or records show', reason.shown?.observed),
        reasonFigure('expected', 'Expected', 'The same at this insurer\u2019s own base rates', reason.shown?.expected),
        reasonFigure('chance', 'Chance', 'Probability of at least the observed by chance if the base rates held (\u2014: the reason is not such a comparison)', reason.shown?.chance)),
      el('div', { className: 'contrib', attrs: { 'aria-hidden': 'true' } }, el('span', { style: `width:${Math.min(100, (Math.abs(contribution) / maxWeight) * 100)}%` })),
      ids.length ? el('div', { className: 'muted records-toggle' }, `${plural(ids.length, 'supporting record')}:`) : null,
      ids.length ? list : null);
  }));
}

/** One of a reason's measured figures: a term and its text as the server wrote it (the evidence report's form). */
const reasonFigure = (name, term, help, text) =>
  el('div', { className: 'figure-' + name }, el('dt', { title: help }, term), el('dd', {}, text ?? '\u2014'));

function findRecord(id, chip) {
  for (const c of document.querySelectorAll('.record-id.active')) c.classList.remove('active');
  chip.classList.add('active');
  const ref = recordRefs.get(id);
  const hits = graph.highlightRecord(id, ref?.node ?? null);
  selectedId = null;
  replace($('#selection'), el('h3', {}, 'Record'),
    el('p', {}, el('code', {}, id), ref?.type ? ` (${kindName(ref.type)}${ref.at ? ', ' + day(ref.at) : ''})` : '', hits
      ? ` is highlighted in the graph (${plural(hits, 'element')}).`
      : ' is not drawn in the graph; it is in the evidence package with the reason it supports.'));
}

// ---------------------------------------------------------------- what holds the ring together

const nodeLabel = id => {
  const node = graph?.cy.getElementById(id);
  return node && !node.empty() ? (node.data('label') ?? id) : id;
};

/** A victim-to-controller path as a list of its nodes, with a button that highlights it in the graph. */
function pathBlock(path, title) {
  if (!path.nodes.length) return el('p', { className: 'muted path' }, `${nodeLabel(path.victim)} is not tied to ${nodeLabel(path.controller)} by the records drawn here.`);
  const ties = path.nodes.length - 1;
  return el('div', { className: 'path' },
    el('div', { className: 'muted' }, `${title} (${plural(ties, 'tie')}):`),
    el('ol', { className: 'path-nodes' }, path.nodes.map(id => el('li', {}, nodeLabel(id)))),
    el('button', { type: 'button', className: 'btn btn-quiet btn-small', on: { click: () => graph.highlightPath(path.nodes) } }, 'Show in graph'));
}

/**
 * The controllers whose removal splits the ring (computed with QuikGraph on the server), and one victim-to-controller
 * path. Clicking a controller asks for the path from the selected victim, or from the example's victim.
 */
function renderStructure() {
  const structure = ring.structure;
  if (!structure) return;
  $('#structure-section').hidden = false;
  const pathBox = el('div', { id: 'structure-path' }, structure.path ? pathBlock(structure.path, 'How the farthest victim is tied to the top controller') : null);
  const showPath = async controller => {
    const selected = selectedId ? graph?.cy.getElementById(selectedId) : null;
    const victim = selected && !selected.empty() && selected.data('role') === 'victim' ? selectedId : structure.path?.victim;
    if (!victim) return;
    replace(pathBox, el('p', { className: 'muted' }, 'Finding the path…'));
    try {
      const path = await api.path(ring.ringId, victim, controller);
      replace(pathBox, pathBlock(path, `How ${nodeLabel(victim)} is tied to ${nodeLabel(controller)}`));
      if (path.nodes.length) graph.highlightPath(path.nodes);
    } catch (error) {
      replace(pathBox, el('p', { className: 'error-text' }, 'Could not find the path: ' + error.message));
    }
  };
  const list = structure.keyControllers.length
    ? el('ol', { className: 'key-controllers' }, structure.keyControllers.map(c => el('li', {},
        el('button', { type: 'button', className: 'record-id', title: 'Path from the selected victim (or the example victim) to here', on: { click: () => showPath(c.node) } }, c.label),
        ' ', el('span', { className: 'muted' }, `${kindName(c.kind)} · cuts off ${plural(c.cutOffVictims, 'victim')} · tied to ${count(c.directVictims)} directly`))))
    : el('p', { className: 'muted' }, 'No single controller holds this ring together: removing any one leaves every victim tied to the rest.');
  replace($('#structure'),
    structure.keyControllers.length ? el('p', { className: 'muted' }, 'Removing one of these splits the ring. Select a victim, then click a controller to see how they are tied.') : null,
    list, pathBox);
}

// ---------------------------------------------------------------- export and unmask

function wireDialogs() {
  for (const button of document.querySelectorAll('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close());
  }
  const exportDialog = $('#export-dialog');
  $('#export-btn').addEventListener('click', () => {
    $('#export-unmasked-box').hidden = !session?.canUnmask;
    exportDialog.showModal();
  });
  $('#export-unmasked').addEventListener('change', event => {
    $('#export-reason').disabled = !event.target.checked;
    $('#export-reason').required = event.target.checked;
  });
  $('#export-form').addEventListener('submit', async event => {
    event.preventDefault();
    const unmasked = !!session?.canUnmask && $('#export-unmasked').checked;
    const reason = $('#export-reason').value.trim();
    if (unmasked && !reason) { $('#export-reason').reportValidity(); return; }
    exportDialog.close();
    await createPackage(unmasked, unmasked ? reason : null);
  });

  const unmaskDialog = $('#unmask-dialog');
  $('#unmask-btn').addEventListener('click', () => { $('#unmask-reason').value = ''; unmaskDialog.showModal(); });
  $('#unmask-form').addEventListener('submit', async event => {
    event.preventDefault();
    const reason = $('#unmask-reason').value.trim();
    if (!reason) { $('#unmask-reason').reportValidity(); return; }
    unmaskDialog.close();
    await unmask(reason);
  });
}

async function createPackage(unmasked, reason) {
  const section = $('#export-section');
  const out = $('#export-result');
  const button = $('#export-btn');
  section.hidden = false;
  button.disabled = true;
  replace(out, el('p', { className: 'muted' }, unmasked ? 'Creating the unmasked package (audited)…' : 'Creating the masked package…'));
  try {
    const result = await api.exportRing(ring.ringId, unmasked, reason);
    replace(out, el('div', { className: 'notice' },
      el('div', {}, el('b', {}, unmasked ? 'Unmasked package created (audited).' : 'Masked package created.')),
      el('dl', { className: 'kv' },
        el('dt', {}, 'Folder'), el('dd', {}, el('code', {}, result.packagePath ?? '–')),
        el('dt', {}, 'Zip'), el('dd', {}, el('code', {}, result.zipPath ?? '–')),
        el('dt', {}, 'Manifest SHA-256'), el('dd', {}, el('code', {}, result.manifestSha256 ?? '–'))),
      result.leftOut?.length ? el('div', { className: 'left-out' }, 'Left out: ', el('ul', {}, result.leftOut.map(item => el('li', {}, item)))) : null));
    document.body.dataset.exported = 'true';
  } catch (error) {
    replace(out, el('div', { className: 'notice error' }, 'Export failed: ' + error.message));
  } finally {
    button.disabled = false;
  }
}

async function unmask(reason) {
  const banner = $('#unmask-banner');
  banner.hidden = false;
  replace(banner, 'Unmasking…');
  try {
    const full = await api.unmask(ring.ringId, reason);
    graph.relabel(full.graph?.nodes ?? []);
    ringUnmasked = true;
    const until = full.unmaskedUntil ? new Date(full.unmaskedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : null;
    replace(banner, el('b', {}, 'Unmasked view. '), `Labels in the graph and the records of this ring's nodes are shown in full${until ? ' until ' + until : ''}; this was audited with the reason “${reason}”. Reload the page to mask again.`);
    $('#unmask-btn').disabled = true;
    // The open node panel is asked for again, now in full.
    const selected = selectedId ? graph.cy.getElementById(selectedId) : null;
    if (selected && !selected.empty()) selectNode(selected.data());
  } catch (error) {
    replace(banner, el('span', { className: 'error-text' }, 'Unmask refused: ' + error.message));
  }
}

/** The drawing as shown (dates, expansion, labels) as a PNG download named after the ring and the slider's date. */
async function savePicture() {
  const blob = await graph.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' });
  const url = URL.createObjectURL(blob);
  const date = document.body.dataset.timeDay ?? 'all';
  const link = el('a', { href: url, download: `${ring.ringId}-${date}.png` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------- start

async function init() {
  const overlay = $('#graph-overlay');
  // The ring is asked for while the session is: one round trip less before the graph. Quiet, because the session
  // decides whether a login is needed; without one this answer (401) is simply dropped.
  const ringRequest = ringId ? api.ring(ringId, { quiet: true }) : null;
  ringRequest?.catch(() => {});
  try {
    session = await requireSession();
  } catch (error) {
    replace(overlay, el('span', { className: 'error-text' }, 'The explorer does not answer: ' + error.message));
    return;
  }
  $('#unmask-btn').hidden = !session.canUnmask;
  wireDialogs();
  if (!ringId) {
    replace(overlay, el('span', { className: 'error-text' }, 'No ring given: open a ring from the list.'));
    return;
  }
  try {
    ring = await ringRequest;
    performance.mark('fraudgraph:ring-loaded');
  } catch (error) {
    replace($('#ring-id'), ringId);
    replace(overlay, el('span', { className: 'error-text' }, error.status === 404 ? `Ring ${ringId} is not in the latest run.` : 'Could not load the ring: ' + error.message));
    return;
  }
  recordRefs = new Map((ring.records ?? []).map(r => [r.id, r]));
  renderHead();
  renderReasons();
  $('#export-btn').disabled = false;
  if (!ring.graph?.nodes?.length) {
    replace(overlay, 'This ring has no graph to draw.');
    return;
  }
  replace(overlay, 'Laying out the graph…');
  // Let the header and panels paint first; then the graph is made and laid out in one task, so that its first paint
  // is the laid-out drawing (painting every node piled at the origin first cost a frame for nothing).
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  performance.mark('fraudgraph:graph-start');
  try {
    graph = createGraph($('#cy'), ring, {
      onSelectNode: selectNode,
      onSelectEdge: selectEdge,
      onClear: clearSelection,
      onLayoutDone: () => {
        overlay.hidden = true;
        document.body.dataset.graphReady = 'true';
        if (focusId) {
          const data = graph.select(focusId);
          if (data) selectNode(data);
        }
      },
    });
  } catch (error) {
    replace(overlay, el('span', { className: 'error-text' }, error.message));
    return;
  }
  performance.mark('fraudgraph:graph-created');
  renderLegend();
  renderStructure();
  setupTimeline();
  $('#fit-btn').addEventListener('click', () => graph.fit());
  $('#layout-btn').addEventListener('click', () => graph.layout());
  $('#png-btn').addEventListener('click', savePicture);
  graph.layout();
}

init();
