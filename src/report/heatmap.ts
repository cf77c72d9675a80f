/**
 * Heat map of a matrix drawn by Observable Plot to static SVG: one cell per (row, column),
 * coloured by its value, optionally with the value printed inside. A confusion matrix, the
 * attention weights of a decoder over its source tokens, any [rows][cols] table of numbers.
 */

import { ShapeError, ValueError } from '../errors.js';
import { chartFrame, loadChartRuntime, serializeChart, type ChartDocumentOptions } from './plot-runtime.js';

/** Options of {@link heatmapSvg}. */
export interface HeatmapOptions extends ChartDocumentOptions {
  /** Names of the rows, top to bottom (the y axis). Must be distinct. */
  readonly rows: readonly string[];
  /** Names of the columns, left to right (the x axis). Must be distinct. */
  readonly cols: readonly string[];
  /** The values, [rows][cols]. A non-finite value leaves its cell blank. */
  readonly values: readonly (readonly number[])[];
  /** Title above the chart. */
  readonly title?: string;
  /** Label of the x axis (the columns). */
  readonly xLabel?: string;
  /** Label of the y axis (the rows). */
  readonly yLabel?: string;
  /** Values mapped to the ends of the colour scale. Default the finite minimum and maximum. */
  readonly domain?: readonly [number, number];
  /** Print each value in its cell. Default true when there are at most 400 cells. */
  readonly annotate?: boolean;
  /** How an annotated value is written. Default: integers as they are, others to 2 decimals. */
  readonly format?: (v: number) => string;
  /** Width of the SVG in px. Default from the number of columns (36 px each), 240–960. */
  readonly width?: number;
  /** Height of the SVG in px. Default from the number of rows (28 px each), 160–720. */
  readonly height?: number;
}

interface Cell {
  readonly row: string;
  readonly col: string;
  readonly value: number;
}

const defaultFormat = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function checkNames(names: readonly string[], what: string): void {
  if (names.length === 0) throw new ValueError(`heatmapSvg: ${what} must not be empty`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ValueError(`heatmapSvg: ${what} must be distinct, "${name}" appears twice`);
    seen.add(name);
  }
}

/**
 * Draws `values` as a grid of coloured cells (Plot's `cell` mark, a sequential "blues" scale)
 * and returns a static `<svg>` (a `<figure>` when a title is given). Text in a cell is white
 * on the darker half of the scale, black on the lighter half, so it stays readable.
 *
 * @example
 * const svg = await heatmapSvg({ rows: ['neg', 'pos'], cols: ['neg', 'pos'], values: [[40, 10], [5, 45]],
 *   xLabel: 'Predicted', yLabel: 'Actual' });
 */
export async function heatmapSvg(options: HeatmapOptions): Promise<string> {
  const { rows, cols, values } = options;
  checkNames(rows, 'rows');
  checkNames(cols, 'cols');
  if (values.length !== rows.length) throw new ShapeError('heatmapSvg: values', `${rows.length} rows (one per name in rows)`, `${values.length} rows`);
  values.forEach((row, i) => {
    if (row.length !== cols.length) throw new ShapeError(`heatmapSvg: values[${i}]`, `${cols.length} columns (one per name in cols)`, `${row.length} columns`);
  });
  const cells: Cell[] = [];
  let min = Infinity;
  let max = -Infinity;
  rows.forEach((row, i) =>
    cols.forEach((col, j) => {
      const value = values[i][j];
      if (!Number.isFinite(value)) return;
      cells.push({ row, col, value });
      if (value < min) min = value;
      if (value > max) max = value;
    }),
  );
  if (options.domain !== undefined) {
    [min, max] = options.domain;
    if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) throw new ValueError(`heatmapSvg: domain must be two finite numbers [low, high] with low < high, got [${options.domain.join(', ')}]`);
  } else if (cells.length === 0) {
    [min, max] = [0, 1];
  } else if (min === max) {
    [min, max] = [min - 0.5, max + 0.5];
  }
  const { Plot, document } = await loadChartRuntime(options);
  const format = options.format ?? defaultFormat;
  const annotate = options.annotate ?? rows.length * cols.length <= 400;
  const middle = (min + max) / 2;
  const longestRow = Math.max(...rows.map((r) => r.length));
  const tickSpace = Math.min(160, 16 + 7 * longestRow); // px for the row names
  const marginLeft = tickSpace + (options.yLabel === undefined ? 0 : 20);
  const marks = [Plot.cell(cells, { x: 'col', y: 'row', fill: 'value', inset: 0.5 })];
  if (annotate) {
    marks.push(
      Plot.text(cells, {
        x: 'col',
        y: 'row',
        text: (d: Cell) => format(d.value),
        fill: (d: Cell) => (d.value > middle ? 'white' : 'black'),
        fontSize: 11,
      }),
    );
  }
  const chart = Plot.plot({
    ...chartFrame(document, {
      width: options.width ?? Math.min(960, Math.max(240, 80 + 36 * cols.length)),
      height: options.height ?? Math.min(720, Math.max(160, 70 + 28 * rows.length)),
      marginLeft,
    }),
    ...(options.title === undefined ? {} : { title: options.title }),
    x: { domain: [...cols], label: options.xLabel ?? null, labelAnchor: 'center', labelArrow: 'none', tickRotate: cols.some((c) => c.length > 4) ? -35 : 0 },
    y: { domain: [...rows], label: options.yLabel ?? null, labelAnchor: 'center', labelArrow: 'none', labelOffset: marginLeft - 4 },
    color: { type: 'linear', scheme: 'blues', domain: [min, max], legend: false },
    marks,
  });
  return serializeChart(chart);
}
