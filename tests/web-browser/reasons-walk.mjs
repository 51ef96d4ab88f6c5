// Opens one ring's page and checks that every reason shows its observed, expected and chance exactly as given
// (the .NET test writes them with the evidence report's formatter: "2.4×10⁻²⁵", "—" for a reason without them), and,
// with --focus, that a shared value's node panel says the role the analysis gave it and why.
//
//   node reasons-walk.mjs BASE_URL RING_ID EXPECTED.json [--focus NODE_ID --role ROLE --why WHY] [--screenshot FILE.png]
//
// EXPECTED.json: [ { "code": "…", "observed": "12", "expected": "0.08", "chance": "2.4×10⁻²⁵" }, … ], one per reason.
// Exits 0 when every check holds; otherwise prints "reasons-walk: FAILED: <what>" and exits 1 (2 for a wrong command line).
import fs from 'node:fs';
import { CheckFailed, check, pageUrl, runWalk } from './browser.mjs';

const args = process.argv.slice(2);
const option = name => {
  const at = args.indexOf(name);
  if (at < 0) return null;
  const value = args[at + 1] ?? null;
  args.splice(at, 2);
  return value;
};
const focus = option('--focus');
const role = option('--role');
const why = option('--why');
const screenshot = option('--screenshot');
const [base, ringId, expectedFile] = args;
if (!base || !ringId || !expectedFile || (focus !== null && (role === null || why === null))) {
  console.error('usage: node reasons-walk.mjs BASE_URL RING_ID EXPECTED.json [--focus NODE_ID --role ROLE --why WHY] [--screenshot FILE.png]');
  process.exit(2);
}
const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));

await runWalk('reasons-walk', async ({ page, log }) => {
  const url = pageUrl(base, 'ring.html?id=' + encodeURIComponent(ringId));
  log(`opening ${url}`);
  const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
  check(response && response.ok(), `the ring page answered HTTP ${response?.status()}`);
  await page.waitForSelector('#reasons .reason', { timeout: 30_000 }).catch(() => {
    throw new CheckFailed('the ring page shows no reason');
  });
  const shown = await page.$$eval('#reasons .reason', reasons => reasons.map(r => {
    const text = name => r.querySelector(`.figure-${name} dd`)?.textContent ?? null;
    const term = name => r.querySelector(`.figure-${name} dt`)?.textContent ?? null;
    return {
      code: r.dataset.code,
      observed: text('observed'), expected: text('expected'), chance: text('chance'),
      terms: [term('observed'), term('expected'), term('chance')].join(' '),
    };
  }));
  log(`${shown.length} reasons on the page`);
  check(shown.length === expected.length, `the page shows ${shown.length} reasons, the ring has ${expected.length}`);
  const byCode = new Map(shown.map(r => [r.code, r]));
  check(byCode.size === shown.length, 'two reasons on the page have the same code');
  for (const want of expected) {
    const got = byCode.get(want.code);
    check(got, `reason ${want.code} is not on the page`);
    check(got.terms === 'Observed Expected Chance', `reason ${want.code} labels its figures "${got.terms}"`);
    for (const name of ['observed', 'expected', 'chance']) {
      check(got[name] === want[name], `reason ${want.code} shows ${name} "${got[name]}", the report writes "${want[name]}"`);
    }
    log(`${want.code}: observed ${got.observed}, expected ${got.expected}, chance ${got.chance}`);
  }
  log(`${expected.length} reasons show observed, expected and chance as the report writes them`);

  if (focus === null) return;
  // The page opened on a node (?focus=) selects it once the graph is laid out and shows its panel.
  const focused = pageUrl(base, `ring.html?id=${encodeURIComponent(ringId)}&focus=${encodeURIComponent(focus)}`);
  await page.goto(focused, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#selection .value-role', { timeout: 90_000 }).catch(async () => {
    const panel = await page.textContent('#selection').catch(() => '');
    throw new CheckFailed(`the focused node's panel shows no role (it says: "${(panel ?? '').trim().slice(0, 300)}")`);
  });
  const panel = await page.evaluate(() => ({
    role: document.querySelector('#selection .value-role-name')?.textContent ?? null,
    why: document.querySelector('#selection .value-role-why')?.textContent ?? null,
  }));
  check(panel.role === role, `the focused node shows the role "${panel.role}", not "${role}"`);
  check(panel.why === why, `the focused node says why "${panel.why}", not "${why}"`);
  log(`the focused controller shows its role: ${panel.role}, because ${panel.why}`);
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
    log(`screenshot: ${screenshot}`);
  }
});
