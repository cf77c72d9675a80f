import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderForecastReport } from '../src/report/forecast-report.js';
import { syntheticForecastInput } from '../src/report/test-helpers/synthetic-forecast.js';

// A rendered report opened as a file in headless Chromium: every chart is laid out with a
// real size, its paths have geometry, the page paints something substantial, and nothing is
// fetched from anywhere (the page works offline, as a single file sent by mail would).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

test('a forecast report opens offline in headless Chromium with every chart laid out', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, await renderForecastReport(syntheticForecastInput({ n: 500 })));

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    tab.on('request', (r) => requests.push(r.url()));
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); // a CSP violation lands here
    });
    tab.on('pageerror', (e) => problems.push(String(e)));
    await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const charts = await tab.evaluate(() =>
      Array.from(document.querySelectorAll('svg.rplot')).map((svg) => {
        const box = svg.getBoundingClientRect();
        const marks = Array.from(svg.querySelectorAll('g[aria-label="line"] path, g[aria-label="area"] path'));
        const boxes = marks.map((p) => (p as SVGPathElement).getBBox());
        return {
          width: box.width,
          height: box.height,
          paths: svg.querySelectorAll('path').length,
          marks: marks.length,
          emptyD: marks.filter((p) => !(p.getAttribute('d') ?? '').trim()).length,
          // The widest data path spans most of the plot: the lines really were laid out.
          widest: Math.max(0, ...boxes.map((b) => b.width)),
        };
      }),
    );
    assert.equal(charts.length, 6);
    charts.forEach((c, i) => {
      assert.ok(c.width > 200 && c.height > 100, `chart ${i}: bounding box ${c.width}×${c.height}`);
      assert.ok(c.paths > 0 && c.marks > 0, `chart ${i}: ${c.marks} data paths of ${c.paths}`);
      assert.equal(c.emptyD, 0, `chart ${i}: a data path with an empty d`);
      assert.ok(c.widest > 100, `chart ${i}: widest data path ${c.widest} px`);
    });

    const png = join(dir, 'report.png');
    await tab.screenshot({ path: png, fullPage: true });
    const size = statSync(png).size;
    t.diagnostic(`screenshot ${png} (${Math.round(size / 1024)} KB)`);
    assert.ok(size > 10_000, `screenshot is only ${size} bytes`);

    const outside = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));
    assert.deepEqual(outside, [], 'the page fetched from the network');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
