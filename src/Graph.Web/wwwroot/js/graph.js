// The ring graph: cytoscape with the fcose layout (UMD files the build copies into lib/), styles per role and
// kind, the time filter, record highlighting and paged neighbour expansion.
import { styleOf } from './styles.js';
import { dayNumber } from './format.js';

const cytoscape = globalThis.cytoscape;
if (cytoscape && globalThis.cytoscapeFcose && !cytoscape.__fraudgraphFcose) {
  cytoscape.use(globalThis.cytoscapeFcose);
  cytoscape.__fraudgraphFcose = true;
}

function nodeElement(node) {
  const look = styleOf(node.role, node.kind);
  return {
    group: 'nodes',
    data: {
      id: node.id, label: node.label ?? node.id, role: node.role, kind: node.kind, degree: node.degree ?? null,
      firstSeen: node.firstSeen ?? null, seenDay: node.firstSeen ? dayNumber(node.firstSeen) : null,
      shape: look.shape, color: look.color, border: look.border, ringDegree: 1,
    },
    classes: node.role ?? '',
  };
}

function edgeElement(edge) {
  return {
    group: 'edges',
    data: {
      id: edge.id, source: edge.source, target: edge.target, evidence: edge.evidence ?? null,
      recordId: edge.recordId ?? null, at: edge.at ?? null, seenDay: edge.at ? dayNumber(edge.at) : null,
    },
    classes: edge.evidence ?? '',
  };
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
  { selector: 'node.victim', style: { width: 18, height: 18, 'font-size': 9, color: '#52606d' } },
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
      width: 1.3, 'line-color': '#b4bec8', 'curve-style': 'bezier', opacity: 0.85,
      'target-arrow-shape': 'none', 'overlay-padding': 3,
    },
  },
  { selector: 'edge.contact_change, edge.changed_to', style: { width: 2, 'line-color': '#d9a877' } },
  { selector: 'edge.surrender_payout, edge.payout_account', style: { width: 2.2, 'line-color': '#d48d86' } },
  { selector: 'edge.sold_policy, edge.agent', style: { 'line-style': 'dashed', 'line-color': '#a597c2' } },
  { selector: 'edge.neighbour-edge', style: { width: 0.7, 'line-color': '#d5dbe1' } },
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
  const cy = cytoscape({
    container,
    elements: [...ring.graph.nodes.map(nodeElement), ...ring.graph.edges.map(edgeElement)],
    style: STYLE,
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: 'single',
    textureOnViewport: false,
    hideEdgesOnViewport: ring.graph.edges.length > 3000,
  });
  globalThis.fraudgraphCy = cy;
  updateRingDegrees(cy);

  let currentDay = null;
  const neighbourPages = new Map(); // anchor node id → { loaded, total, added: Set }

  const layout = () => {
    const n = cy.nodes().length;
    const run = cy.layout({
      name: globalThis.cytoscapeFcose ? 'fcose' : 'cose',
      quality: n > 1500 ? 'draft' : 'default',
      randomize: true,
      animate: false,
      fit: true,
      padding: 40,
      nodeSeparation: 60,
      idealEdgeLength: edge => (edge.target().hasClass('victim') || edge.source().hasClass('victim') ? 70 : 90),
      nodeRepulsion: () => 6500,
      edgeElasticity: () => 0.45,
      gravity: 0.3,
      numIter: 2500,
      packComponents: true,
    });
    run.one('layoutstop', () => onLayoutDone?.());
    run.run();
  };

  cy.on('tap', 'node', event => {
    const node = event.target;
    focusOn(node);
    onSelectNode?.(node.data());
  });
  cy.on('tap', 'edge', event => {
    clearHighlight();
    onSelectEdge?.(event.target.data(), event.target.source().data(), event.target.target().data());
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

  /** Dims everything but the node and its direct neighbourhood. */
  function focusOn(node) {
    cy.batch(() => {
      clearHighlight();
      const keep = node.closedNeighborhood();
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
    const edges = cy.edges().filter(e => e.data('recordId') === recordId);
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
      for (const edge of page.edges) {
        if (!cy.getElementById(edge.id).empty()) continue;
        if (cy.getElementById(edge.source).empty() || cy.getElementById(edge.target).empty()) continue;
        const element = edgeElement(edge);
        element.classes += ' neighbour-edge';
        edges.push(element);
        state.added.add(edge.id);
      }
      cy.add(edges);
      anchor.addClass('expanded');
    });
    state.loaded += page.nodes.length;
    state.total = page.total;
    neighbourPages.set(anchorId, state);
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

/** Number of edges each node has in the drawn graph (sizes controllers by how many victims point at them). */
function updateRingDegrees(cy) {
  cy.batch(() => cy.nodes().forEach(n => n.data('ringDegree', Math.max(1, n.degree(false)))));
}

/** Position of the i-th neighbour around a centre: a sunflower spiral, evenly spread, no overlaps, O(1) each. */
function spiral(center, i) {
  const golden = Math.PI * (3 - Math.sqrt(5));
  const r = 38 + 13 * Math.sqrt(i + 1);
  const a = i * golden;
  return { x: center.x + r * Math.cos(a), y: center.y + r * Math.sin(a) };
}
