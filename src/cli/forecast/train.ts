/**
 * `recurrent forecast train`: read a CSV, hold out the last `testFraction` of the rows as the
 * test span, train a Forecaster on the rows before it (its validation part comes from there
 * too), score every test point beside the baselines on the same points, forecast past the end,
 * and write the bundle, metrics.json and report.html into the output folder.
 */

import { ValueError } from '../../errors.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { renderForecastReport } from '../../report/forecast-report.js';
import { Forecaster } from '../../tasks/forecaster/forecaster.js';
import { FORECASTER_DEFAULTS, type ForecasterOptions } from '../../tasks/forecaster/options.js';
import { BASELINE_LABELS, forecastReportInput } from '../../tasks/forecaster/report.js';
import { scoreJSON } from '../../tasks/forecaster/scoring.js';
import type { Evaluation } from '../../tasks/forecaster/evaluation.js';
import { BASELINE_NAMES } from '../../tasks/forecaster/baselines.js';
import { unrollableInputs } from '../../tasks/forecaster/rollout.js';
import { sliceSeries, seriesLength, type TimeSeries } from '../../timeseries/series.js';
import type { Callback } from '../../train/types.js';
import { jsonLines, progress, type Output } from '../fit-callbacks.js';
import { readSeries, type ReadOptions } from './read.js';
import { saveContext } from './context.js';

const nodePath = lazyBuiltin('path');

/** What `forecast train` takes besides the Forecaster's own options. */
export interface TrainRun extends ReadOptions {
  readonly file: string;
  /** Share of the last rows held out as the test span. Default 0.2. */
  readonly testFraction: number;
  readonly out: string;
  readonly json: boolean;
  /** Steps of the future forecast drawn in the report. Default: max(horizon, 14) where inputs can be fed back, else horizon. */
  readonly futureSteps?: number;
  /** Text for the report's title (default: the file name). */
  readonly title?: string;
}

/** The CLI's test-span default. */
export const TEST_FRACTION = 0.2;

/** The `result` event: held-out metrics of the model and the baselines on the same points. */
export interface TrainResult {
  readonly event: 'result';
  readonly target: string;
  readonly test: Record<string, number | null>;
  readonly baselines: Record<string, Record<string, number | null>>;
  readonly byLead?: { lead: number; mae: number | null }[];
  readonly train: { rows: number; epochs: number; bestEpoch: number; stopReason: string };
  readonly out: string;
  readonly seconds: number;
}

/** The result object (also written to metrics.json) from an evaluation. */
export function resultOf(f: Forecaster, ev: Evaluation, out: string, seconds: number): TrainResult {
  const t = ev.metrics;
  const baselines: Record<string, Record<string, number | null>> = {};
  for (const b of BASELINE_NAMES) if (t.baselines[b]) baselines[b] = { ...scoreJSON(t.baselines[b]!), n: ev.n };
  const h = f.history;
  return {
    event: 'result',
    target: f.options.targets[0],
    test: { ...scoreJSON(t.model), n: ev.n },
    baselines,
    ...(ev.horizon > 1 ? { byLead: ev.targets[f.options.targets[0]].byLead.map((m, i) => ({ lead: i + 1, mae: Number(m.model.mae.toPrecision(6)) })) } : {}),
    train: { rows: f.state!.trainRows, epochs: h?.epochs.length ?? 0, bestEpoch: h?.bestEpoch ?? 0, stopReason: h?.stopReason ?? 'epochs' },
    out,
    seconds: Number(seconds.toFixed(2)),
  };
}

/** Runs `forecast train`; returns the result event (also printed with --json). */
export async function runForecastTrain(run: TrainRun, options: ForecasterOptions, io: Output): Promise<TrainResult> {
  const t0 = performance.now();
  if (!(run.testFraction > 0 && run.testFraction < 1)) throw new ValueError(`--test-fraction must be in (0, 1), got ${run.testFraction}`);
  const needed = [...options.targets, ...(options.features ?? []), ...(options.futureCovariates ?? [])];
  const { series, frequency, timeIsDate, note } = await readSeries(run.file, needed, run);
  const n = seriesLength(series);
  const testStart = n - Math.round(run.testFraction * n);
  const lookBack = options.lookBack ?? FORECASTER_DEFAULTS.lookBack;
  if (testStart < lookBack + 20 || n - testStart < 1) {
    throw new ValueError(`${run.file}: ${n} rows are too few for lookBack ${lookBack} with a test span of ${Math.round(run.testFraction * n)} rows (the training part needs at least lookBack + 20 rows). Fix: --lookback smaller, or more rows`);
  }
  const callbacks: Callback[] = [run.json ? jsonLines(io) : progress(io), ...(options.callbacks ?? [])];
  if (run.json) io.out(JSON.stringify({ event: 'start', file: run.file, rows: n, trainRows: testStart, testRows: n - testStart, targets: options.targets, ...(note ? { note } : {}) }) + '\n');
  else io.out(`${run.file}: ${n} rows; training on the first ${testStart}, testing on the last ${n - testStart}${note ? ` (${note})` : ''}\n`);
  const f = new Forecaster({ ...options, callbacks });
  await f.fit(sliceSeries(series, 0, testStart), { frequency, timeIsDate });
  const ev = f.evaluate(series, { start: testStart });
  const future = forecastPastEnd(f, series, run.futureSteps);

  await f.save(run.out);
  await saveContext(run.out, series, f.options.lookBack, { time: run.time, delimiter: run.delimiter });
  const seconds = (performance.now() - t0) / 1000;
  const result = resultOf(f, ev, run.out, seconds);
  await atomicWriteFile(nodePath.join(run.out, 'metrics.json'), JSON.stringify(result, null, 1) + '\n');
  const html = await renderForecastReport(forecastReportInput(f, series, ev, future, {
    title: run.title ?? `Forecast of ${f.options.targets[0]} — ${nodePath.basename(run.file)}`,
    subtitle: `${f.options.cell.toUpperCase()} ${f.options.hiddenSize} units, ${f.options.strategy} strategy, look-back ${f.options.lookBack}, horizon ${f.options.horizon}; trained on ${testStart} rows, tested on the last ${n - testStart}`,
    notes: verdict(result),
    settings: settingsOf(f, run),
  }));
  await atomicWriteFile(nodePath.join(run.out, 'report.html'), html);
  const final = { ...result, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) };
  if (run.json) io.out(JSON.stringify(final) + '\n');
  else io.out(summary(final));
  return final;
}

/**
 * The forecast past the end drawn in the report: 14 steps (or the horizon, if longer) where every
 * input can be fed back, else the trained horizon; none with known-future covariates, whose
 * values past the end the file does not hold.
 */
function forecastPastEnd(f: Forecaster, series: TimeSeries, steps?: number): ReturnType<Forecaster['predict']> | null {
  if (f.options.futureCovariates.length > 0) return null;
  const rollable = unrollableInputs(f.rolloutSpec()).length === 0;
  return f.predict(series, { horizon: steps ?? (rollable ? Math.max(f.options.horizon, 14) : f.options.horizon) });
}

function settingsOf(f: Forecaster, run: TrainRun): Record<string, string | number | boolean> {
  const o = f.options;
  return {
    file: nodePath.basename(run.file), targets: o.targets.join(', '), features: o.features.join(', ') || '—', 'future covariates': [...o.futureCovariates, ...(f.state?.calendar ?? [])].join(', ') || '—',
    'look-back': o.lookBack, horizon: o.horizon, strategy: o.strategy, cell: o.cell, 'hidden size': o.hiddenSize, layers: o.numLayers,
    quantiles: o.quantiles.join(', ') || 'none (MSE)', 'learning rate': o.lr, 'batch size': o.batchSize, patience: o.patience, seed: o.seed,
    'epochs run': f.history?.epochs.length ?? 0, 'best epoch': f.history?.bestEpoch ?? 0,
  };
}

/** Plain sentences comparing the model with each baseline on MAE. */
export function verdict(r: TrainResult): string[] {
  const m = r.test.mae;
  if (m === null) return [];
  return Object.entries(r.baselines).map(([name, b]) => {
    const label = BASELINE_LABELS[name as keyof typeof BASELINE_LABELS] ?? name;
    if (b.mae === null) return `${label}: no score`;
    const d = (1 - m / b.mae) * 100;
    return `test MAE ${m.toPrecision(4)} vs ${b.mae.toPrecision(4)} for the ${label} forecast: ${d >= 0 ? `${d.toFixed(1)}% lower` : `${(-d).toFixed(1)}% higher`}`;
  });
}

function summary(r: TrainResult): string {
  const pad = (s: string) => s.padEnd(16);
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toPrecision(4)).padStart(10);
  const lines = [`\ntest span: ${r.test.n} points of ${r.target}`, `${pad('')}${'MAE'.padStart(10)}${'RMSE'.padStart(10)}${'MASE'.padStart(10)}`];
  lines.push(`${pad('model')}${fmt(r.test.mae)}${fmt(r.test.rmse)}${fmt(r.test.mase)}${r.test.coverage !== undefined ? `   interval coverage ${fmt(r.test.coverage).trim()}` : ''}`);
  const short: Record<string, string> = { naive: 'naive', seasonalNaive: 'seasonal naive', movingAverage: 'moving average', linear: 'linear AR' };
  for (const [name, b] of Object.entries(r.baselines)) lines.push(`${pad(short[name] ?? name)}${fmt(b.mae)}${fmt(b.rmse)}${fmt(b.mase)}`);
  lines.push(`\nwrote ${r.out}/ (model.safetensors, forecaster.json, metrics.json, report.html) in ${r.seconds.toFixed(1)} s\n`);
  return lines.join('\n');
}
