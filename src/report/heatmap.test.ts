import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../errors.js';
import { heatmapSvg } from './heatmap.js';

const cellRects = (svg: string) => [...(/aria-label="cell"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1].matchAll(/<rect [^>]*fill="([^"]*)"/g) ?? [])].map((m) => m[1]);
const cellTexts = (svg: string) => [...(/aria-label="text"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g) ?? [])].map((m) => m[1]);

test('heatmapSvg: one cell per finite value, annotated in row order, darker for larger values', async () => {
  const svg = await heatmapSvg({ rows: ['neg', 'pos'], cols: ['neg', 'pos'], values: [[40, 10], [5, 45]], xLabel: 'Predicted', yLabel: 'Actual' });
  const fills = cellRects(svg);
  assert.equal(fills.length, 4);
  assert.deepEqual(cellTexts(svg), ['40', '10', '5', '45']);
  assert.notEqual(fills[0], fills[1], 'different values get different colours');
  assert.match(svg, /Predicted/);
  assert.match(svg, /Actual/);
});

test('heatmapSvg: NaN leaves a cell blank; format, domain and title are used', async () => {
  const svg = await heatmapSvg({
    rows: ['a', 'b'],
    cols: ['x', 'y', 'z'],
    values: [[0.1, NaN, 0.3], [0.25, 0.5, 0.25]],
    domain: [0, 1],
    format: (v) => `${Math.round(v * 100)}%`,
    title: 'Attention <weights>',
  });
  assert.equal(cellRects(svg).length, 5);
  assert.deepEqual(cellTexts(svg), ['10%', '30%', '25%', '50%', '25%']);
  assert.match(svg, /Attention &lt;weights&gt;/, 'the title is escaped');
  const plain = await heatmapSvg({ rows: ['a'], cols: ['x', 'y'], values: [[1, 2]], annotate: false });
  assert.equal(cellTexts(plain).length, 0);
});

test('heatmapSvg: ragged values are a ShapeError; repeated names and a bad domain a ValueError', async () => {
  await assert.rejects(heatmapSvg({ rows: ['a', 'b'], cols: ['x'], values: [[1]] }), ShapeError);
  await assert.rejects(heatmapSvg({ rows: ['a'], cols: ['x', 'y'], values: [[1]] }), ShapeError);
  await assert.rejects(heatmapSvg({ rows: ['a', 'a'], cols: ['x'], values: [[1], [2]] }), ValueError);
  await assert.rejects(heatmapSvg({ rows: ['a'], cols: ['x'], values: [[1]], domain: [1, 1] }), ValueError);
});
