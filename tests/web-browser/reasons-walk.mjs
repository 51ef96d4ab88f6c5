// Opens one ring's page and checks that every reason shows its observed, expected and chance exactly as given
// (the .NET test writes them with the evidence report's formatter: "2.4×10⁻²⁵", "—" for a reason without them).
//
//   node reasons-walk.mjs BASE_URL RING_ID EXPECTED.json
//
// EXPECTED.json: [ { "code": "…", "observed": "12", "expected": "0.08", "chance": "2.4×10⁻²⁵" }, … ], one per reason.
// Exits 0 when every check holds; otherwise prints "reasons-walk: FAILED: <what>" and exits 1 (2 for a wrong command line).
import fs from 'node:fs';
import { CheckFailed, check, pageUrl, runWalk } from './browser.mjs';

const [base, ringId, expectedFile] = process.argv.slice(2);
if (!base || !ringId || !expectedFile) {
  console.error('usage: node reasons-walk.mjs BASE_URL RING_ID EXPECTED.json');
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
});
