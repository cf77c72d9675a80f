import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError } from '../errors.js';
import { histogramSvg } from './histogram.js';
import { escapeHtml } from './html.js';
import { lineChartSvg, logTicks, spansDecade } from './plots.js';
import { formatNumber, metricsTableHtml } from './tables.js';

const barCount = (svg: string) => (/aria-label="rect"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1].match(/<rect /g) ?? []).length;
const lineD = (svg: string) => [...svg.matchAll(/aria-label="line"[^>]*>\s*<path[^>]*\sd="([^"]*)"/g)].map((m) => m[1]);

test('spansDecade: more than a factor 10 between finite positive values, never with a value ≤ 0', () => {
  assert.equal(spansDecade([2.3, 0.9, 0.05]), true);
  assert.equal(spansDecade([1.2, 0.8, NaN]), false);
  assert.equal(spansDecade([5, -1, 0.01]), false);
  assert.equal(spansDecade([]), false);
});

test('lineChartSvg: one path per series with rounded coordinates, legend in the given order, band under the lines', async () => {
  const x = Array.from({ length: 50 }, (_, i) => i);
  const svg = await lineChartSvg({
    series: [
      { name: 'a', x, y: x.map((v) => Math.sin(v / 5)) },
      { name: 'b', x, y: x.map((v) => Math.cos(v / 5)) },
    ],
    band: { name: 'band', x, lower: x.map(() => -1), upper: x.map(() => 1) },
    xLabel: 'Step',
    yLabel: 'Value',
  });
  assert.equal(lineD(svg).length, 2);
  for (const d of lineD(svg)) assert.doesNotMatch(d, /\.\d{3}/, 'coordinates are rounded to 0.01');
  assert.match(svg, />a<\/span>[\s\S]*>b<\/span>[\s\S]*>band<\/span>/);
  assert.ok(svg.indexOf('aria-label="area"') < svg.indexOf('aria-label="line"'), 'band drawn first');
});

test('lineChartSvg: repeated names get their own legend entry; a log scale skips values ≤ 0', async () => {
  const svg = await lineChartSvg({
    series: [
      { name: 'm', x: [1, 2, 3], y: [1, 10, 100] },
      { name: 'm', x: [1, 2, 3], y: [0, -1, 50] },
    ],
    logY: true,
  });
  assert.match(svg, />m<\/span>[\s\S]*>m \(2\)<\/span>/);
  const [second, first] = lineD(svg); // drawn in reverse: the first series lies on top
  assert.equal(first.split('L').length, 3);
  assert.equal(second.split('L').length, 1, 'only the positive point of the second series remains');
});

test('lineChartSvg: a chart with nothing finite shows a note; mismatched lengths are a ShapeError', async () => {
  const svg = await lineChartSvg({ series: [{ name: 'nan', x: [0, 1], y: [NaN, NaN] }] });
  assert.match(svg, /no finite values to plot/);
  await assert.rejects(lineChartSvg({ series: [{ name: 's', x: [0, 1, 2], y: [1, 2] }] }), ShapeError);
});

test('histogramSvg: bars for the sample and a normal curve of the same area', async () => {
  const values = Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 2);
  const svg = await histogramSvg({ values: [...values, NaN], xLabel: 'Residual' });
  assert.equal(barCount(svg), 20, '⌈√400⌉ = 20 bins');
  assert.equal(lineD(svg).length, 1);
  assert.match(svg, /normal fit/);
  const constant = await histogramSvg({ values: [3, 3, 3] });
  assert.equal(barCount(constant), 5);
});

test('escapeHtml and formatNumber', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(1234567), '1.23e+6');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatNumber(NaN), '—');
});

test('metricsTableHtml: ties are all bold; coverage closest to the nominal level wins', () => {
  const html = metricsTableHtml(
    [
      { name: 'model', n: 10, values: { mae: 1, coverage: 0.7 } },
      { name: 'other', n: 10, values: { mae: 1, coverage: 0.95 } },
    ],
    { nominalCoverage: 0.8 },
  );
  assert.equal((html.match(/class="best">1</g) ?? []).length, 2);
  assert.match(html, /class="best">70\.0%/);
  assert.doesNotMatch(html, /class="best">95\.0%/);
});

test('logTicks labels at most nine decades, evenly, however wide the range', () => {
  assert.deepEqual(logTicks(0.01, 10).major, [0.01, 0.1, 1, 10]);
  const wide = logTicks(1e-150, 1).major;
  assert.ok(wide.length <= 9, `${wide.length} labels`);
  assert.equal(wide[0], 1e-150);
  const steps = wide.slice(1).map((v, i) => Math.round(Math.log10(v) - Math.log10(wide[i])));
  assert.ok(steps.every((s) => s === steps[0]), `even steps: ${steps}`);
});
