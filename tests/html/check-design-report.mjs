// Opens the design report in headless Chromium as a person would and checks
// what they would see: the page renders without a script error or a network
// request, every expected class is on it with its verdict, the map draws
// each class, the findings are listed, and the filter works. Saves a
// screenshot. Usage:
//   node check-design-report.mjs CHROMIUM REPORT.html EXPECTED.json SCREENSHOT.png
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [chromium, report, expectedPath, screenshot] = process.argv.slice(2);
const require = createRequire(path.join(process.env.PUPPETEER_PREFIX, 'node_modules', 'x.js'));
const puppeteer = require('puppeteer-core');
const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));

const problems = [];
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('about:'))
      problems.push(`network request: ${url}`);
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto('file://' + path.resolve(report), { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });

  const seen = await page.evaluate(() => ({
    cards: [...document.querySelectorAll('.card')].map((card) => ({
      name: card.dataset.class,
      verdict: card.dataset.verdict,
      needsWork: card.classList.contains('needs-work'),
      visible: card.getBoundingClientRect().height > 0,
    })),
    mapText: document.querySelector('.map svg')?.textContent ?? '',
    mapHeight: document.querySelector('.map svg')?.getBoundingClientRect().height ?? 0,
    text: document.body.innerText,
    findings: document.querySelectorAll('.finding').length,
  }));

  for (const [name, want] of Object.entries(expected.classes)) {
    const card = seen.cards.find((candidate) => candidate.name === name);
    if (!card) { problems.push(`no card for ${name}`); continue; }
    if (card.verdict !== want.verdict) problems.push(`${name}: verdict ${card.verdict}, expected ${want.verdict}`);
    if (card.needsWork !== !want.healthy) problems.push(`${name}: healthy shown wrong`);
    if (!card.visible) problems.push(`${name}: card not rendered`);
    if (!seen.mapText.includes(name)) problems.push(`${name}: not on the design map`);
  }
  if (seen.cards.length !== Object.keys(expected.classes).length)
    problems.push(`${seen.cards.length} cards, expected ${Object.keys(expected.classes).length}`);
  if (seen.mapHeight < 50) problems.push('the design map is not drawn');
  for (const title of expected.verdictTitles)
    if (!seen.text.includes(title)) problems.push(`verdict "${title}" not on the page`);
  for (const check of expected.checks)
    if (!seen.text.includes(check)) problems.push(`finding ${check} not on the page`);
  if (seen.findings !== expected.findings)
    problems.push(`${seen.findings} findings listed, expected ${expected.findings}`);

  await page.type('#filter', expected.filter);
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('.finding')].filter((finding) => finding.style.display !== 'none').length);
  if (shown === 0 || shown >= seen.findings)
    problems.push(`filtering by "${expected.filter}" shows ${shown} of ${seen.findings}`);
  await page.evaluate(() => { document.getElementById('filter').value = ''; document.getElementById('filter').dispatchEvent(new Event('input')); });

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`${seen.cards.length} classes, ${seen.findings} findings; screenshot ${screenshot}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
