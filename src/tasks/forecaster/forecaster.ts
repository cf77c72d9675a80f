/**
 * Forecaster: from a series to trusted forecasts. It fits the scaler on the training part only,
 * cuts windows, trains a recurrent network with `fit`, forecasts past the end of the data in
 * original units, and scores every point of a span beside the baselines a practitioner fits
 * first (naive, seasonal naive, moving average, linear AR) on exactly the same points.
 */

import { Tensor } from '../../tensor/tensor.js';
import { Generator } from '../../random/generator.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { mseLoss } from '../../losses/mse.js';
import { pinballLoss } from '../../losses/pinball.js';
import { fit } from '../../train/fit.js';
import type { History, TrainData } from '../../train/types.js';
import { calendarFeatures, futureTimestamps, type CalendarFeature } from '../../timeseries/calendar.js';
import { chooseCalendarFeatures } from './calendar-choice.js';
import { inferFrequency, type Frequency } from '../../timeseries/timeline.js';
import { columnIndex, seriesLength, type TimeSeries } from '../../timeseries/series.js';
import { MinMaxScaler, RobustScaler, StandardScaler, scalerFromJSON, type AffineScaler } from '../../timeseries/scalers.js';
import { ForecastNet } from './network.js';
import { aheadAt, buildFrame, inputsAt, type Frame } from './frame.js';
import { pointIndex, rollOut, unrollableInputs, type RolloutSpec } from './rollout.js';
import { fitBaselines, baselineForecasts } from './baselines.js';
import type { ForecasterOptions } from './options.js';
import { resolveForecasterOptions, type ResolvedForecasterOptions } from './resolve.js';

export type { ResolvedForecasterOptions } from './resolve.js';
import type { ForecasterState } from './state.js';
import { evaluateForecasts, type Evaluation } from './evaluation.js';
import { loadForecaster, saveForecaster } from './bundle.js';

/** A forecast past the end of the data, in original units. */
export interface Forecast {
  /** The H timestamps forecast. */
  readonly timestamps: Float64Array;
  /** Point forecast (the median with quantiles) per target. */
  readonly values: Readonly<Record<string, Float64Array>>;
  /** Interval bounds per target (first and last quantile), when quantiles were trained. */
  readonly lower?: Readonly<Record<string, Float64Array>>;
  readonly upper?: Readonly<Record<string, Float64Array>>;
}

type Batch = { x: Tensor; future: Tensor | null; y: Tensor };

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function makeScaler(kind: ResolvedForecasterOptions['scaler']): AffineScaler {
  if (kind === 'minmax') return new MinMaxScaler();
  if (kind === 'robust') return new RobustScaler();
  return new StandardScaler();
}

/** True when the timestamps are not simply the step numbers 0 … N−1. */
function looksLikeDates(t: Float64Array): boolean {
  return !(t[0] === 0 && t[t.length - 1] === t.length - 1);
}

/**
 * A recurrent forecaster with its scaler, calendar and baselines.
 *
 * @example
 * const f = new Forecaster({ targets: ['temp_max'], lookBack: 30, horizon: 1 });
 * await f.fit(sliceSeries(series, 0, testStart));          // the training part only
 * const ev = f.evaluate(series, { start: testStart });     // every test point, baselines beside
 * ev.metrics.model.mae; ev.metrics.baselines.linear.mae;
 * const next = f.predict(series, { horizon: 7 });          // past the end, in °C
 * await f.save('runs/seattle');
 */
export class Forecaster {
  readonly options: ResolvedForecasterOptions;
  net: ForecastNet | null = null;
  state: ForecasterState | null = null;
  history: History | null = null;
  private scaler: AffineScaler | null = null;

  constructor(options: ForecasterOptions) {
    this.options = resolveForecasterOptions(options);
  }

  /** Steps the network emits per call (1 for the recursive strategy). */
  get netHorizon(): number {
    return this.options.strategy === 'recursive' ? 1 : this.options.horizon;
  }

  /**
   * Trains on the whole of `series` (pass the training part only: the scaler, the baselines and
   * the validation windows all come from it). The latest `validationFraction` of the windows
   * decide early stopping.
   */
  async fit(series: TimeSeries, options: { frequency?: Frequency | null; timeIsDate?: boolean } = {}): Promise<History> {
    const o = this.options;
    const n = seriesLength(series);
    const seriesColumns = unique([...o.targets, ...o.features, ...o.futureCovariates]);
    for (const c of seriesColumns) checkFinite(series, c, 'Forecaster.fit');
    const frequency = options.frequency !== undefined ? options.frequency : inferFrequency(series.timestamps);
    const timeIsDate = options.timeIsDate ?? looksLikeDates(series.timestamps);
    const target0 = series.values[columnIndex(series, o.targets[0], 'Forecaster.fit')];
    const calendar: CalendarFeature[] = o.calendar === 'none' ? [] : o.calendar === 'auto' ? (timeIsDate ? chooseCalendarFeatures(target0, frequency) : []) : [...o.calendar];
    if (calendar.length && !timeIsDate) throw new ValueError('Forecaster: calendar features need dates; this series has plain step numbers (pass a time column)');
    const calendarColumns = calendar.length ? calendarFeatures(series.timestamps.subarray(0, 1), calendar).columns : [];
    const Hn = this.netHorizon;
    const windows = n - o.lookBack - Hn + 1;
    const minWindows = 20;
    if (windows < minWindows) {
      throw new ValueError(`Forecaster.fit: ${n} training rows give ${Math.max(0, windows)} windows of lookBack ${o.lookBack} + horizon ${Hn}; at least ${minWindows} are needed. Fix: a shorter lookBack (e.g. ${Math.max(1, Math.floor((n - Hn - minWindows) / 2))}) or more rows`);
    }
    this.scaler = makeScaler(o.scaler).fit(series, seriesColumns);
    const baselines = fitBaselines(series, o, frequency);
    this.state = {
      seriesColumns,
      inputs: [...seriesColumns, ...calendarColumns],
      future: [...o.futureCovariates, ...calendarColumns],
      calendar,
      scaler: this.scaler.toJSON(),
      frequency,
      timeIsDate,
      trainRows: n,
      firstTrainTimestamp: series.timestamps[0],
      lastTrainTimestamp: series.timestamps[n - 1],
      season: baselines.season,
      baselines: baselines.targets,
    };
    const stuck = unrollableInputs(this.rolloutSpec());
    if (o.strategy === 'recursive' && stuck.length) {
      throw new ValueError(`Forecaster: the recursive strategy feeds forecasts back as inputs, but ${JSON.stringify(stuck[0])} is neither a target nor known in advance. Fix: strategy 'direct', or pass it as a futureCovariate`);
    }
    const frame = this.frame(series);
    const generator = new Generator(o.seed);
    const net = new ForecastNet({
      cell: o.cell, inputSize: this.state.inputs.length, hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout,
      strategy: o.strategy, horizon: Hn, targets: o.targets.length, quantiles: Math.max(1, o.quantiles.length),
      futureSize: this.state.future.length, forgetBias: o.forgetBias, generator,
    });
    this.net = net;
    const data = this.trainData(frame, windows);
    const C = o.targets.length, Q = o.quantiles.length;
    const scale0 = this.scaler.scale[0];
    const point = pointIndex(o.quantiles);
    this.history = await fit(net, data, {
      loss: (m, b) => {
        const pred = m.forward(b.x, b.future); // [B, Hn, C·Q]
        const B = b.x.shape[0];
        return Q > 0 ? pinballLoss(pred.reshape([B, Hn, C, Q]), b.y, o.quantiles) : mseLoss(pred, b.y);
      },
      metrics: {
        // MAE of the first target's point forecast in original units, over every validation step.
        valMae: (m, d) => noGrad(() => {
          const all = d.batch(Int32Array.from({ length: d.length }, (_, i) => i));
          const pred = m.forward(all.x, all.future).data;
          const y = all.y.data;
          const Qn = Math.max(1, Q);
          let s = 0, cnt = 0;
          for (let i = 0; i < y.length; i += C) {
            s += Math.abs(pred[(i / C) * C * Qn + point] - y[i]);
            cnt++;
          }
          return (s / cnt) * scale0;
        }),
      },
      epochs: o.epochs,
      batchSize: o.batchSize,
      lr: o.lr,
      clipNorm: o.clipNorm,
      validationSplit: o.validationFraction,
      earlyStopping: { monitor: 'valLoss', patience: o.patience },
      generator,
      callbacks: o.callbacks,
      checkpoint: o.checkpointDir ? { dir: o.checkpointDir } : null,
      resume: o.resume ?? null,
    });
    return this.history;
  }

  /** Windows of the training frame as `fit` data: x [B, T, F], future [B, Hn, K], y [B, Hn, C]. */
  private trainData(frame: Frame, count: number): TrainData<Batch> {
    const o = this.options, s = this.state!;
    const T = o.lookBack, Hn = this.netHorizon, F = s.inputs.length, K = s.future.length, C = o.targets.length;
    return {
      length: count,
      batch: (ids) => {
        const origins = Array.from(ids, (i) => i + T - 1);
        const B = origins.length;
        const x = inputsAt(frame, origins, T, s.inputs);
        const y = aheadAt(frame, origins, Hn, o.targets);
        if (o.predictChange) {
          const slots = o.targets.map((t) => s.inputs.indexOf(t));
          for (let b = 0; b < B; b++) for (let k = 0; k < Hn; k++) for (let c = 0; c < C; c++) y[(b * Hn + k) * C + c] -= x[(b * T + T - 1) * F + slots[c]];
        }
        return {
          x: new Tensor(x, [B, T, F]),
          future: K > 0 ? new Tensor(aheadAt(frame, origins, Hn, s.future), [B, Hn, K]) : null,
          y: new Tensor(y, [B, Hn, C]),
        };
      },
    };
  }

  /** The fitted scaler (throws before `fit`/`load`). */
  private fitted(where: string): { net: ForecastNet; state: ForecasterState; scaler: AffineScaler } {
    if (!this.net || !this.state) throw new ValueError(`Forecaster.${where}: the forecaster is not trained; call fit(series) or Forecaster.load(dir) first`);
    this.scaler ??= scalerFromJSON(this.state.scaler) as AffineScaler;
    return { net: this.net, state: this.state, scaler: this.scaler };
  }

  /** What the rollout needs (valid once `state` is set). */
  rolloutSpec(): RolloutSpec {
    const s = this.state!;
    return { lookBack: this.options.lookBack, inputs: s.inputs, targets: this.options.targets, future: s.future, quantiles: this.options.quantiles, predictChange: this.options.predictChange };
  }

  /** The scaled frame of a series (checking its columns), optionally extended into the future. */
  frame(series: TimeSeries, futureTimes?: Float64Array, future?: TimeSeries | null, required?: number): Frame {
    if (!this.state) throw new ValueError('Forecaster.frame: the forecaster is not trained; call fit(series) or Forecaster.load(dir) first');
    const state = this.state;
    const scaler = (this.scaler ??= scalerFromJSON(state.scaler) as AffineScaler);
    for (const c of state.seriesColumns) checkFinite(series, c, 'Forecaster');
    return buildFrame({ seriesColumns: state.seriesColumns, calendar: state.calendar, scaler }, series, futureTimes, future ?? null, this.options.futureCovariates, required ?? futureTimes?.length ?? 0);
  }

  /** Forecasts [N, steps, C, Q] in original units from each origin of `frame`. */
  forecastAt(frame: Frame, origins: ArrayLike<number>, steps: number): Float64Array {
    const { net, scaler } = this.fitted('forecastAt');
    const spec = this.rolloutSpec();
    if (steps > net.options.horizon) {
      const stuck = unrollableInputs(spec);
      if (stuck.length) throw new ValueError(`Forecaster: a horizon of ${steps} is longer than the ${net.options.horizon} steps the network emits, and the input ${JSON.stringify(stuck[0])} cannot be fed back (neither a target nor known in advance). Fix: train with horizon ≥ ${steps}`);
    }
    const out = rollOut(net, spec, frame, origins, steps);
    const C = spec.targets.length, Q = Math.max(1, spec.quantiles.length);
    for (let c = 0; c < C; c++) {
      const i = scaler.columns.indexOf(spec.targets[c]);
      const center = scaler.center[i], sc = scaler.scale[i];
      for (let p = 0; p < out.length / (C * Q); p++) for (let q = 0; q < Q; q++) {
        const j = (p * C + c) * Q + q;
        out[j] = out[j] * sc + center;
      }
    }
    return out;
  }

  /**
   * Forecast `horizon` steps (default: the trained horizon) past the last row of `series`, in
   * original units. Known-future covariates for those steps come from `future`; calendar
   * features are generated.
   */
  predict(series: TimeSeries, options: { horizon?: number; future?: TimeSeries } = {}): Forecast {
    const { state } = this.fitted('predict');
    const h = options.horizon ?? this.options.horizon;
    if (!Number.isInteger(h) || h < 1 || h > 100_000) throw new ValueError(`Forecaster.predict: horizon must be an integer in 1 … 100000, got ${h}`);
    const n = seriesLength(series);
    if (n < this.options.lookBack) throw new ValueError(`Forecaster.predict: the series has ${n} rows; the model reads the last ${this.options.lookBack} (lookBack)`);
    // Whole network blocks past the end: a horizon that is not a multiple of the block still
    // reads known-future values for the block's last steps (computed, not returned).
    const Hn = this.netHorizon;
    const rows = Math.ceil(h / Hn) * Hn;
    const all = futureTimestamps(series.timestamps[n - 1], stepOf(state, series), rows);
    const times = all.slice(0, h);
    const frame = this.frame(series, all, options.future, h);
    const f = this.forecastAt(frame, [n - 1], h);
    const C = this.options.targets.length, Q = Math.max(1, this.options.quantiles.length), point = pointIndex(this.options.quantiles);
    const pick = (q: number) => Object.fromEntries(this.options.targets.map((t, c) => [t, Float64Array.from({ length: h }, (_, k) => f[(k * C + c) * Q + q])]));
    const out: Forecast = { timestamps: times, values: pick(point) };
    return this.options.quantiles.length > 1 ? { ...out, lower: pick(0), upper: pick(Q - 1) } : out;
  }

  /**
   * Scores every row of `series` from `start` (default: the first row after the training data)
   * to its end, at every lead 1 … horizon, each forecast made from the rows before it only; the
   * baselines are scored on exactly the same (origin, lead) pairs.
   */
  evaluate(series: TimeSeries, options: { start?: number; horizon?: number } = {}): Evaluation {
    const { state } = this.fitted('evaluate');
    const H = options.horizon ?? this.options.horizon;
    if (!Number.isInteger(H) || H < 1 || H > this.options.horizon) throw new ValueError(`Forecaster.evaluate: horizon must be an integer in 1 … ${this.options.horizon} (the trained horizon), got ${H}`);
    const n = seriesLength(series);
    let start = options.start;
    if (start === undefined) {
      start = series.timestamps.findIndex((t) => t > state.lastTrainTimestamp);
      if (start < 0) throw new ValueError('Forecaster.evaluate: every row of the series lies within the training data; pass { start } or a series that goes on past it');
    }
    if (!Number.isInteger(start) || start >= n) throw new ValueError(`Forecaster.evaluate: start must be a row index below ${n}, got ${start}`);
    const first = start - H; // origin of lead H for the first scored row
    if (first < this.options.lookBack - 1) {
      throw new ValueError(`Forecaster.evaluate: scoring from row ${start} at lead ${H} needs ${this.options.lookBack + H - 1} rows of context before it (lookBack ${this.options.lookBack}), got ${start}. Fix: include the rows before the span in the series`);
    }
    const origins = Int32Array.from({ length: n - 1 - first }, (_, i) => first + i);
    // The last origins' later leads fall past the end; they are computed but never scored.
    const frame = this.frame(series, futureTimestamps(series.timestamps[n - 1], stepOf(state, series), H), null, 0);
    const model = this.forecastAt(frame, origins, H);
    const baselines = baselineForecasts(series, this.options.targets, state, origins, H);
    return evaluateForecasts({ series, start, horizon: H, origins, model, baselines, targets: this.options.targets, quantiles: this.options.quantiles, state });
  }

  /** Writes the model bundle (weights, config, scaler, columns, calendar, baselines) into `dir`. */
  async save(dir: string): Promise<void> {
    await saveForecaster(dir, this);
  }

  /** Reads a bundle written by `save`; it forecasts exactly as the forecaster that was saved. */
  static async load(dir: string): Promise<Forecaster> {
    return loadForecaster(dir);
  }

  /**
   * Forecasts from `folds` rolling origins spaced `stride` rows apart, ending `horizon` rows
   * before the end, each scored on its next `horizon` rows. With `retrain`, a new forecaster
   * with the same options is trained on the rows up to each origin (honest but slow); without,
   * every origin must lie after the training data.
   */
  async backtest(series: TimeSeries, options: { folds: number; stride?: number; horizon?: number; retrain?: boolean }): Promise<Evaluation[]> {
    const { state } = this.fitted('backtest');
    const H = options.horizon ?? this.options.horizon;
    const stride = options.stride ?? H;
    const n = seriesLength(series);
    if (!Number.isInteger(options.folds) || options.folds < 1) throw new ValueError(`Forecaster.backtest: folds must be an integer ≥ 1, got ${options.folds}`);
    if (!Number.isInteger(stride) || stride < 1) throw new ValueError(`Forecaster.backtest: stride must be an integer ≥ 1, got ${stride}`);
    const out: Evaluation[] = [];
    for (let f = 0; f < options.folds; f++) {
      const start = n - H - (options.folds - 1 - f) * stride; // first scored row of this fold
      const end = start + H;
      const part: TimeSeries = { timestamps: series.timestamps.subarray(0, end), columns: series.columns, values: series.values.map((v) => v.subarray(0, end)) };
      if (options.retrain) {
        const fresh = new Forecaster({ ...this.options, callbacks: undefined, checkpointDir: null, resume: null });
        const train: TimeSeries = { timestamps: series.timestamps.subarray(0, start), columns: series.columns, values: series.values.map((v) => v.subarray(0, start)) };
        await fresh.fit(train, { frequency: state.frequency, timeIsDate: state.timeIsDate });
        out.push(fresh.evaluate(part, { start, horizon: H }));
      } else {
        if (series.timestamps[start] <= state.lastTrainTimestamp) {
          throw new ValueError(`Forecaster.backtest: fold ${f + 1} of ${options.folds} scores row ${start}, inside the training data (which ends at row ${state.trainRows - 1}); its score would be in-sample. Fix: fewer folds, a smaller stride, or retrain: true`);
        }
        out.push(this.evaluate(part, { start, horizon: H }));
      }
    }
    return out;
  }
}

function checkFinite(series: TimeSeries, name: string, where: string): void {
  const v = series.values[columnIndex(series, name, where)];
  const bad = v.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new ValueError(`${where}: column "${name}" holds ${v[bad]} at row ${bad}; fill or drop missing values first (readCsvSeries's missing: 'interpolate' | 'ffill' | 'drop')`);
}

/** The frequency to step past the end: the training one, or the series' own last step. */
function stepOf(state: ForecasterState, series: TimeSeries): Frequency {
  if (state.frequency) return state.frequency;
  const t = series.timestamps, n = t.length;
  return { unit: 'ms', step: n > 1 ? t[n - 1] - t[n - 2] : 1 };
}
