/**
 * Histogram of a sample (residuals, errors, lengths) drawn by Observable Plot to static SVG,
 * optionally with the normal curve of the same mean and standard deviation over it, so skew,
 * heavy tails or a bias away from 0 show at a glance.
 */

import type * as PlotModule from '@observablehq/plot';
import { REPORT_COLORS } from './html.js';
import { chartFrame, loadChartRuntime, serializeChart, type ChartDocumentOptions } from './plot-runtime.js';

/** Options of {@link histogramSvg}. */
export interface HistogramOptions extends ChartDocumentOptions {
  /** The sample; non-finite values are skipped. */
  readonly values: ArrayLike<number>;
  /** Number of equal-width bins. Default ⌈√n⌉ clamped to 5–40. */
  readonly bins?: number;
  /** Label of the x axis, with its unit. */
  readonly xLabel?: string;
  /** Label of the y axis. Default 'Count'. */
  readonly yLabel?: string;
  /** Name of the bars in the legend. Default 'count'. */
  readonly name?: string;
  /** Overlay the normal density N(mean, sd²) scaled to counts. Default true. */
  readonly normalCurve?: boolean;
  /** Bar colour. Default the model colour. */
  readonly color?: string;
  /** Vertical rules at these x (e.g. 0), dashed. */
  readonly xRules?: readonly number[];
  /** Width of the SVG in px. Default 460. */
  readonly width?: number;
  /** Height of the SVG in px. Default 280. */
  readonly height?: number;
}

/** Equal-width bins: counts and edges. */
interface Bins {
  readonly edges: number[]; // [k + 1]
  readonly counts: number[]; // [k]
}

function binValues(values: number[], requested: number | undefined): Bins {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const k = requested ?? Math.min(40, Math.max(5, Math.ceil(Math.sqrt(values.length))));
  const width = (max - min) / k;
  const edges = Array.from({ length: k + 1 }, (_, i) => min + i * width);
  const counts = new Array<number>(k).fill(0);
  for (const v of values) counts[Math.min(k - 1, Math.floor((v - min) / width))]++;
  return { edges, counts };
}

/**
 * Draws a histogram of `values` and returns it as a static `<svg>` (or a `<figure>` with a
 * legend when the normal curve is drawn). With no finite value it shows a framed note.
 *
 * The normal curve is `n · w · φ((x − μ) / σ) / σ` for n values, bin width w, sample mean μ
 * and standard deviation σ, so its area equals the bars' area.
 *
 * @example
 * const svg = await histogramSvg({ values: residuals, xLabel: 'Residual (°C)', xRules: [0] });
 */
export async function histogramSvg(options: HistogramOptions): Promise<string> {
  const { Plot, document } = await loadChartRuntime(options);
  const values: number[] = [];
  for (let i = 0; i < options.values.length; i++) if (Number.isFinite(options.values[i])) values.push(options.values[i]);
  const color = options.color ?? REPORT_COLORS.model;
  const marks: PlotModule.Markish[] = [];
  const names: string[] = [];
  const colors: string[] = [];

  if (values.length === 0) {
    marks.push(Plot.frame({ stroke: '#d1d9e0' }), Plot.text(['no finite values to plot'], { frameAnchor: 'middle', fill: '#59636e', fontSize: 13 }));
  } else {
    const { edges, counts } = binValues(values, options.bins);
    const barName = options.name ?? 'count';
    const bars = counts.map((count, i) => ({ x1: edges[i], x2: edges[i + 1], count, series: barName }));
    names.push(barName);
    colors.push(color);
    marks.push(Plot.rectY(bars, { x1: 'x1', x2: 'x2', y: 'count', fill: 'series', fillOpacity: 0.55, inset: 0.5 }), Plot.ruleY([0]));
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / Math.max(1, n - 1));
    if ((options.normalCurve ?? true) && sd > 0) {
      const w = edges[1] - edges[0];
      const lo = Math.min(edges[0], mean - 3.5 * sd);
      const hi = Math.max(edges[edges.length - 1], mean + 3.5 * sd);
      const name = `normal fit (μ ${mean.toPrecision(3)}, σ ${sd.toPrecision(3)})`;
      const curve = Array.from({ length: 121 }, (_, i) => {
        const x = lo + ((hi - lo) * i) / 120;
        const z = (x - mean) / sd;
        return { x, y: (n * w * Math.exp(-0.5 * z * z)) / (sd * Math.sqrt(2 * Math.PI)), series: name };
      });
      names.push(name);
      colors.push(REPORT_COLORS.actual);
      marks.push(Plot.lineY(curve, { x: 'x', y: 'y', stroke: 'series', strokeWidth: 1.5 }));
    }
  }
  if (options.xRules?.length) marks.push(Plot.ruleX(options.xRules, { stroke: '#59636e', strokeDasharray: '4,4' }));

  const chart = Plot.plot({
    ...chartFrame(document, { width: options.width ?? 460, height: options.height ?? 280, marginLeft: 48 }),
    x: { label: options.xLabel ?? null, labelAnchor: 'center', labelArrow: 'none' },
    y: { label: options.yLabel ?? 'Count', grid: true, labelArrow: 'none' },
    color: { type: 'ordinal', domain: names, range: colors, legend: names.length > 1 },
    marks,
  });
  return serializeChart(chart);
}
