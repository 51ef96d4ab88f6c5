// The ring graph: cytoscape with the fcose layout (UMD files the build copies into lib/), styles per role and
// kind, the time filter, record highlighting and paged neighbour expansion.
import { styleOf, EDGE_COLORS } from './styles.js';
import { dayNumber } from './format.js';

const cytoscape = globalThis.cytoscape;
if (cytoscape && globalThis.cytoscapeFcose && !cytoscape.__fraudgraphFcose) {
  cytoscape.use(globalThis.cytoscapeFcose);
  cytoscape.__fraudgraphFcose = true;
}

function nodeElement(node, ringDegree = 1) {
  const look = styleOf(node.role, node.kind);
  return {
    group: 'nodes',
    data: {
      id: node.id, label: node.label ?? node.id, role: node.role, kind: node.kind, degree: node.degree ?? null,
      firstSeen: node.firstSeen ?? null, seenDay: node.firstSeen ? dayNumber(node.firstSeen) : null,
      shape: look.shape, color: look.color, border: look.border, ringDegree,
    },
    classes: node.role ?? '',
  };
}

// How much a link says about control, by its evidence (weights as in detection.defaults.json): being switched
// to a value, paid out to it or represented by it is strong; a phone registered at purchase is weak.
const STRONG = new Set(['changed_to', 'surrender_payout_account', 'surrender_representative', 'complaint_representative']);
const WEAK = new Set(['registered_phone', 'registered_address', 'changed_from']);
const strength = evidence => (evidence === 'sold_policy' ? 0 : STRONG.has(evidence) ? 3 : WEAK.has(evidence) ? 1 : 2);
const STRENGTH_CLASS = ['agent-link', 'weak', 'medium', 'strong'];

/**
 * One drawn link per pair of nodes, carrying every record behind it: a victim with nine records naming the same
 * phone is one line (thicker), not nine overlapping curves. It is shown from the date of its first record on
 * (always, when any of its records is undated).
 */
function aggregateEdges(edges) {
  const pairs = new Map();
  for (const edge of edges) {
    const key = edge.source < edge.target ? `${edge.source}|${edge.target}` : `${edge.target}|${edge.source}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { id: 'l:' + key, source: edge.source, target: edge.target, records: [], seenDay: undefined, strength: -1 };
      pairs.set(key, pair);
    }
    pair.records.push({ recordId: edge.recordId ?? null, evidence: edge.evidence ?? null, at: edge.at ?? null });
    const seen = edge.at ? dayNumber(edge.at) : null;
    if (seen === null) pair.seenDay = null;
    else if (pair.seenDay === undefined || (pair.seenDay !== null && seen < pair.seenDay)) pair.seenDay = seen;
    pair.strength = Math.max(pair.strength, strength(edge.evidence));
  }
  return [...pairs.values()].map(pair => ({
    group: 'edges',
    data: {
      id: pair.id, source: pair.source, target: pair.target, records: pair.records, count: pair.records.length,
      seenDay: pair.seenDay ?? null, strength: pair.strength,
    },
    classes: STRENGTH_CLASS[Math.max(0, pair.strength)],
  }));
}

const STYLE = [
  {
    selector: 'node',
    style: {
      shape: 'data(shape)', 'background-color': 'data(color)', 'border-color': 'data(border)', 'border-width': 1.5,
      width: 'mapData(ringDegree, 1, 24, 20, 46)', height: 'mapData(ringDegree, 1, 24, 20, 46)',
      label: 'data(label)', 'font-size': 10, color: '#33404d', 'text-valign': 'bottom', 'text-margin-y': 4,
      'text-wrap': 'ellipsis', 'text-max-width': '140px', 'min-zoomed-font-size': 7,
      'text-background-color': '#fbfbfc', 'text-background-opacity': 0.75, 'text-background-padding': 1,
      'transition-property': 'opacity', 'transition-duration': '150ms',
    },
  },
  // Victims' labels appear once zoomed in enough to read them; controllers' stay (they are the story).
  { selector: 'node.victim', style: { width: 18, height: 18, 'font-size': 9, color: '#52606d', 'min-zoomed-font-size': 11 } },
  { selector: 'node.victim:selected, node.victim.hl', style: { 'min-zoomed-font-size': 0 } },
  { selector: 'node.controller', style: { 'font-weight': 600, 'font-size': 11 } },
  { selector: 'node.agent', style: { width: 34, height: 34, 'font-weight': 600 } },
  // Neighbours can come by the thousand: no labels unless selected, so the ring stays readable.
  { selector: 'node.neighbour', style: { width: 9, height: 9, 'font-size': 8, 'border-width': 1, color: '#7b8794', label: '' } },
  { selector: 'node.neighbour:selected', style: { label: 'data(label)' } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1f2d3d', 'overlay-opacity': 0 } },
  { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 4 } },
  {
    selector: 'edge',
    style: {
      width: 'mapData(count, 1, 12, 1.2, 5)', 'line-color': '#c3cbd3', 'curve-style': 'haystack', opacity: 0.8,
      'overlay-padding': 3,
    },
  },
  { selector: 'edge.strong', style: { 'line-color': EDGE_COLORS.strong, opacity: 0.85 } },
  { selector: 'edge.medium', style: { 'line-color': EDGE_COLORS.medium } },
  { selector: 'edge.weak', style: { 'line-color': EDGE_COLORS.weak, 'line-style': 'dashed' } },
  { selector: 'edge.agent-link', style: { 'line-style': 'dashed', 'line-color': EDGE_COLORS.agent, 'curve-style': 'bezier' } },
  { selector: 'edge.neighbour-edge', style: { width: 0.7, 'line-color': '#d5dbe1', 'line-style': 'solid' } },
  { selector: 'edge:selected', style: { width: 3, 'line-color': '#2f5d8a' } },
  { selector: '.faded', style: { opacity: 0.14 } },
  { selector: 'node.hl', style: { 'border-width': 3.5, 'border-color': '#2f5d8a', opacity: 1 } },
  { selector: 'edge.hl', style: { width: 3, 'line-color': '#2f5d8a', opacity: 1 } },
  { selector: '.future', style: { display: 'none' } },
];

/**
 * Draws a ring into `container`. Returns a controller; `cy` is also exposed as window.fraudgraphCy for the
 * browser test and for an investigator's console.
 */
export function createGraph(container, ring, { onSelectNode, onSelectEdge, onClear, onLayoutDone } = {}) {
  if (!cytoscape) throw new Error('The graph library (lib/cytoscape.min.js) did not load; build the web project to fetch it.');
  // Sizes by links in the drawing are known before the graph is made: no second style pass over every node.
  const links = aggregateEdges(ring.graph.edges);
  const ringDegree = new Map();
  for (const { data } of links) {
    ringDegree.set(data.source, (ringDegree.get(data.source) ?? 0) + 1);
    ringDegree.set(data.target, (ringDegree.get(data.target) ?? 0) + 1);
  }
  const cy = cytoscape({
    container,
    elements: [...ring.graph.nodes.map(node => nodeElement(node, Math.max(1, ringDegree.get(node.id) ?? 0))), ...links],
    style: STYLE,
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: 'single',
    textureOnViewport: false,
    hideEdgesOnViewport: ring.graph.edges.length > 3000,
  });
  globalThis.fraudgraphCy = cy;

  let currentDay = null;
  const neighbourPages = new Map(); // anchor node id → { loaded, total, added: Set }

  const layout = () => {
    const n = cy.nodes().length;
    // Victims (and neighbours) linked to exactly the same nodes would be laid out on one spot anyway: a big drawing
    // lays out one of each such group, sized like the group, and then spreads the group around it. A 300-victim
    // ring has some 30 groups, so the force layout works on ~45 nodes instead of 313.
    const groups = n > GROUP_FROM ? equivalentGroups(cy) : [];
    let followers = cy.collection();
    for (const group of groups) followers = followers.union(group.slice(1));
    const laid = followers.empty() ? cy.elements() : cy.elements().not(followers).not(followers.connectedEdges());
    const m = laid.nodes().length;
    cy.batch(() => {
      for (const group of groups) {
        const size = 2 * groupRadius(group.length) + 18;
        group[0].style({ width: size, height: size });
      }
    });
    const run = laid.layout({
      name: globalThis.cytoscapeFcose ? 'fcose' : 'cose',
      quality: m > 1500 ? 'draft' : 'default',
      randomize: true,
      animate: false,
      fit: true,
      padding: 40,
      nodeSeparation: 90,
      idealEdgeLength: () => (m > 300 ? 70 : 110),
      nodeRepulsion: () => 16000,
      edgeElasticity: () => 0.3,
      gravity: 0.2,
      gravityRange: 3.0,
      numIter: 2500,
      packComponents: true,
    });
    run.one('layoutstop', () => {
      cy.batch(() => {
        for (const group of groups) {
          group[0].removeStyle('width height');
          const center = { ...group[0].position() };
          group.forEach((node, i) => node.position(sunflower(center, i)));
        }
      });
      // Values shared by every victim are all pulled to the same centre; push overlapping shapes apart.
      if (n <= 1500) spreadOverlaps(cy);
      cy.fit(cy.elements(), 40);
      performance.mark('fraudgraph:layout-stop');
      // The renderer paints on its next frame; its 'render' event says the laid-out graph is on the canvas
      // (tests/web-browser/render-timing.mjs measures the page up to this mark).
      cy.one('render', () => performance.mark('fraudgraph:graph-drawn'));
      onLayoutDone?.();
    });
    performance.mark('fraudgraph:layout-start');
    seeded(layoutSeed(ring.ringId, cy), () => run.run());
  };

  cy.on('tap', 'node', event => {
    const node = event.target;
    focusOn(node);
    onSelectNode?.(node.data());
  });
  cy.on('tap', 'edge', event => {
    const edge = event.target;
    focusOn(edge.connectedNodes());
    onSelectEdge?.(edge.data(), edge.source().data(), edge.target().data());
  });
  cy.on('tap', event => {
    if (event.target === cy) {
      clearHighlight();
      cy.elements().unselect();
      onClear?.();
    }
  });

  function clearHighlight() {
    cy.elements().removeClass('faded hl');
  }

  /** Dims everything but the node(s) and their direct neighbourhood. */
  function focusOn(nodes) {
    cy.batch(() => {
      clearHighlight();
      const keep = nodes.closedNeighborhood();
      cy.elements().not(keep).addClass('faded');
    });
  }

  /** Shows the ring as it was on `day` (days since 1970; null: everything): nodes and edges seen later are hidden. */
  function setDay(day) {
    currentDay = day;
    cy.batch(() => {
      cy.nodes().forEach(n => {
        const seen = n.data('seenDay');
        n.toggleClass('future', seen !== null && day !== null && seen > day);
      });
      cy.edges().forEach(e => {
        const seen = e.data('seenDay');
        const later = seen !== null && day !== null && seen > day;
        e.toggleClass('future', later || e.source().hasClass('future') || e.target().hasClass('future'));
      });
    });
    return visibleCounts();
  }

  function visibleCounts() {
    return {
      nodes: cy.nodes().not('.future').length,
      edges: cy.edges().not('.future').length,
      totalNodes: cy.nodes().length,
    };
  }

  /**
   * Highlights what stands on a record id (from a reason's supporting records): the links made from it, and the
   * node it belongs to (`nodeId`, from the ring's record list) or that it is (a holder id). Returns how many.
   */
  function highlightRecord(recordId, nodeId = null) {
    const edges = cy.edges().filter(e => e.data('records')?.some(r => r.recordId === recordId));
    const nodes = cy.nodes().filter(n => n.id() === nodeId || n.id().slice(2) === recordId);
    cy.batch(() => {
      clearHighlight();
      if (edges.empty() && nodes.empty()) return;
      cy.elements().addClass('faded');
      const hit = edges.union(edges.connectedNodes()).union(nodes);
      hit.removeClass('faded').addClass('hl');
    });
    return edges.length + nodes.length;
  }

  /** Highlights a chain of nodes (a victim-to-controller path) and the links between neighbours in it. Returns how many nodes. */
  function highlightPath(nodeIds) {
    const nodes = nodeIds.map(id => cy.getElementById(id)).filter(n => !n.empty());
    cy.batch(() => {
      clearHighlight();
      if (nodes.length === 0) return;
      cy.elements().addClass('faded');
      let hit = cy.collection();
      nodes.forEach((node, i) => {
        hit = hit.union(node);
        if (i > 0) hit = hit.union(node.edgesWith(nodes[i - 1]));
      });
      hit.removeClass('faded').addClass('hl');
    });
    return nodes.length;
  }

  /**
   * Adds one page of an anchor's neighbours around it (the rest of the graph keeps its layout, so a node with
   * thousands of neighbours costs one page at a time). Returns { added, loaded, total, hidden }.
   */
  function addNeighbours(anchorId, page) {
    const anchor = cy.getElementById(anchorId);
    if (anchor.empty()) return null;
    const state = neighbourPages.get(anchorId) ?? { loaded: 0, total: page.total, added: new Set(), placed: 0 };
    const center = anchor.position();
    const fresh = [];
    cy.batch(() => {
      for (const node of page.nodes) {
        if (!cy.getElementById(node.id).empty()) continue;
        const element = nodeElement({ ...node, role: node.role ?? 'neighbour' });
        element.position = spiral(center, state.placed++);
        fresh.push(element);
        state.added.add(node.id);
      }
      cy.add(fresh);
      const edges = [];
      for (const element of aggregateEdges(page.edges)) {
        const { id, source, target } = element.data;
        if (!cy.getElementById(id).empty()) continue;
        if (cy.getElementById(source).empty() || cy.getElementById(target).empty()) continue;
        element.classes += ' neighbour-edge';
        edges.push(element);
        state.added.add(id);
      }
      cy.add(edges);
      anchor.addClass('expanded');
    });
    const firstPage = state.loaded === 0;
    state.loaded += page.nodes.length;
    state.total = page.total;
    neighbourPages.set(anchorId, state);
    // Bring the first page into view; later pages keep the investigator's pan and zoom.
    if (firstPage && fresh.length) cy.animate({ fit: { eles: anchor.closedNeighborhood(), padding: 50 } }, { duration: 300 });
    updateRingDegrees(cy);
    if (currentDay !== null) setDay(currentDay);
    return { added: fresh.length, loaded: state.loaded, total: state.total, hidden: Math.max(0, state.total - state.loaded) };
  }

  /** Removes the neighbours an expansion added (never the ring's own nodes). */
  function collapse(anchorId) {
    const state = neighbourPages.get(anchorId);
    if (!state) return;
    cy.batch(() => {
      for (const id of state.added) cy.getElementById(id).remove();
      cy.getElementById(anchorId).removeClass('expanded');
    });
    neighbourPages.delete(anchorId);
    updateRingDegrees(cy);
  }

  function relabel(nodes) {
    cy.batch(() => {
      for (const node of nodes) {
        const element = cy.getElementById(node.id);
        if (!element.empty() && node.label) element.data('label', node.label);
      }
    });
  }

  return {
    cy,
    layout,
    setDay,
    visibleCounts,
    highlightRecord,
    highlightPath,
    clearHighlight,
    addNeighbours,
    collapse,
    relabel,
    neighbourState: id => neighbourPages.get(id) ?? null,
    fit: () => cy.fit(cy.elements().not('.future'), 40),
    select: id => {
      const node = cy.getElementById(id);
      if (node.empty()) return null;
      cy.elements().unselect();
      node.select();
      focusOn(node);
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
      return node.data();
    },
  };
}

/**
 * The layout's seed: the ring id and the drawn node ids (in their order), so the same ring with the same expansion
 * is laid out the same way every time it opens, and a different drawing gets its own.
 */
function layoutSeed(ringId, cy) {
  let h = 2166136261;
  const mix = text => {
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
  };
  mix(String(ringId ?? ''));
  // Contact point ids are keyed per server process; their kind and position are stable, their text is not.
  cy.nodes().forEach(node => mix(node.id().startsWith('c:') ? node.data('kind') : node.id()));
  return h >>> 0;
}

/**
 * Runs `work` with Math.random replaced by a seeded generator (mulberry32): fcose's spectral start and cose's
 * shuffles draw from Math.random, and layout-base keeps a global counter seed; both are reset so the layout is a
 * function of the graph alone. `work` is synchronous (animate: false), so nothing else sees the replacement.
 */
function seeded(seed, work) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random = Math.random;
  const counter = globalThis.layoutBase?.RandomSeed;
  if (counter) counter.seed = 1;
  Math.random = next;
  try {
    work();
  } finally {
    Math.random = random;
  }
}

/** Number of edges each node has in the drawn graph (sizes controllers by how many victims point at them). */
function updateRingDegrees(cy) {
  cy.batch(() => cy.nodes().forEach(n => n.data('ringDegree', Math.max(1, n.degree(false)))));
}

/**
 * Moves overlapping nodes apart (a few passes of pairwise pushes, O(n²) each; only for drawings of at most a
 * few thousand nodes). Controllers and agents keep room for their label below them.
 */
function spreadOverlaps(cy, passes = 12) {
  const nodes = cy.nodes().toArray();
  const items = nodes.map(node => {
    const p = node.position();
    const labelled = !node.hasClass('victim') && !node.hasClass('neighbour');
    return { node, x: p.x, y: p.y, r: Math.max(node.width(), node.height()) / 2 + (labelled ? 16 : 6) };
  });
  for (let pass = 0; pass < passes; pass++) {
    let moved = false;
    for (let i = 0; i < items.length; i++) {
      const a = items[i];
      for (let j = i + 1; j < items.length; j++) {
        const b = items[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        const need = a.r + b.r;
        if (Math.abs(dx) >= need || Math.abs(dy) >= need) continue;
        let d = Math.hypot(dx, dy);
        if (d >= need) continue;
        if (d < 0.01) { dx = Math.cos(i + j); dy = Math.sin(i + j); d = 1; }
        const push = (need - d) / 2;
        a.x -= (dx / d) * push; a.y -= (dy / d) * push;
        b.x += (dx / d) * push; b.y += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  cy.batch(() => { for (const item of items) item.node.position({ x: item.x, y: item.y }); });
}

/** Drawings with more nodes than this lay out one node per group of equivalent victims (see layout). */
const GROUP_FROM = 150;

/**
 * Victims and neighbours grouped by the exact set of nodes they link to, in drawing order (the first of a group is
 * the one laid out); only groups of two or more.
 */
function equivalentGroups(cy) {
  const byLinks = new Map();
  cy.nodes('.victim, .neighbour').forEach(node => {
    const key = node.neighborhood().nodes().map(other => other.id()).sort().join('|');
    if (!key) return;
    const group = byLinks.get(key);
    if (group) group.push(node); else byLinks.set(key, [node]);
  });
  return [...byLinks.values()].filter(group => group.length > 1);
}

const SUNFLOWER_STEP = 14;

/** Radius of a sunflower of `count` victims. */
const groupRadius = count => SUNFLOWER_STEP * Math.sqrt(count);

/**
 * The i-th position of a sunflower around a centre: evenly spread, no overlaps, O(1) each. By default the first is at
 * the centre (a group of victims around its representative); `inner` and `from` keep a hole in the middle (a node's
 * neighbours around it).
 */
function sunflower(center, i, { step = SUNFLOWER_STEP, inner = 0, from = 0 } = {}) {
  const golden = Math.PI * (3 - Math.sqrt(5));
  const r = inner + step * Math.sqrt(i + from);
  const a = i * golden;
  return { x: center.x + r * Math.cos(a), y: center.y + r * Math.sin(a) };
}

/** Position of the i-th neighbour around an expanded node: a sunflower with room for the node in the middle. */
const spiral = (center, i) => sunflower(center, i, { step: 13, inner: 38, from: 1 });
