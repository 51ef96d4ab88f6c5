// Walks the SIU explorer as a supervisor of an explorer with logins: the login form (a wrong password refused,
// the right one accepted), the audited unmask that asks for a reason, an evidence package created from the ring
// page (POST with the anti-forgery header), the audit log that lists both, and log-out.
//
//   node supervisor-walk.mjs BASE_URL USER PASSWORD
//
// Prints "supervisor-walk: package ZIP_PATH" for the caller to check on disk. Exits 0 when every check holds;
// otherwise prints "supervisor-walk: FAILED: <what>" and exits 1 (2 for a wrong command line).
import { CheckFailed, check, pageUrl, runWalk } from './browser.mjs';

const [base, user, password] = process.argv.slice(2);
if (!base || !user || !password) {
  console.error('usage: node supervisor-walk.mjs BASE_URL USER PASSWORD');
  process.exit(2);
}
const REASON = 'case 2026-114 browser walk';

await runWalk('supervisor-walk', async ({ page, log, allow }) => {
  // 1. Nothing but the login form until logged in; a wrong password is refused with a message.
  await page.goto(pageUrl(base, 'index.html'), { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login-dialog[open]').catch(() => { throw new CheckFailed('no login form on an explorer with users'); });
  check(await page.$$eval('#rings tbody tr[data-ring-id]', rows => rows.length) === 0, 'rings are listed before logging in');
  allow(/^HTTP 401 from .*\/login$/);
  await page.fill('#login-user', user);
  await page.fill('#login-password', password + '-wrong');
  await page.click('#login-dialog button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#login-dialog .error-text')?.textContent.trim().length > 0);
  log(`wrong password: "${(await page.textContent('#login-dialog .error-text')).trim()}"`);
  check(await page.isVisible('#login-dialog'), 'the login form closed after a wrong password');

  await page.fill('#login-password', password);
  await Promise.all([page.waitForEvent('load'), page.click('#login-dialog button[type=submit]')]);
  await page.waitForSelector('#rings tbody tr[data-ring-id]').catch(() => { throw new CheckFailed('the ring list did not load after logging in'); });
  const session = (await page.textContent('#session')).trim();
  check(session.includes(user) && /supervisor/i.test(session), `the header says "${session}", not ${user} as supervisor`);
  log(`logged in: ${session}`);
  check(await page.isVisible('#audit-card'), 'a supervisor sees no audit log');

  // 2. The top ring, masked at first; unmasking asks for a reason and sends nothing without one.
  const ringId = await page.$eval('#rings tbody tr[data-ring-id]', tr => tr.dataset.ringId);
  await Promise.all([page.waitForURL(/ring\.html/), page.click(`#rings tbody tr[data-ring-id="${ringId}"] a.ring-link`)]);
  await page.waitForSelector('body[data-graph-ready="true"]', { timeout: 90_000 });
  const labels = () => page.evaluate(() => window.fraudgraphCy.nodes('.victim').map(n => n.data('label')));
  const masked = await labels();
  check(masked.length > 0 && masked.every(l => l.includes('*')), 'victim labels are not masked before the unmask');
  check(await page.isVisible('#unmask-btn'), 'a supervisor sees no unmask action');

  let unmaskPosts = 0;
  page.on('request', request => { if (request.method() === 'POST' && request.url().endsWith('/unmask')) unmaskPosts++; });
  await page.click('#unmask-btn');
  await page.click('#unmask-form button[type=submit]');
  await page.waitForTimeout(300);
  check(await page.isVisible('#unmask-dialog'), 'the unmask dialog closed without a reason');
  check(unmaskPosts === 0, 'an unmask was sent without a reason');
  await page.fill('#unmask-reason', REASON);
  await page.click('#unmask-form button[type=submit]');
  await page.waitForFunction(() => /Unmasked view|refused/.test(document.querySelector('#unmask-banner').textContent));
  const banner = (await page.textContent('#unmask-banner')).trim();
  check(banner.includes('Unmasked view'), `the unmask failed: ${banner}`);
  const unmasked = await labels();
  const changed = unmasked.filter((l, i) => l !== masked[i]).length;
  check(changed > 0 && unmasked.some(l => !l.includes('*')), 'the unmask changed no victim label');
  log(`unmasked ${ringId}: ${changed} of ${unmasked.length} victim labels now in full`);
  // The unmask covers the ring's node records too: a victim's panel shows them in full.
  await page.evaluate(() => window.fraudgraphCy.nodes('.victim')[0].emit('tap'));
  await page.waitForFunction(() => /Records \(/.test(document.querySelector('#selection .records')?.textContent ?? ''), null, { timeout: 15_000 })
    .catch(() => { throw new CheckFailed('the victim\'s records did not load after the unmask'); });
  const heading = (await page.textContent('#selection .records h3')).trim();
  check(/unmasked/.test(heading), `after the unmask the victim's records say "${heading}"`);
  log(`a victim's panel after the unmask: "${heading}"`);

  // 3. An evidence package (masked) from the ring page.
  await page.click('#export-btn');
  await page.click('#export-form button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.exported === 'true' || document.querySelector('#export-result .notice.error'), null, { timeout: 180_000 });
  const result = (await page.textContent('#export-result')).trim();
  check(!result.includes('failed'), `the export failed: ${result}`);
  const zip = await page.$eval('#export-result dl dd:nth-of-type(2) code', c => c.textContent);
  check(/\.zip$/.test(zip), `the export names no zip (${zip})`);
  log(`package ${zip}`);

  // 4. The audit log lists the unmask with its reason, newest first, and the export.
  await Promise.all([page.waitForURL(/index\.html/), page.click('a.back')]);
  await page.click('#audit-btn');
  await page.waitForSelector('.audit-table tbody tr');
  const rows = await page.$$eval('.audit-table tbody tr', trs => trs.map(tr => [...tr.cells].map(c => c.textContent.trim())));
  const unmaskRow = rows.find(r => r[2] === 'unmask' && r[3] === ringId);
  check(unmaskRow && unmaskRow[1] === user && unmaskRow[4] === REASON, `the audit log has no unmask of ${ringId} by ${user} with the reason`);
  check(rows.some(r => r[2].startsWith('export') && r[3] === ringId), `the audit log has no export of ${ringId}`);
  log(`audit log: ${rows.length} entries, the unmask and the export among them`);

  // 5. Log out: the login form again.
  await Promise.all([page.waitForEvent('load'), page.click('#session button')]);
  await page.waitForSelector('#login-dialog[open]').catch(() => { throw new CheckFailed('no login form after logging out'); });
  log('logged out');
});
