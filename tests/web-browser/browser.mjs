// What the walks share: Debian's Chromium started headless through playwright-core (never a downloaded browser),
// a page that records script errors, dialogs (an injected "<script>" that ran) and failed API calls, and the
// "NAME: FAILED: what" exit protocol.
import { chromium } from 'playwright-core';
import fs from 'node:fs';

export class CheckFailed extends Error {}

/** Throws a CheckFailed with `message` unless `condition` holds. */
export function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

/** The window every walk and measurement uses: a laptop screen. */
export const CONTEXT = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 };

/** Debian's Chromium (or $CHROMIUM_PATH), headless, through playwright-core; throws a CheckFailed when it is missing. */
export async function launchChromium() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  check(fs.existsSync(executablePath), `Chromium not found at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * Runs `walk({ page, log, problems, allow })` in a fresh headless Chromium and exits: 0 when it returns and the page
 * reported no problem, 1 (with "NAME: FAILED: …") otherwise. `allow(pattern)` accepts HTTP errors whose URL and
 * status match, for walks that provoke them on purpose (a wrong password).
 */
export async function runWalk(name, walk) {
  const log = message => console.log(`${name}: ${message}`);
  const problems = [];
  const allowed = [];
  let browser;
  try {
    browser = await launchChromium();
    const context = await browser.newContext(CONTEXT);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const isAllowed = text => allowed.some(pattern => pattern.test(text));
    page.on('pageerror', error => problems.push(`script error: ${error.message}`));
    page.on('dialog', dialog => { problems.push(`unexpected dialog "${dialog.message()}" (injected script?)`); dialog.dismiss().catch(() => {}); });
    page.on('console', message => {
      // The browser logs every 4xx as a console error; those are judged by the response handler below.
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of/.test(message.text())) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on('response', response => {
      const text = `HTTP ${response.status()} from ${response.url()}`;
      if (response.status() >= 400 && !isAllowed(text)) problems.push(text);
    });
    page.on('requestfailed', request => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));

    await walk({ page, log, problems, allow: pattern => allowed.push(pattern) });

    check(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
    log('passed');
    await browser.close();
    process.exit(0);
  } catch (error) {
    const message = error instanceof CheckFailed ? error.message : (error?.stack ?? String(error));
    console.error(`${name}: FAILED: ${message}`);
    if (problems.length) console.error(`${name}: the page also reported:\n  ${problems.join('\n  ')}`);
    try { await browser?.close(); } catch { /* already gone */ }
    process.exit(1);
  }
}

/** The absolute URL of a page of the explorer at `base`. */
export const pageUrl = (base, page) => new URL(page, base.endsWith('/') ? base : base + '/').toString();
