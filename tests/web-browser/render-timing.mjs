// How long a ring page takes to show its graph in headless Chromium: from the start of the navigation to the
// moment the page has laid the graph out and painted it (the performance mark "fraudgraph:graph-drawn" that
// js/graph.js sets on the first canvas render after the layout stops). Each load is cold: a new browser context,
// so no cache, no cookies, no stored page state.
//
//   node render-timing.mjs BASE_URL RING_ID [--runs 5]
//
// Prints one line per load (with where the time went: the ring's JSON, the layout, the paint) and a last line
// "render-timing: median MS ms over N cold loads (…)". Exits 0 when every load drew the graph, 1 otherwise
// ("render-timing: FAILED: …"), 2 for a wrong command line.
import { CheckFailed, CONTEXT, check, launchChromium, pageUrl } from './browser.mjs';

const args = process.argv.slice(2);
let runs = 5;
const runsAt = args.indexOf('--runs');
if (runsAt >= 0) {
  runs = Number(args[runsAt + 1]);
  args.splice(runsAt, 2);
}
const [base, ringId] = args;
if (!base || !ringId || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node render-timing.mjs BASE_URL RING_ID [--runs N]');
  process.exit(2);
}

const log = message => console.log(`render-timing: ${message}`);
const ms = value => (value === null || value === undefined ? '?' : `${value.toFixed(0)} ms`);
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
let browser;
try {
  browser = await launchChromium();
  const url = pageUrl(base, 'ring.html?id=' + encodeURIComponent(ringId));
  log(`${url}, ${runs} cold loads, window ${CONTEXT.viewport.width}x${CONTEXT.viewport.height}`);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext(CONTEXT);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', error => errors.push(error.message));
    const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
    check(response && response.ok(), `the ring page answered HTTP ${response?.status()}`);
    await page.waitForFunction(() => performance.getEntriesByName('fraudgraph:graph-drawn').length > 0, null, { timeout: 120_000 })
      .catch(async () => {
        const overlay = await page.textContent('#graph-overlay').catch(() => '');
        throw new CheckFailed(`the graph was never drawn (page says: "${(overlay ?? '').trim()}")`);
      });
    const t = await page.evaluate(ring => {
      const mark = name => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const api = performance.getEntriesByType('resource').find(r => new URL(r.name).pathname === '/api/rings/' + encodeURIComponent(ring));
      const cy = window.fraudgraphCy;
      return {
        drawn: mark('fraudgraph:graph-drawn'),
        ringLoaded: mark('fraudgraph:ring-loaded'),
        headDrawn: mark('fraudgraph:graph-start'),
        created: mark('fraudgraph:graph-created'),
        layoutStart: mark('fraudgraph:layout-start'),
        layoutStop: mark('fraudgraph:layout-stop'),
        ringAsked: api ? api.startTime : null,
        ringJson: api ? api.responseEnd : null,
        nodes: cy.nodes().length,
        victims: cy.nodes('.victim').length,
        edges: cy.edges().length,
        // The drawing, node by node (kind and rounded position; contact point ids change with each server process).
        layout: cy.nodes().map(n => `${n.data('kind')}@${Math.round(n.position('x'))},${Math.round(n.position('y'))}`).join(' '),
      };
    }, ringId);
    check(errors.length === 0, `script errors: ${errors.join('; ')}`);
    check(t.layoutStart !== null && t.layoutStop !== null, 'the page set no layout marks');
    results.push(t);
    log(`load ${i + 1}: drawn at ${t.drawn.toFixed(0)} ms (ring asked at ${ms(t.ringAsked)}, its JSON in at ${ms(t.ringJson)}, ` +
        `page painted by ${ms(t.headDrawn)}, graph made by ${ms(t.created)}, layout from ${ms(t.layoutStart)}: ` +
        `layout ${(t.layoutStop - t.layoutStart).toFixed(0)} ms, paint ${(t.drawn - t.layoutStop).toFixed(0)} ms); ` +
        `${t.victims} victims, ${t.nodes} nodes, ${t.edges} drawn links`);
    await context.close();
  }
  const last = results[results.length - 1];
  // FNV-1a of the drawing: equal across loads (checked) and across server restarts (compare the printed value).
  let hash = 2166136261;
  for (let i = 0; i < last.layout.length; i++) { hash ^= last.layout.charCodeAt(i); hash = Math.imul(hash, 16777619); }
  check(results.every(r => r.layout === last.layout), 'the ring was laid out differently on different loads');
  log(`layout fingerprint ${(hash >>> 0).toString(16)} (the same on every load)`);
  log(`median ${median(results.map(r => r.drawn)).toFixed(0)} ms over ${runs} cold loads ` +
      `(layout median ${median(results.map(r => r.layoutStop - r.layoutStart)).toFixed(0)} ms; ` +
      `${last.victims} victims, ${last.nodes} nodes, ${last.edges} drawn links)`);
  await browser.close();
  process.exit(0);
} catch (error) {
  console.error(`render-timing: FAILED: ${error instanceof CheckFailed ? error.message : (error?.stack ?? String(error))}`);
  try { await browser?.close(); } catch { /* already gone */ }
  process.exit(1);
}
