import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError } from '../errors.js';
import { renderForecastReport } from './forecast-report.js';
import { syntheticForecastInput } from './test-helpers/synthetic-forecast.js';

/** The chart SVGs of a page (legend swatches are small SVGs of their own and are left out). */
function charts(html: string): string[] {
  return html.match(/<svg[^>]*class="rplot"[^>]*>[\s\S]*?<\/svg>/g) ?? [];
}

/** The `d` of every path drawn by a data mark (line or area), not by an axis. */
function markPaths(svg: string): string[] {
  const out: string[] = [];
  for (const g of svg.matchAll(/<g[^>]*aria-label="(?:line|area)"[^>]*>([\s\S]*?)<\/g>/g)) {
    for (const p of g[1].matchAll(/<path[^>]*\sd="([^"]*)"/g)) out.push(p[1]);
  }
  return out;
}

/** Numbers in a path: at least `pairs` coordinate pairs, all finite. */
function assertRealPath(d: string, pairs: number): void {
  assert.doesNotMatch(d, /NaN|Infinity|undefined/, `path has non-finite coordinates: ${d.slice(0, 80)}`);
  const nums = d.match(/-?\d+(?:\.\d+)?/g) ?? [];
  assert.ok(nums.length >= 2 * pairs, `path has ${nums.length / 2} points, expected ≥ ${pairs}: ${d.slice(0, 80)}`);
}

test('a long test span renders a self-contained page with six charts of real paths', async () => {
  const html = await renderForecastReport(syntheticForecastInput({ n: 500 }));
  assert.ok(html.startsWith('<!doctype html>'));
  assert.ok(html.trimEnd().endsWith('</html>'));
  // No network at view time: no URL at all, no script, no external resource.
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|\ssrc=|\shref=/i);
  // test span, zoom on its last 120 points, future, residuals over time, histogram, loss
  const svgs = charts(html);
  assert.equal(svgs.length, 6);
  for (const svg of svgs) {
    const paths = markPaths(svg);
    assert.ok(paths.length > 0, `a chart without a data path: ${svg.slice(0, 120)}`);
    for (const d of paths) assertRealPath(d, 10);
  }
  assert.match(html, /Last 120 points/);
  for (const name of ['LSTM', 'actual', 'naive', 'seasonal naive (7)', '80% interval (q 0.1–0.9)', 'training loss', 'validation loss']) {
    assert.ok(html.includes(`>${name}</span>`), `legend entry '${name}' missing`);
  }
  // Dates on the x axis, in UTC: the synthetic span starts 1 January 2015.
  assert.match(svgs[0], />2015</);
  assert.match(html, /Date \(UTC\)/);
});

test('a short span without interval, baselines or future renders four charts and no zoom', async () => {
  const base = syntheticForecastInput({ n: 100 });
  const html = await renderForecastReport({
    ...base,
    timeIsDate: false,
    test: { timestamps: Array.from(base.test.timestamps, (_, i) => i), actual: base.test.actual, model: base.test.model, baselines: [] },
    future: undefined,
    settings: undefined,
    notes: undefined,
  });
  assert.equal(charts(html).length, 4);
  assert.doesNotMatch(html, /Last 120 points|interval|Forecast past the end/);
  assert.match(html, /Step/);
  for (const svg of charts(html)) for (const d of markPaths(svg)) assertRealPath(d, 10);
});

test('every caller text is escaped: title, subtitle, notes, names, settings, target', async () => {
  const evil = '<script>alert("x")</script>';
  const base = syntheticForecastInput({ n: 50 });
  const html = await renderForecastReport({
    ...base,
    title: `Forecast ${evil}`,
    subtitle: `<b>bold</b> & more`,
    target: `<img src=x onerror=alert(1)>`,
    notes: [evil],
    settings: { [evil]: evil },
    test: { ...base.test, baselines: [{ name: evil, values: base.test.baselines[0].values }] },
    metrics: [{ name: evil, n: 50, values: { mae: 1 } }],
  });
  assert.doesNotMatch(html, /<script|<img|<b>/i);
  assert.ok(html.includes('<title>Forecast &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>'));
  assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt; &amp; more'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});

test('NaN in the data is skipped: missing points, a NaN loss, an all-NaN baseline', async () => {
  const base = syntheticForecastInput({ n: 450, missing: [0, 10, 11, 12, 449] });
  const history = base.history.map((h, i) => (i === 3 ? { ...h, loss: NaN, valLoss: undefined } : h));
  const html = await renderForecastReport({
    ...base,
    history,
    test: { ...base.test, baselines: [...base.test.baselines, { name: 'broken', values: new Float64Array(450).fill(NaN) }] },
    metrics: [...base.metrics, { name: 'broken', n: 0, values: { mae: NaN, rmse: null } }],
  });
  assert.equal(charts(html).length, 6);
  for (const svg of charts(html)) {
    for (const attr of svg.matchAll(/\s(?:d|x|y|x1|x2|y1|y2|transform|width|height)="([^"]*)"/g)) assert.doesNotMatch(attr[1], /NaN|Infinity/);
  }
  assert.match(html, /445 of 450 points finite/);
  assert.match(html, /<td>broken<\/td><td>—<\/td><td>—<\/td>/);
});

test('an empty test span and an empty history still render, with notes in place of charts', async () => {
  const html = await renderForecastReport({
    title: 'empty',
    target: 'y',
    timeIsDate: true,
    history: [],
    test: { timestamps: [], actual: [], model: [], baselines: [] },
    metrics: [],
  });
  assert.match(html, /no finite values to plot/);
  assert.match(html, /No metrics/);
  assert.doesNotMatch(html, /<h2>Training<\/h2>/);
});

test('the training loss uses a log scale when it spans more than a decade', async () => {
  const base = syntheticForecastInput({ n: 30 });
  const wide = await renderForecastReport(base); // loss 2.02 → 0.02
  assert.match(wide, /Loss \(log scale\)/);
  const narrow = await renderForecastReport({ ...base, history: base.history.map((h) => ({ epoch: h.epoch, loss: 1 + 0.01 * h.epoch })) });
  assert.doesNotMatch(narrow, /log scale/);
  assert.doesNotMatch(narrow, /validation loss/);
});

test('metrics: the model row is highlighted, the best value per column is bold, coverage ranked against the nominal level', async () => {
  const html = await renderForecastReport(syntheticForecastInput({ n: 30 }));
  const table = /<table class="metrics">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  assert.match(table, /<tr class="model"><td>LSTM<\/td><td class="best">1\.21<\/td>/);
  assert.match(table, /<th>MAE<\/th><th>RMSE<\/th><th>MAPE %<\/th><th>sMAPE %<\/th><th>MASE<\/th><th>Coverage<\/th><th>n<\/th>/);
  // Coverage has a value for the model only: shown as a percentage, not ranked against nothing.
  assert.match(table, /<td>83\.0%<\/td>/);
});

test('arrays of different lengths are a ShapeError that names the field', async () => {
  const base = syntheticForecastInput({ n: 30 });
  await assert.rejects(renderForecastReport({ ...base, test: { ...base.test, model: Array.from(base.test.model).slice(1) } }), (e: unknown) => {
    assert.ok(e instanceof ShapeError);
    assert.match(e.message, /test\.model: expected shape \[30\], got \[29\]/);
    return true;
  });
});

test('a document passed in is used to draw', async () => {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  let created = 0;
  const createElementNS = document.createElementNS.bind(document);
  document.createElementNS = ((ns: string, name: string) => {
    created++;
    return createElementNS(ns, name);
  }) as typeof document.createElementNS;
  const html = await renderForecastReport(syntheticForecastInput({ n: 30 }), { document });
  assert.ok(created > 0);
  assert.equal(charts(html).length, 5);
});
