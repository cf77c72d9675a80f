/**
 * Generic line charts for reports, drawn by Observable Plot to static SVG: series over a
 * shared x axis (numbers or UTC dates), an optional band (a prediction interval), a legend,
 * reference rules and a log y scale. Any task can use it: a forecast, a loss curve, accuracy
 * per epoch, perplexity of a language model.
 */

import type * as PlotModule from '@observablehq/plot';
import { ShapeError } from '../errors.js';
import { REPORT_COLORS } from './html.js';
import { chartFrame, loadChartRuntime, serializeChart, type ChartDocumentOptions } from './plot-runtime.js';

/** One line of a chart. Points whose x or y is not finite are skipped (the line joins across them). */
export interface ChartSeries {
  /** Name in the legend. */
  readonly name: string;
  /** x of each point: a number, or ms since the epoch when the chart's `xIsDate`. */
  readonly x: ArrayLike<number>;
  /** y of each point, one per x. */
  readonly y: ArrayLike<number>;
  /** CSS colour. Default: the next colour of the baseline palette. */
  readonly color?: string;
  /** Line width in px. Default 1.5. */
  readonly strokeWidth?: number;
  /** Line opacity, 0–1. Default 1. */
  readonly opacity?: number;
  /** Draw dashed. Default false. */
  readonly dashed?: boolean;
}

/** A filled band between `lower` and `upper`, e.g. a prediction interval; drawn under the lines. */
export interface ChartBand {
  /** Name in the legend, e.g. '80% interval'. */
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  /** CSS colour. Default a light tint of the model colour. */
  readonly color?: string;
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions extends ChartDocumentOptions {
  /** The lines, most important first: the legend lists them in this order and the first is drawn on top. */
  readonly series: readonly ChartSeries[];
  readonly band?: ChartBand;
  /** Label of the x axis, with its unit, e.g. 'Date (UTC)' or 'Epoch'. */
  readonly xLabel?: string;
  /** Label of the y axis, with its unit. */
  readonly yLabel?: string;
  /** x values are ms since the epoch, shown as UTC dates. Default false. */
  readonly xIsDate?: boolean;
  /** Log-scaled y; points with y ≤ 0 are then skipped. Default false. */
  readonly logY?: boolean;
  /** Vertical rules at these x (e.g. where a forecast starts), dashed. */
  readonly xRules?: readonly number[];
  /** Horizontal rules at these y (e.g. 0 for residuals). */
  readonly yRules?: readonly number[];
  /** Show the colour legend. Default: when there is more than one series or a band. */
  readonly legend?: boolean;
  /** Width of the SVG in px (it shrinks to fit narrower pages). Default 960. */
  readonly width?: number;
  /** Height of the SVG in px. Default 320. */
  readonly height?: number;
}

interface Point {
  readonly x: number | Date;
  readonly y: number;
  readonly series: string;
}

interface BandPoint {
  readonly x: number | Date;
  readonly lower: number;
  readonly upper: number;
  readonly series: string;
}

/**
 * True when the finite positive values span more than one decade (max / min > 10), the point
 * from which a log y scale reads better than a linear one. False if any value is ≤ 0.
 *
 * @example
 * spansDecade([2.3, 0.9, 0.05]); // true
 * spansDecade([1.2, 0.8]);       // false
 */
export function spansDecade(values: ArrayLike<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max / min > 10;
}

/**
 * Ticks of a log axis from `min` to `max` (both > 0): labelled ticks at the powers of ten
 * (d3's log tick format would blank the labels of other ticks), and up to three decades also
 * unlabelled grid lines at 2 and 5 times each power, so grid lines stay few. Over more than
 * eight decades only every few powers are labelled, evenly, so at most nine labels show.
 */
export function logTicks(min: number, max: number): { major: number[]; minor: number[] } {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const major: number[] = [];
  const minor: number[] = [];
  // At most ~8 labelled decades: over a wide range (gradient norms span 150 decades) label every
  // few decades, rounded so the labels fall on whole powers of ten.
  const every = Math.max(1, Math.ceil((hi - lo) / 8));
  for (let k = lo; k <= hi; k++) {
    if ((k - lo) % every === 0) major.push(Number((10 ** k).toPrecision(1)));
    if (k < hi && hi - lo <= 3) minor.push(Number((2 * 10 ** k).toPrecision(1)), Number((5 * 10 ** k).toPrecision(1)));
  }
  return { major, minor };
}

function checkLength(where: string, expected: number, actual: ArrayLike<number>): void {
  if (actual.length !== expected) throw new ShapeError(where, [expected], [actual.length], 'Every series needs one value per x.');
}

/**
 * Draws series as lines on one chart and returns it as static HTML: an `<svg>`, or a
 * `<figure>` holding the legend and the `<svg>`. Non-finite points are skipped; a chart with
 * no finite point shows a framed "no finite values" note.
 *
 * Async because Plot (and, in Node, linkedom) load on the first call; see plot-runtime.ts.
 *
 * @example
 * const svg = await lineChartSvg({
 *   series: [{ name: 'loss', x: [1, 2, 3], y: [2.1, 0.8, 0.3] }],
 *   xLabel: 'Epoch', yLabel: 'Loss', logY: true,
 * });
 */
export async function lineChartSvg(options: LineChartOptions): Promise<string> {
  const { Plot, document } = await loadChartRuntime(options);
  const toX = (v: number): number | Date => (options.xIsDate ? new Date(v) : v);
  const okY = options.logY ? (v: number) => Number.isFinite(v) && v > 0 : Number.isFinite;

  // Legend names must be unique: a repeated name would share the first one's colour.
  const names: string[] = [];
  const colors: string[] = [];
  const unique = (name: string): string => {
    let out = name;
    for (let k = 2; names.includes(out); k++) out = `${name} (${k})`;
    return out;
  };
  const marks: PlotModule.Markish[] = [];
  let drawn = 0;
  let yMin = Infinity; // finite y range of what is drawn, for the log ticks
  let yMax = -Infinity;
  const seeY = (v: number) => {
    if (v < yMin) yMin = v;
    if (v > yMax) yMax = v;
  };

  const band = options.band;
  if (band) {
    checkLength(`lineChartSvg band '${band.name}' lower`, band.x.length, band.lower);
    checkLength(`lineChartSvg band '${band.name}' upper`, band.x.length, band.upper);
    const name = unique(band.name);
    const points: BandPoint[] = [];
    for (let i = 0; i < band.x.length; i++) {
      const lo = band.lower[i];
      const hi = band.upper[i];
      if (Number.isFinite(band.x[i]) && okY(lo) && okY(hi)) {
        points.push({ x: toX(band.x[i]), lower: lo, upper: hi, series: name });
        seeY(lo);
        seeY(hi);
      }
    }
    names.push(name);
    colors.push(band.color ?? REPORT_COLORS.band);
    marks.push(Plot.areaY(points, { x: 'x', y1: 'lower', y2: 'upper', fill: 'series' }));
    drawn += points.length;
  }

  // Legend in the given order; drawn in reverse, so the first series lies on top.
  let paletteIndex = 0;
  const lines: PlotModule.Markish[] = [];
  for (const s of options.series) {
    checkLength(`lineChartSvg series '${s.name}'`, s.x.length, s.y);
    const name = unique(s.name);
    const points: Point[] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (Number.isFinite(s.x[i]) && okY(s.y[i])) {
        points.push({ x: toX(s.x[i]), y: s.y[i], series: name });
        seeY(s.y[i]);
      }
    }
    names.push(name);
    colors.push(s.color ?? REPORT_COLORS.baselines[paletteIndex++ % REPORT_COLORS.baselines.length]);
    lines.unshift(
      Plot.lineY(points, {
        x: 'x',
        y: 'y',
        stroke: 'series',
        strokeWidth: s.strokeWidth ?? 1.5,
        strokeOpacity: s.opacity ?? 1,
        strokeDasharray: s.dashed ? '5,3' : undefined,
      }),
    );
    drawn += points.length;
  }
  marks.push(...lines);
  if (band) {
    // The band is listed last in the legend (it is drawn first, under the lines).
    names.push(names.shift() as string);
    colors.push(colors.shift() as string);
  }

  if (options.yRules?.length) marks.unshift(Plot.ruleY(options.yRules, { stroke: '#8c959f' }));
  if (options.xRules?.length) marks.push(Plot.ruleX(options.xRules.map((v) => toX(v)), { stroke: '#59636e', strokeDasharray: '4,4' }));
  if (drawn === 0) marks.push(Plot.frame({ stroke: '#d1d9e0' }), Plot.text(['no finite values to plot'], { frameAnchor: 'middle', fill: '#59636e', fontSize: 13 }));

  const log = options.logY && drawn > 0 ? logTicks(yMin, yMax) : undefined;
  if (log?.minor.length) marks.unshift(Plot.gridY(log.minor, { strokeOpacity: 0.05 }));
  const legend = options.legend ?? names.length > 1;
  const chart = Plot.plot({
    ...chartFrame(document, { width: options.width ?? 960, height: options.height ?? 320, marginLeft: 56 }),
    x: { type: options.xIsDate ? 'utc' : 'linear', label: options.xLabel ?? null, labelAnchor: 'center', labelArrow: 'none' },
    // Log ticks as plain numbers: the default SI prefixes would print 0.2 as '200m'.
    y: {
      type: options.logY ? 'log' : 'linear',
      label: options.yLabel ?? null,
      grid: true,
      nice: true,
      labelArrow: 'none',
      ...(log ? { tickFormat: (v: number) => String(v), ticks: log.major } : {}),
    },
    color: { type: 'ordinal', domain: names, range: colors, legend: legend && drawn > 0 },
    marks,
  });
  return serializeChart(chart);
}
