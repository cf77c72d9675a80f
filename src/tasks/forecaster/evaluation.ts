/**
 * The result of `Forecaster.evaluate`: for every scored row and every lead 1 … H, the model's
 * forecast (and interval) and each baseline's, all made from the rows before that lead's
 * origin, with their metrics over all leads and per lead.
 *
 * Layout of the inputs: origins are `start − H … N − 2`; the model's forecasts are
 * [origins, H, C, Q] and each baseline's [origins, H]. Row r at lead k comes from origin
 * r − k, i.e. origin index i = r − k − start + H.
 */

import { columnIndex, seriesLength, type TimeSeries } from '../../timeseries/series.js';
import { BASELINE_NAMES, type BaselineName } from './baselines.js';
import { pointIndex } from './rollout.js';
import { score, type ScoreRow } from './scoring.js';
import type { ForecasterState } from './state.js';

/** Forecasts of one lead over the scored rows, each [n]. */
export interface LeadForecasts {
  readonly model: Float64Array;
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
  readonly baselines: Partial<Record<BaselineName, Float64Array>>;
}

/** Metrics of the model and of each baseline on the same points. */
export interface MetricTable {
  readonly model: ScoreRow;
  readonly baselines: Partial<Record<BaselineName, ScoreRow>>;
}

/** Everything scored for one target. */
export interface TargetEvaluation {
  /** Actual values of the scored rows, [n]. */
  readonly actual: Float64Array;
  /** Index k − 1 holds lead k. */
  readonly leads: readonly LeadForecasts[];
  /** Over every (row, lead) pair. */
  readonly metrics: MetricTable;
  readonly byLead: readonly MetricTable[];
}

/** What `Forecaster.evaluate` returns. */
export interface Evaluation {
  /** First scored row, number of scored rows and the horizon. */
  readonly start: number;
  readonly n: number;
  readonly horizon: number;
  /** Timestamps of the scored rows. */
  readonly timestamps: Float64Array;
  readonly targets: Readonly<Record<string, TargetEvaluation>>;
  /** The first target's metrics (the common single-target case). */
  readonly metrics: MetricTable;
}

/** Assembles per-lead forecasts and their metrics. */
export function evaluateForecasts(a: {
  series: TimeSeries;
  start: number;
  horizon: number;
  origins: Int32Array;
  model: Float64Array;
  baselines: Record<string, Partial<Record<BaselineName, Float64Array>>>;
  targets: readonly string[];
  quantiles: readonly number[];
  state: ForecasterState;
}): Evaluation {
  const { series, start, horizon: H, targets, quantiles } = a;
  const N = seriesLength(series);
  const n = N - start;
  const C = targets.length, Q = Math.max(1, quantiles.length), point = pointIndex(quantiles);
  const interval = quantiles.length > 1;
  const out: Record<string, TargetEvaluation> = {};
  targets.forEach((name, c) => {
    const actual = series.values[columnIndex(series, name, 'Forecaster.evaluate')].slice(start, N);
    const leads: LeadForecasts[] = [];
    for (let k = 1; k <= H; k++) {
      const at = (r: number) => r - k - start + H; // origin index of row start + r… (r relative)
      const pick = (q: number) => Float64Array.from({ length: n }, (_, r) => a.model[((at(start + r) * H + (k - 1)) * C + c) * Q + q]);
      const baselines: Partial<Record<BaselineName, Float64Array>> = {};
      for (const b of BASELINE_NAMES) {
        const f = a.baselines[name]?.[b];
        if (f) baselines[b] = Float64Array.from({ length: n }, (_, r) => f[at(start + r) * H + (k - 1)]);
      }
      leads.push(interval ? { model: pick(point), lower: pick(0), upper: pick(Q - 1), baselines } : { model: pick(point), baselines });
    }
    const scale = a.state.baselines[name].naiveScale;
    const table = (ls: readonly LeadForecasts[]): MetricTable => {
      const y = concat(ls.map(() => actual));
      const model = score(y, concat(ls.map((l) => l.model)), scale, interval ? { lower: concat(ls.map((l) => l.lower!)), upper: concat(ls.map((l) => l.upper!)) } : undefined);
      const baselines: Partial<Record<BaselineName, ScoreRow>> = {};
      for (const b of BASELINE_NAMES) if (ls.every((l) => l.baselines[b])) baselines[b] = score(y, concat(ls.map((l) => l.baselines[b]!)), scale);
      return { model, baselines };
    };
    out[name] = { actual, leads, metrics: table(leads), byLead: leads.map((l) => table([l])) };
  });
  return { start, n, horizon: H, timestamps: series.timestamps.slice(start, N), targets: out, metrics: out[targets[0]].metrics };
}

function concat(parts: readonly Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0];
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
