// check_report.mjs REPORT.html REPORT.json SCREENSHOT.png
//
// Opens the fleet report in headless Chromium (Debian's `chromium`) at
// 1280 x 900, the way an admin opens the file, and checks what the page
// renders against the JSON report of the same fleet:
//  - nothing is fetched: every request the page makes is the file itself;
//  - the class matrix has one coloured cell per class pair, each with the
//    JSON's pair count and outcome, and the outcome cards sum right;
//  - the findings table has one row per finding kind, with its machines;
//  - readable at 1280 px: the page does not scroll sideways (only the
//    matrix may, inside its own box), no text is under 12 px, the title
//    and the outcome cards are in the first screen;
// then saves a screenshot. Chromium is driven over the DevTools protocol on
// a pipe (--remote-debugging-pipe), so nothing beyond Node and Chromium is
// needed. Exits 1 on any failed check, 2 when Chromium cannot be run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlPath, jsonPath, shotPath] = process.argv.slice(2);
if (!htmlPath || !jsonPath || !shotPath) {
  console.error('usage: check_report.mjs REPORT.html REPORT.json SCREENSHOT.png');
  process.exit(2);
}
const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
const pageUrl = pathToFileURL(resolve(htmlPath)).href;
const browser = process.env.CHROMIUM || 'chromium';
const profile = mkdtempSync(join(tmpdir(), 'cr-chromium-'));

const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  '--no-default-browser-check', '--disable-dev-shm-usage', '--hide-scrollbars',
  `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--window-size=1280,900',
  'about:blank',
];
// fd 3: we write commands, fd 4: Chromium writes replies (NUL-separated).
const proc = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
proc.stderr.on('data', (d) => { stderr += d; });
proc.on('error', (e) => { console.error(`check_report: cannot run ${browser}: ${e.message}`); cleanup(2); });

let nextId = 1;
const waiting = new Map();
const listeners = [];
let buffer = '';
proc.stdio[4].on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  let nul;
  while ((nul = buffer.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buffer.slice(0, nul));
    buffer = buffer.slice(nul + 1);
    if (msg.id && waiting.has(msg.id)) {
      const { ok, fail } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) fail(new Error(`${msg.error.message} (${msg.error.code})`));
      else ok(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  proc.stdio[3].write(JSON.stringify(msg) + '\0');
  return new Promise((ok, fail) => waiting.set(id, { ok, fail }));
}

function once(method, sessionId, timeoutMs = 20000) {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`timed out waiting for ${method}`)), timeoutMs);
    listeners.push(function l(msg) {
      if (msg.method === method && (!sessionId || msg.sessionId === sessionId)) {
        clearTimeout(timer);
        listeners.splice(listeners.indexOf(l), 1);
        ok(msg.params);
      }
    });
  });
}

let failures = 0;
function check(cond, what) {
  if (cond) return;
  failures++;
  console.error(`FAIL: ${what}`);
}

function cleanup(code) {
  try { proc.kill('SIGKILL'); } catch { /* gone */ }
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
  process.exit(code);
}

// What the page shows, measured in the page.
const measure = `(() => {
  const cells = [...document.querySelectorAll('#matrix td.cell')].map((td) => ({
    client: td.dataset.client, server: td.dataset.server,
    pairs: Number(td.dataset.pairs), outcome: td.dataset.outcome,
    background: getComputedStyle(td).backgroundColor,
    width: td.getBoundingClientRect().width,
  }));
  const cards = [...document.querySelectorAll('#outcomes .card[data-outcome]')].map((c) => ({
    outcome: c.dataset.outcome, pairs: Number(c.dataset.pairs),
    top: c.getBoundingClientRect().top, bottom: c.getBoundingClientRect().bottom,
  }));
  const findings = [...document.querySelectorAll('#findings-table tbody tr')].map((r) => ({
    id: r.dataset.finding, machines: Number(r.dataset.machines),
  }));
  let smallest = 100, smallestText = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (el.closest('details:not([open]) > :not(summary)')) continue; /* folded */
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest) { smallest = size; smallestText = n.textContent.trim().slice(0, 40); }
  }
  const title = document.querySelector('h1').getBoundingClientRect();
  const matrixBox = document.querySelector('#matrix').parentElement.getBoundingClientRect();
  return JSON.stringify({
    cells, cards, findings, smallest, smallestText,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    titleTop: title.top, titleBottom: title.bottom,
    matrixBoxRight: matrixBox.right,
    classes: document.querySelectorAll('details.class').length,
    title: document.title,
  });
})()`;

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const requests = [];
  listeners.push((msg) => {
    if (msg.sessionId === sessionId && msg.method === 'Network.requestWillBeSent')
      requests.push(msg.params.request.url);
  });
  await send('Network.enable', {}, sessionId);
  await send('Page.enable', {}, sessionId);
  await send('Emulation.setDeviceMetricsOverride',
    { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  const loaded = once('Page.loadEventFired', sessionId);
  await send('Page.navigate', { url: pageUrl }, sessionId);
  await loaded;
  const { result } = await send('Runtime.evaluate', { expression: measure, returnByValue: true }, sessionId);
  const page = JSON.parse(result.value);

  // Nothing fetched but the page itself.
  const foreign = requests.filter((u) => u !== pageUrl && !u.startsWith('data:'));
  check(foreign.length === 0, `the page fetched ${foreign.join(', ')}`);
  check(page.title === 'ConnReset fleet report', `title "${page.title}"`);

  // The matrix: one cell per class pair, with the JSON's counts.
  check(page.cells.length === report.classPairs.length,
    `${page.cells.length} matrix cells for ${report.classPairs.length} class pairs`);
  for (const cp of report.classPairs) {
    const cell = page.cells.find((c) => c.client === cp.clientClass && c.server === cp.serverClass);
    check(cell, `no cell for ${cp.clientClass} x ${cp.serverClass}`);
    if (!cell) continue;
    check(cell.pairs === cp.pairs, `${cp.clientClass} x ${cp.serverClass}: ${cell.pairs} pairs shown, ${cp.pairs} judged`);
    check(cell.outcome === cp.outcome, `${cp.clientClass} x ${cp.serverClass}: ${cell.outcome} shown, ${cp.outcome} judged`);
  }
  // Colours follow the outcome: one colour per outcome, and they differ.
  const colour = {};
  for (const c of page.cells) {
    check(!colour[c.outcome] || colour[c.outcome] === c.background, `${c.outcome} cells in two colours`);
    colour[c.outcome] = c.background;
    check(c.width >= 40, `a ${c.width}px matrix cell is too narrow to read`);
  }
  const colours = Object.values(colour);
  check(new Set(colours).size === colours.length, `outcomes share a colour: ${JSON.stringify(colour)}`);
  check(colours.every((c) => c !== 'rgba(0, 0, 0, 0)' && c !== 'rgb(255, 255, 255)'), 'a cell without colour');

  // The outcome cards: what the JSON counts, and all pairs.
  let sum = 0;
  for (const card of page.cards) {
    check(card.pairs === report.outcomes[card.outcome], `${card.outcome}: ${card.pairs} shown, ${report.outcomes[card.outcome]} counted`);
    check(card.bottom <= 900, `the ${card.outcome} card is below the first screen`);
    sum += card.pairs;
  }
  check(sum === report.pairs.judged, `the cards add up to ${sum}, ${report.pairs.judged} pairs judged`);

  // Findings: a row per kind, with its machine count.
  check(page.findings.length === report.findings.length,
    `${page.findings.length} finding rows for ${report.findings.length} finding kinds`);
  report.findings.forEach((f, i) => {
    const row = page.findings[i];
    check(row && row.id === f.id && row.machines === f.machineCount,
      `finding row ${i}: ${JSON.stringify(row)} for ${f.id} on ${f.machineCount}`);
  });
  check(page.classes === report.classes.length, `${page.classes} classes shown, ${report.classes.length} in the report`);

  // Readable at 1280 px.
  check(page.scrollWidth <= 1280, `the page is ${page.scrollWidth}px wide: it scrolls sideways at 1280`);
  check(page.matrixBoxRight <= 1280, `the matrix box ends at ${page.matrixBoxRight}px`);
  check(page.smallest >= 12, `text at ${page.smallest}px: "${page.smallestText}"`);
  check(page.titleTop >= 0 && page.titleBottom <= 120, 'the title is not at the top');

  const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
  writeFileSync(shotPath, Buffer.from(shot.data, 'base64'));
  console.log(`check_report: ${page.cells.length} cells, ${page.findings.length} findings, ` +
    `${requests.length} request(s); screenshot ${shotPath}; ${failures} failure(s)`);
  cleanup(failures ? 1 : 0);
}

const watchdog = setTimeout(() => {
  console.error(`check_report: Chromium did not finish in 90 s\n${stderr.slice(-2000)}`);
  cleanup(2);
}, 90000);
watchdog.unref();
main().catch((e) => {
  console.error(`check_report: ${e.message}\n${stderr.slice(-2000)}`);
  cleanup(2);
});
