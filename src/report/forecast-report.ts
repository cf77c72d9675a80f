/**
 * The report of a forecasting run as one self-contained HTML page: metrics against the
 * baselines, the test span (actual, model, baselines, interval), the forecast past the end of
 * the data, residuals, and the training curve. A pure function from data to a string; the
 * caller writes the file.
 */

import { ShapeError } from '../errors.js';
import { histogramSvg } from './histogram.js';
import { figureHtml, htmlPage, REPORT_COLORS, sectionHtml } from './html.js';
import type { ChartDocumentOptions } from './plot-runtime.js';
import { lineChartSvg, spansDecade, type ChartBand, type ChartSeries } from './plots.js';
import { formatNumber, metricsTableHtml, settingsTableHtml, type MetricsRow } from './tables.js';

/** A named series of values, e.g. one baseline's forecasts. */
export interface ReportSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/** Everything a forecast report shows. Arrays may hold NaN for missing values: they are skipped. */
export interface ForecastReportInput {
  /** e.g. 'Forecast of temp_max — seattle-weather.csv' */
  readonly title: string;
  /** One line: model, rows, settings. */
  readonly subtitle?: string;
  /** Target column name; the y-axis label of the value plots. */
  readonly target: string;
  /** true when timestamps are ms since epoch (dates, shown in UTC); false for plain step numbers. */
  readonly timeIsDate: boolean;
  /** Per-epoch training history. */
  readonly history: readonly { epoch: number; loss: number; valLoss?: number }[];
  /** The held-out test span: actual values, the model's forecast (1 step ahead), the baselines' forecasts on the same points, optional interval. */
  readonly test: {
    readonly timestamps: ArrayLike<number>;
    readonly actual: ArrayLike<number>;
    readonly model: ArrayLike<number>;
    readonly baselines: readonly ReportSeries[];
    readonly lower?: ArrayLike<number>;
    readonly upper?: ArrayLike<number>;
    /** e.g. '80% interval (q 0.1–0.9)' */
    readonly intervalLabel?: string;
  };
  /** Rows of the metrics table: the model first, then each baseline. Columns: any of mae, rmse, mape, smape, mase, coverage; n = points scored. */
  readonly metrics: readonly MetricsRow[];
  /** Forecast past the end of the data, with the last observed values for context. */
  readonly future?: {
    readonly contextTimestamps: ArrayLike<number>;
    readonly context: ArrayLike<number>;
    readonly timestamps: ArrayLike<number>;
    readonly forecast: ArrayLike<number>;
    readonly lower?: ArrayLike<number>;
    readonly upper?: ArrayLike<number>;
  };
  /** Settings shown as a small key–value table (look-back, horizon, cell, epochs, seed…). */
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
  /** Free notes shown under the title (e.g. 'the model beats linear AR by 12% MAE'). */
  readonly notes?: readonly string[];
}

/** Test spans longer than this also get a zoomed plot of their last {@link ZOOM_POINTS} points. */
const ZOOM_ABOVE = 400;
/** Points in the zoomed plot: enough for a few cycles, few enough to tell the lines apart. */
const ZOOM_POINTS = 120;

function same(where: string, expected: number, a: ArrayLike<number> | undefined): void {
  if (a !== undefined && a.length !== expected) throw new ShapeError(`renderForecastReport: ${where}`, [expected], [a.length], 'It needs one value per timestamp.');
}

function checkInput(input: ForecastReportInput): void {
  const t = input.test;
  const n = t.timestamps.length;
  same('test.actual', n, t.actual);
  same('test.model', n, t.model);
  same('test.lower', n, t.lower);
  same('test.upper', n, t.upper);
  for (const b of t.baselines) same(`test.baselines '${b.name}'`, n, b.values);
  const f = input.future;
  if (f) {
    same('future.context', f.contextTimestamps.length, f.context);
    same('future.forecast', f.timestamps.length, f.forecast);
    same('future.lower', f.timestamps.length, f.lower);
    same('future.upper', f.timestamps.length, f.upper);
  }
}

const slice = (a: ArrayLike<number>, from: number): number[] => Array.from(a).slice(from);

/** The nominal coverage in an interval label such as '80% interval (q 0.1–0.9)', as a fraction. */
function nominalCoverage(label: string | undefined): number | undefined {
  const m = label === undefined ? null : /(\d+(?:\.\d+)?)\s*%/.exec(label);
  return m ? Number(m[1]) / 100 : undefined;
}

/** The lines and band of the test span from index `from` on. */
function testChart(input: ForecastReportInput, modelName: string, from: number): { series: ChartSeries[]; band?: ChartBand } {
  const t = input.test;
  const x = slice(t.timestamps, from);
  const series: ChartSeries[] = [
    { name: modelName, x, y: slice(t.model, from), color: REPORT_COLORS.model, strokeWidth: 2 },
    { name: 'actual', x, y: slice(t.actual, from), color: REPORT_COLORS.actual, strokeWidth: 1.5 },
    ...t.baselines.map((b, i) => ({
      name: b.name,
      x,
      y: slice(b.values, from),
      color: REPORT_COLORS.baselines[i % REPORT_COLORS.baselines.length],
      strokeWidth: 1,
      opacity: 0.85,
    })),
  ];
  const band = t.lower && t.upper ? { name: t.intervalLabel ?? 'prediction interval', x, lower: slice(t.lower, from), upper: slice(t.upper, from) } : undefined;
  return { series, band };
}

/**
 * Centred moving average over the finite values within `k` points (k odd): the slow part of
 * the residuals, where a drifting bias shows. NaN where a window holds no finite value.
 */
function rollingMean(values: readonly number[], k: number): number[] {
  const h = Math.floor(k / 2);
  return values.map((_, i) => {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - h); j <= Math.min(values.length - 1, i + h); j++) {
      if (Number.isFinite(values[j])) {
        sum += values[j];
        count++;
      }
    }
    return count ? sum / count : NaN;
  });
}

function finite(values: ArrayLike<number>): number[] {
  return Array.from(values).filter(Number.isFinite);
}

/**
 * Renders the whole report page. Sections: metrics and settings; the test span (with a zoom
 * on its last 120 points when it is longer than 400); the future forecast; residuals over time
 * and their histogram; training and validation loss (log y when it spans more than a decade).
 *
 * Async because the chart library loads on first use. Pass `options.document` to draw into a
 * given DOM; by default the browser's, or a light DOM from linkedom in Node.
 *
 * @example
 * const html = await renderForecastReport({
 *   title: 'Forecast of temp_max — seattle-weather.csv', target: 'temp_max', timeIsDate: true,
 *   history: [{ epoch: 1, loss: 0.9, valLoss: 1.1 }, { epoch: 2, loss: 0.4, valLoss: 0.6 }],
 *   test: { timestamps, actual, model: predicted, baselines: [{ name: 'naive', values: naive }] },
 *   metrics: [{ name: 'LSTM', n: 365, values: { mae: 1.9 } }, { name: 'naive', n: 365, values: { mae: 2.4 } }],
 * });
 * await writeFile('report.html', html); // the caller writes the file
 */
export async function renderForecastReport(input: ForecastReportInput, options: ChartDocumentOptions = {}): Promise<string> {
  checkInput(input);
  const doc = options.document === undefined ? {} : { document: options.document };
  const t = input.test;
  const n = t.timestamps.length;
  const modelName = input.metrics[0]?.name ?? 'model';
  const xLabel = input.timeIsDate ? 'Date (UTC)' : 'Step';
  const yLabel = input.target;
  const sections: string[] = [];

  // Metrics against the baselines, with the settings beside them.
  const table = metricsTableHtml(input.metrics, { nominalCoverage: nominalCoverage(t.intervalLabel) });
  const settings = input.settings && Object.keys(input.settings).length ? settingsTableHtml(input.settings) : '';
  sections.push(
    sectionHtml(
      'Test metrics',
      settings ? `<div class="tables"><div>${table}</div><div><h3>Settings</h3>${settings}</div></div>` : table,
      `One-step-ahead errors on the ${n} held-out points; the model row is highlighted, the best value per column is bold.`,
    ),
  );

  // The test span, and a zoom on its end when it is long.
  let testContent = figureHtml(await lineChartSvg({ ...doc, ...testChart(input, modelName, 0), xLabel, yLabel, xIsDate: input.timeIsDate, height: 340 }));
  if (n > ZOOM_ABOVE) {
    const zoom = testChart(input, modelName, n - ZOOM_POINTS);
    testContent += figureHtml(await lineChartSvg({ ...doc, ...zoom, xLabel, yLabel, xIsDate: input.timeIsDate, height: 300 }), `Last ${ZOOM_POINTS} points`);
  }
  const baselineNote = t.baselines.length ? ` Baselines (${t.baselines.map((b) => b.name).join(', ')}) are thinner lines.` : '';
  sections.push(sectionHtml('Test span: actual vs forecast', testContent, `${modelName} forecasts one step ahead at each held-out point.${baselineNote}`));

  // The forecast past the end of the data.
  const f = input.future;
  if (f) {
    const ctx = Array.from(f.context);
    const ctxT = Array.from(f.contextTimestamps);
    let last = ctx.length - 1;
    while (last >= 0 && !(Number.isFinite(ctx[last]) && Number.isFinite(ctxT[last]))) last--;
    // The forecast line starts from the last observed point, so the two lines join.
    const fx = last >= 0 ? [ctxT[last], ...Array.from(f.timestamps)] : Array.from(f.timestamps);
    const fy = last >= 0 ? [ctx[last], ...Array.from(f.forecast)] : Array.from(f.forecast);
    const band = f.lower && f.upper ? { name: t.intervalLabel ?? 'prediction interval', x: Array.from(f.timestamps), lower: f.lower, upper: f.upper } : undefined;
    const chart = await lineChartSvg({
      ...doc,
      series: [
        { name: `${modelName} forecast`, x: fx, y: fy, color: REPORT_COLORS.model, strokeWidth: 2 },
        { name: 'observed', x: ctxT, y: ctx, color: REPORT_COLORS.actual, strokeWidth: 1.5 },
      ],
      band,
      xRules: last >= 0 ? [ctxT[last]] : [],
      xLabel,
      yLabel,
      xIsDate: input.timeIsDate,
      height: 300,
    });
    sections.push(sectionHtml('Forecast past the end of the data', figureHtml(chart), `${f.timestamps.length} steps ahead after the last ${ctx.length} observed values; the dashed rule marks the end of the data.`));
  }

  // Residuals: over time, and their distribution.
  const residuals = Array.from({ length: n }, (_, i) => t.actual[i] - t.model[i]);
  const ok = finite(residuals);
  const mean = ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
  const window = 2 * Math.max(2, Math.round(n / 50)) + 1;
  const overTime = await lineChartSvg({
    ...doc,
    series: [
      { name: `moving average (${window} points)`, x: Array.from(t.timestamps), y: rollingMean(residuals, window), color: REPORT_COLORS.actual, strokeWidth: 2 },
      { name: 'actual − forecast', x: Array.from(t.timestamps), y: residuals, color: REPORT_COLORS.model, strokeWidth: 0.8, opacity: 0.6 },
    ],
    yRules: [0],
    xLabel,
    yLabel: `Residual (${input.target})`,
    xIsDate: input.timeIsDate,
    width: 624,
    height: 280,
  });
  const hist = await histogramSvg({ ...doc, values: residuals, name: 'residuals', xLabel: `Residual (${input.target})`, xRules: [0], width: 312, height: 280 });
  sections.push(
    sectionHtml(
      'Residuals of the model',
      `<div class="row">${figureHtml(overTime, 'Over time')}${figureHtml(hist, 'Distribution')}</div>`,
      `actual − forecast on the test span; above 0 the model forecast too low. Mean ${formatNumber(mean)} (bias), ${ok.length} of ${n} points finite.`,
    ),
  );

  // Training curve.
  const epochs = input.history.map((h) => h.epoch);
  const loss = input.history.map((h) => h.loss);
  const valLoss = input.history.map((h) => h.valLoss ?? NaN);
  const hasVal = valLoss.some(Number.isFinite);
  if (input.history.length) {
    const logY = spansDecade([...loss, ...valLoss]);
    let best = -1;
    valLoss.forEach((v, i) => {
      if (Number.isFinite(v) && (best < 0 || v < valLoss[best])) best = i;
    });
    const series: ChartSeries[] = [{ name: 'training loss', x: epochs, y: loss, color: REPORT_COLORS.model, strokeWidth: 2 }];
    if (hasVal) series.push({ name: 'validation loss', x: epochs, y: valLoss, color: REPORT_COLORS.baselines[0], strokeWidth: 2 });
    const chart = await lineChartSvg({ ...doc, series, xRules: best >= 0 ? [epochs[best]] : [], xLabel: 'Epoch', yLabel: logY ? 'Loss (log scale)' : 'Loss', logY, height: 280 });
    const bestNote = best >= 0 ? ` Lowest validation loss ${formatNumber(valLoss[best])} at epoch ${epochs[best]} (dashed rule).` : '';
    sections.push(sectionHtml('Training', figureHtml(chart), `Loss per epoch over ${input.history.length} epochs.${bestNote}`));
  }

  return htmlPage({ title: input.title, subtitle: input.subtitle, notes: input.notes, body: sections.join('') });
}
