/**
 * Scores of a forecast in original units — MAE, RMSE, MAPE, sMAPE, MASE and, for intervals,
 * coverage and mean width — computed on exactly the points given, so the model and every
 * baseline are compared on the same (origin, lead) pairs.
 */

import { RecurrentError } from '../../errors.js';
import { coverage, mae, mape, meanIntervalWidth, rmse, smape } from '../../timeseries/metrics.js';

/** The metrics of one forecaster (the model or a baseline) on one span. */
export interface ScoreRow {
  readonly mae: number;
  readonly rmse: number;
  /** NaN where an actual value is 0. */
  readonly mape: number;
  readonly smape: number;
  /** MAE over the in-sample MAE of the naive (last value) forecast on the training part. */
  readonly mase: number;
  /** Points scored. */
  readonly n: number;
  /** Share of actual values inside the interval, when there is one. */
  readonly coverage?: number;
  readonly intervalWidth?: number;
}

/**
 * Metrics of `forecast` against `actual` (same length), with the training part's naive MAE as
 * the MASE scale, and an interval when `lower`/`upper` are given.
 */
export function score(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  naiveScale: number,
  interval?: { lower: ArrayLike<number>; upper: ArrayLike<number> },
): ScoreRow {
  const err = mae(actual, forecast);
  const hasZero = Array.prototype.some.call(actual, (v: number) => v === 0);
  const row: ScoreRow = {
    mae: err,
    rmse: rmse(actual, forecast),
    mape: hasZero ? NaN : mape(actual, forecast),
    smape: smapeOrNaN(actual, forecast),
    mase: naiveScale > 0 ? err / naiveScale : NaN,
    n: actual.length,
  };
  if (!interval) return row;
  return { ...row, coverage: coverage(actual, interval.lower, interval.upper), intervalWidth: meanIntervalWidth(interval.lower, interval.upper) };
}

function smapeOrNaN(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  try {
    return smape(actual, forecast);
  } catch (e) {
    if (e instanceof RecurrentError) return NaN; // undefined where actual and forecast are both 0
    throw e;
  }
}

/** In-sample MAE of the naive forecast x̂_t = x_{t−1} over a training column (the MASE scale). */
export function naiveScale(train: ArrayLike<number>): number {
  let s = 0;
  for (let t = 1; t < train.length; t++) s += Math.abs(train[t] - train[t - 1]);
  return train.length > 1 ? s / (train.length - 1) : NaN;
}

/** A score row as plain JSON numbers (NaN → null), rounded to 6 significant digits. */
export function scoreJSON(row: ScoreRow): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(row)) out[k] = Number.isFinite(v) ? (k === 'n' ? v : Number(v.toPrecision(6))) : null;
  return out;
}
