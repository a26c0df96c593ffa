import { chromium, type Browser } from '@playwright/test';
import { test, expect } from '../contract/base-test';
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HistoryLine } from '../../src/report/alert-files';
import { writeStatusPage } from '../../src/report/status-files';
import { CHECK_IDS, simulateHistory } from '../support/simulated-history';
import { scratchDir } from '../support/scratch';

/**
 * The status page in a real browser (Debian's Chromium; .ci/run installs it): on a phone's 390 px
 * nothing scrolls sideways, axe-core finds no serious or critical violation, and after a failed
 * run the last bar of the latest runs is red and inside the picture, as a person sees it.
 */
const END = new Date('2026-11-28T12:00:00Z');
let browser: Browser;

test.beforeAll(async () => {
  browser = await chromium.launch({
    // Debian's here and in .ci/run; Playwright's own where it can be installed (the CI gate on GitHub).
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
test.afterAll(async () => browser?.close());

/** Ninety days of hourly runs ending in a failed one, with an outage, slow hours and a monitor error on the way. */
function history(): HistoryLine[] {
  const lines = simulateHistory({ label: 'https://acme.pluvo.com', key: 'https://acme.pluvo.com' }, 90 * 24, END, (hour) => {
    if (hour === 90 * 24 - 1) return { outcome: 'failed', alert: { kind: 'failure', incident: 'contract', verdict: 'failed' } };
    if (hour >= 500 && hour < 506)
      return { outcome: 'failed', ...(hour === 500 ? { alert: { kind: 'failure' as const, incident: 'contract' as const, verdict: 'failed' as const } } : {}) };
    if (hour === 506) return { outcome: 'passed', alert: { kind: 'recovery', incident: 'contract', verdict: 'failed' } };
    if (hour === 1000 || hour === 1001) return { outcome: 'degraded' };
    if (hour === 1500) return { outcome: 'monitor-error', alert: { kind: 'failure', incident: 'monitor', verdict: 'monitor-error' } };
    return { outcome: 'passed' };
  });
  const last = lines.at(-1)!;
  lines[lines.length - 1] = {
    ...last,
    said: '1 contract broken: cursor pages visit every node once',
    titles: { [CHECK_IDS[1]!]: 'cursor pages visit every node once' },
    report: 'https://acme.example/report/',
  };
  return lines;
}

async function openPage(width: number, lines: HistoryLine[] = history()) {
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-status-browser-'));
  const path = writeStatusPage(dir, lines, { titles: Object.fromEntries(CHECK_IDS.map((id) => [id, `the check ${id}`])) }, new Date(END.getTime() + 60_000));
  // A context of its own: axe-core's builder asks for one.
  const context = await browser.newContext({ viewport: { width, height: 844 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path).href);
  return page;
}

test.describe('the status page in Chromium', () => {
  // One worker takes the four, in order: each worker that ran one launched a Chromium of its own
  // (beforeAll), about half a second of CPU each, while the suite is bound by its two cores.
  test.describe.configure({ mode: 'default' });
  test('at 390 px wide nothing scrolls sideways', async () => {
    const page = await openPage(390);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    // The tables became stacked rows: each cell says what it is.
    await expect(page.locator('tr[data-check] td[data-label="7 days"]').first()).toBeVisible();
    await page.context().close();
  });

  test('every word on the page is drawn at 12 px or more, at 390 and at 1400 px: none shrinks with a picture', async () => {
    for (const width of [390, 1400]) {
      const page = await openPage(width);
      const smallest = await page.evaluate(() => {
        const sizes: Array<[number, string]> = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement!;
          // An SVG's <title> is a tooltip, never drawn on the page.
          if (!node.textContent!.trim() || parent.closest('title')) continue;
          const size = Number.parseFloat(getComputedStyle(parent).fontSize);
          // Text in an SVG is drawn at its size times the picture's scale.
          const svg = parent.closest('svg');
          sizes.push([size * (svg?.getScreenCTM()?.d ?? 1), node.textContent!.trim().slice(0, 40)]);
        }
        return sizes.sort((a, b) => a[0] - b[0])[0];
      });
      expect(smallest![0], `at ${width} px: "${smallest![1]}"`).toBeGreaterThanOrEqual(12);
      await page.context().close();
    }
  });

  test('axe-core finds no serious or critical violation, at 390 px and at 1280 px', async () => {
    for (const width of [390, 1280]) {
      const page = await openPage(width);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
      expect(grave, `at ${width} px`).toEqual([]);
      await page.context().close();
    }
  });

  test("after a failed run, the last bar of the latest runs is in a partial outage's colour, and inside the strip", async () => {
    const page = await openPage(1280);
    const strip = page.locator('svg.timeline').first();
    const last = strip.locator('rect').last();
    expect(await last.getAttribute('fill')).toBe('#bc4c00');
    const [box, bar] = [await strip.boundingBox(), await last.boundingBox()];
    expect(bar!.width).toBeGreaterThan(1);
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
    await expect(page.locator('section').first()).toHaveAttribute('data-state', 'partial_outage');
    await expect(page.locator('tr.incident').first()).toContainText('Pluvo contract broken: cursor pages visit every node once');
    await page.context().close();
  });

  test('with several organisations, the worst is named in the first screen at 390 and 1400 px, and no cell wraps a letter at a time', async () => {
    // Ninety days of a healthy organisation whose name sorts first, and one whose latest runs found Pluvo not answering.
    const healthy = simulateHistory({ label: 'aardvark (https://aardvark.pluvo.com)', key: 'aardvark' }, 90 * 24, END, () => ({ outcome: 'passed' }));
    // Not answering at all: none of the checks of those runs was answered (src/outcome/verdict.ts: a run answered in part is a partial outage).
    const unanswered = (checks: HistoryLine['checks']): HistoryLine['checks'] =>
      Object.fromEntries(Object.keys(checks).map((id) => [id, ['unavailable', null, null]]));
    const down = history().map((line, index, all) =>
      index >= all.length - 3
        ? { ...line, verdict: 'unavailable' as const, checks: unanswered(line.checks), said: 'Pluvo did not answer (HTTP 502) on 4 of 4 checks' }
        : line,
    );
    const lines = [...healthy, ...down.map((line) => ({ ...line, target: 'zebra (https://zebra.pluvo.com)', targetKey: 'zebra' }))];
    for (const width of [390, 1400]) {
      const page = await openPage(width, lines);
      const headline = page.locator('p.headline');
      await expect(headline).toContainText('Major outage: zebra (https://zebra.pluvo.com), Pluvo did not answer since');
      const box = await headline.boundingBox();
      expect(box!.y + box!.height, `at ${width} px`).toBeLessThanOrEqual(844);
      await expect(page.locator('section').first()).toHaveAttribute('data-target', 'zebra');
      if (width === 1400) {
        // A letter-at-a-time wrap makes a cell many lines tall; a readable one is a line or two.
        const heights = await page
          .locator('tr[data-check] td:not([data-label="90 days"])')
          .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().height));
        expect(Math.max(...heights)).toBeLessThan(60);
      }
      await page.context().close();
    }
  });
  test('with many organisations, a table of them all comes first: no sideways scroll, no serious axe-core violation, 12 px or more, and its link opens a collapsed one', async () => {
    const week = 7 * 24;
    const healthy = (name: string) => simulateHistory({ label: `${name} (https://${name}.pluvo.com)`, key: name }, week, END, () => ({ outcome: 'passed' }));
    const broken = simulateHistory({ label: 'zebra (https://zebra.pluvo.com)', key: 'zebra' }, week, END, (hour) =>
      hour === week - 1 ? { outcome: 'failed', alert: { kind: 'failure', incident: 'contract', verdict: 'failed' } } : { outcome: 'passed' },
    );
    const lines = [...['aardvark', 'bison', 'camel', 'dingo'].flatMap(healthy), ...broken];
    for (const width of [390, 1400]) {
      const page = await openPage(width, lines);
      const rows = page.locator('table.overview tbody tr');
      await expect(rows).toHaveCount(5);
      await expect(rows.first()).toHaveAttribute('data-target', 'zebra');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${width} px`).toBeLessThanOrEqual(width);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(
        violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
        `at ${width} px`,
      ).toEqual([]);
      const smallest = await page
        .locator('table.overview')
        .evaluate((table) => Math.min(...[...table.querySelectorAll('td, th, a')].map((cell) => Number.parseFloat(getComputedStyle(cell).fontSize))));
      expect(smallest, `at ${width} px`).toBeGreaterThanOrEqual(12);
      // A healthy organisation's part is one line until opened; its link in the table opens it.
      const bison = page.locator('section[data-target="bison"]');
      await expect(bison.locator('h3').first()).toBeHidden();
      await page.locator('table.overview tr[data-target="bison"] a').click();
      await expect(bison.locator('h3').first()).toBeVisible();
      await page.context().close();
    }
  });
});
