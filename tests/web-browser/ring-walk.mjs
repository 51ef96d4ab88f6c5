// Walks the SIU explorer in headless Chromium like an investigator would: the ring list, the top ring, its
// graph drawn on the canvas, a node's records, the time slider (spanning the ring's activity), the same layout when
// the ring is opened again, a screenshot.
//
//   node ring-walk.mjs BASE_URL SCREENSHOT.png [--expect-text TEXT]
//
// --expect-text: a text every victim of the top ring has in its records (the .NET test plants a complaint holding
// "<script>…"): the clicked victim's panel must show it literally, as text, with no element made from it.
//
// Uses Debian's Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through playwright-core, which never downloads a
// browser; playwright starts it with a fresh empty profile. Exits 0 when every check holds; otherwise prints
// "ring-walk: FAILED: <what>" and exits 1 (2 for a wrong command line).
import fs from 'node:fs';
import path from 'node:path';
import { CheckFailed, check, pageUrl, runWalk } from './browser.mjs';

const args = process.argv.slice(2);
let expectText = null;
const expectAt = args.indexOf('--expect-text');
if (expectAt >= 0) {
  expectText = args[expectAt + 1] ?? null;
  args.splice(expectAt, 2);
}
const [base, screenshotArg] = args;
if (!base || !screenshotArg || (expectAt >= 0 && !expectText)) {
  console.error('usage: node ring-walk.mjs BASE_URL SCREENSHOT.png [--expect-text TEXT]');
  process.exit(2);
}
const screenshot = path.resolve(screenshotArg);

await runWalk('ring-walk', async ({ page, log }) => {
  // 1. The ring list, sorted by score (highest first) by default.
  const listUrl = pageUrl(base, 'index.html');
  log(`opening ${listUrl}`);
  const listResponse = await page.goto(listUrl, { waitUntil: 'domcontentloaded' });
  check(listResponse && listResponse.ok(), `the ring list answered HTTP ${listResponse?.status()}`);
  await page.waitForSelector('#rings tbody tr[data-ring-id]', { timeout: 30_000 }).catch(() => {
    throw new CheckFailed('the ring list shows no ring (is the demo store analysed?)');
  });
  const rows = await page.$$eval('#rings tbody tr[data-ring-id]', trs => trs.map(tr => ({
    id: tr.dataset.ringId,
    score: Number(tr.querySelector('.score-num')?.textContent.replace(/,/g, '')),
    flagged: tr.classList.contains('flagged'),
  })));
  log(`ring list: ${rows.length} rings, top ${rows[0].id} (score ${rows[0].score}${rows[0].flagged ? ', flagged' : ''})`);
  for (let i = 1; i < rows.length; i++) {
    check(rows[i - 1].score >= rows[i].score, `the list is not sorted by score: ${rows[i - 1].id} (${rows[i - 1].score}) before ${rows[i].id} (${rows[i].score})`);
  }
  check(/rings/.test(await page.textContent('#rings-count')), 'the list does not say how many rings there are');

  // 2. Open the top ring from the list.
  const top = rows[0];
  await Promise.all([
    page.waitForURL(url => url.pathname.endsWith('/ring.html') && url.searchParams.get('id') === top.id),
    page.click(`#rings tbody tr[data-ring-id="${top.id}"] a.ring-link`),
  ]);
  check((await page.textContent('#ring-id')).trim() !== '', 'the ring page shows no ring id');
  await page.waitForSelector('body[data-graph-ready="true"]', { timeout: 90_000 }).catch(async () => {
    const overlay = await page.textContent('#graph-overlay').catch(() => '');
    throw new CheckFailed(`the graph was never laid out (page says: "${(overlay ?? '').trim()}")`);
  });
  check((await page.textContent('#ring-id')).trim() === top.id, `the ring page shows ${await page.textContent('#ring-id')} instead of ${top.id}`);

  // 3. The graph is drawn: cytoscape holds the ring's nodes at distinct on-screen positions inside the canvas,
  //    and the canvas has coloured pixels of more than one colour.
  const drawn = await page.evaluate(() => {
    const cy = window.fraudgraphCy;
    if (!cy) return null;
    const box = cy.container().getBoundingClientRect();
    const nodes = cy.nodes();
    const positions = nodes.map(n => n.renderedPosition());
    const inside = positions.filter(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height).length;
    const distinct = new Set(positions.map(p => `${Math.round(p.x / 4)},${Math.round(p.y / 4)}`)).size;
    const roles = {};
    nodes.forEach(n => { roles[n.data('role')] = (roles[n.data('role')] ?? 0) + 1; });
    return { nodes: nodes.length, edges: cy.edges().length, inside, distinct, roles, width: box.width, height: box.height };
  });
  check(drawn !== null, 'window.fraudgraphCy is missing: the graph library did not start');
  log(`graph: ${drawn.nodes} nodes (${Object.entries(drawn.roles).map(([k, v]) => `${v} ${k}`).join(', ')}), ${drawn.edges} links, ${drawn.inside} on screen in ${drawn.width}x${drawn.height}`);
  check(drawn.nodes >= 2, `the ring graph has ${drawn.nodes} node(s)`);
  check(drawn.edges >= 1, 'the ring graph has no links');
  check((drawn.roles.victim ?? 0) >= 1, 'the ring graph has no victim');
  check(drawn.inside === drawn.nodes, `${drawn.nodes - drawn.inside} of ${drawn.nodes} nodes are drawn outside the visible canvas`);
  check(drawn.distinct >= Math.min(drawn.nodes, 2), 'the nodes are all drawn on top of each other (no layout)');

  const ink = await page.evaluate(() => {
    let painted = 0, total = 0;
    const colours = new Set();
    for (const canvas of document.querySelectorAll('#cy canvas')) {
      if (!canvas.width || !canvas.height) continue;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      total += canvas.width * canvas.height;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200) {
          painted++;
          colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
        }
      }
    }
    return { painted, total, colours: colours.size };
  });
  log(`canvas: ${ink.painted} painted pixels of ${ink.total}, ${ink.colours} colours`);
  check(ink.total > 0, 'the graph has no canvas');
  check(ink.painted > 400, `the graph canvas is blank (${ink.painted} painted pixels)`);
  check(ink.colours >= 3, `the graph canvas has only ${ink.colours} colour(s): roles are not styled apart`);

  // 4. Click a victim on the canvas (a real mouse click) and see its records in the side panel.
  const target = await page.evaluate(() => {
    const cy = window.fraudgraphCy;
    const box = cy.container().getBoundingClientRect();
    // A victim well inside the canvas and not under the legend or another overlay.
    const victim = cy.nodes('.victim').filter(n => {
      const p = n.renderedPosition();
      if (!(p.x > 20 && p.y > 20 && p.x < box.width - 20 && p.y < box.height - 20)) return false;
      const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
      return hit !== null && hit.tagName === 'CANVAS' && cy.container().contains(hit);
    })[0];
    if (!victim) return null;
    const p = victim.renderedPosition();
    return { id: victim.id(), x: box.left + p.x, y: box.top + p.y };
  });
  check(target !== null, 'no victim is clickable on the canvas');
  await page.mouse.click(target.x, target.y);
  await page.waitForSelector('#selection .node-card', { timeout: 10_000 }).catch(() => {
    throw new CheckFailed(`clicking victim ${target.id} on the canvas did not select it`);
  });
  const selected = await page.evaluate(() => window.fraudgraphCy.nodes(':selected').map(n => n.id()));
  check(selected.length === 1 && selected[0] === target.id, `the click selected ${selected.length ? 'another node' : 'nothing'}, not the victim under the mouse`);
  await page.waitForFunction(() => !document.querySelector('#selection .records')?.textContent.includes('Loading'), null, { timeout: 15_000 });
  const selection = await page.textContent('#selection');
  check(!/Could not load/.test(selection), `the selected node's records did not load: ${selection.trim().slice(0, 200)}`);
  log(`clicked ${target.id.slice(0, 2)}… on the canvas: its panel shows ${await page.$$eval('#selection .record', r => r.length)} record(s)`);
  if (expectText) {
    const shown = await page.evaluate(text => {
      const panel = document.querySelector('#selection');
      return {
        literal: panel.textContent.includes(text),
        elements: panel.querySelectorAll('script, img, iframe, object, svg script').length,
      };
    }, expectText);
    check(shown.literal, 'the clicked victim\'s records do not show the planted complaint text literally');
    check(shown.elements === 0, `the planted complaint text became ${shown.elements} element(s) in the page (HTML injection)`);
    log('the planted "<script>" complaint shows as text, not markup');
  }

  // 5. The time slider: the ring at its earliest date has fewer nodes than at its latest.
  const slider = page.locator('#time-slider');
  check(!(await slider.isDisabled()), 'the time slider is disabled (the ring has a single date)');
  // cytoscape recomputes styles when it next draws: count after two animation frames.
  const visible = () => page.evaluate(async () => {
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return window.fraudgraphCy.nodes(':visible').length;
  });
  await slider.focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('#time-slider').value === document.querySelector('#time-slider').min);
  const earliestDate = (await page.textContent('#time-date')).trim();
  const earliest = await visible();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('#time-slider').value === document.querySelector('#time-slider').max);
  const latestDate = (await page.textContent('#time-date')).trim();
  const latest = await visible();
  log(`time slider: ${earliest} nodes on ${earliestDate}, ${latest} on ${latestDate}`);
  check(earliestDate < latestDate, `the slider's dates do not move (${earliestDate} → ${latestDate})`);
  // It spans the ring's activity (first..last seen), not the years-old dates of policies sold before it.
  const active = await page.evaluate(async id => {
    const response = await fetch('api/rings/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } });
    const body = await response.json();
    return { firstSeen: body.firstSeen, lastSeen: body.lastSeen };
  }, top.id);
  if (active.firstSeen && active.lastSeen) {
    check(earliestDate === active.firstSeen && latestDate === active.lastSeen,
      `the slider spans ${earliestDate} → ${latestDate}, not the ring's activity ${active.firstSeen} → ${active.lastSeen}`);
  }
  check(earliest < latest, `the slider shows ${earliest} nodes at the earliest date and ${latest} at the latest: it does not filter by date`);
  check(latest === drawn.nodes, `at the latest date ${latest} of ${drawn.nodes} nodes are visible`);

  // 6. The same ring opens with the same layout: reload the page and compare every node's position.
  const positions = () => page.evaluate(() => window.fraudgraphCy.nodes().map(n => {
    const p = n.position();
    return `${n.data('kind')}@${Math.round(p.x)},${Math.round(p.y)}`;
  }).join(' '));
  const before = await positions();
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('body[data-graph-ready="true"]', { timeout: 90_000 });
  const after = await positions();
  check(before === after, 'the ring was laid out differently when the page was opened again');
  log('reopened: the same layout, node for node');

  // 7. The picture an investigator sees.
  await page.evaluate(() => window.fraudgraphCy.elements().removeClass('faded'));
  await page.waitForTimeout(300);
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: false });
  log(`screenshot: ${screenshot}`);
});
