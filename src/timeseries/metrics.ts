/**
 * Point-forecast errors over flat arrays of equal length (actual yᵢ, forecast ŷᵢ, i = 1 … n).
 * Any layout works as long as both arrays share it, e.g. a `y` batch `[B, H, C]` and a
 * prediction of the same shape. Sums run in float64.
 */

import { NonFiniteError, ShapeError, ValueError } from '../errors.js';

function check(where: string, actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  if (actual.length !== forecast.length) {
    throw new ShapeError(`${where}: forecast`, [actual.length], [forecast.length], 'The forecast needs one value per actual value, in the same layout.');
  }
  if (actual.length === 0) throw new ValueError(`${where}: expected at least one value, got empty arrays`);
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i])) throw new NonFiniteError(`${where} actual`, i, actual[i]);
    if (!Number.isFinite(forecast[i])) throw new NonFiniteError(`${where} forecast`, i, forecast[i]);
  }
  return actual.length;
}

/**
 * Mean absolute error: `MAE = (1/n) Σ |yᵢ − ŷᵢ|`.
 *
 * @example
 * mae([1, 2, 3], [2, 2, 5]); // (1 + 0 + 2) / 3 = 1
 */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = check('mae', actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(actual[i] - forecast[i]);
  return s / n;
}

/**
 * Root mean squared error: `RMSE = √((1/n) Σ (yᵢ − ŷᵢ)²)`.
 *
 * @example
 * rmse([1, 2, 3], [2, 2, 5]); // √((1 + 0 + 4) / 3) ≈ 1.291
 */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = check('rmse', actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += (actual[i] - forecast[i]) ** 2;
  return Math.sqrt(s / n);
}

/**
 * Mean absolute percentage error, in percent (as Darts): `MAPE = (100/n) Σ |yᵢ − ŷᵢ| / |yᵢ|`.
 * Undefined when some yᵢ = 0: that is an error (use sMAPE or MASE for such series).
 *
 * @example
 * mape([100, 200], [110, 180]); // (10% + 10%) / 2 = 10
 */
export function mape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = check('mape', actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (actual[i] === 0) throw new ValueError(`mape: actual value at index ${i} is 0, where the percentage error is undefined. Fix: use smape or mase for series that touch 0.`);
    s += Math.abs(actual[i] - forecast[i]) / Math.abs(actual[i]);
  }
  return (100 * s) / n;
}

/**
 * Symmetric MAPE, in percent, between 0 and 200 (as Darts and M4):
 * `sMAPE = (200/n) Σ |yᵢ − ŷᵢ| / (|yᵢ| + |ŷᵢ|)`; a term with yᵢ = ŷᵢ = 0 counts as 0 (a perfect forecast).
 *
 * @example
 * smape([100, 200], [110, 180]); // 100·(10/210 + 20/380) ≈ 10.03
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = check('smape', actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (d > 0) s += Math.abs(actual[i] - forecast[i]) / d;
  }
  return (200 * s) / n;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): the forecast's MAE over the in-sample
 * MAE of the seasonal naive forecast with season m (m = 1: the naive "last value" forecast):
 *
 *   MASE = MAE(y, ŷ) / ( (1/(N−m)) Σ_{t=m+1..N} |xₜ − xₜ₋ₘ| )     x = the training series
 *
 * Below 1: better than the seasonal naive forecast was on the training data.
 * `insample` must be one column, in time order (the training part of the target column).
 *
 * @example
 * mase([5, 6], [5, 8], [1, 2, 3, 4]);        // MAE 1 / naive scale 1 = 1
 * mase(test, forecast, trainColumn, 12);     // monthly data, yearly season
 */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, insample: ArrayLike<number>, season = 1): number {
  const err = mae(actual, forecast);
  if (!Number.isInteger(season) || season < 1) throw new ValueError(`mase: expected season to be an integer >= 1, got ${season}`);
  if (insample.length <= season) {
    throw new ValueError(`mase: the in-sample series needs more than season = ${season} values, got ${insample.length}. Fix: pass the whole training column.`);
  }
  let s = 0;
  for (let t = season; t < insample.length; t++) {
    if (!Number.isFinite(insample[t]) || !Number.isFinite(insample[t - season])) throw new NonFiniteError('mase insample', t, insample[t]);
    s += Math.abs(insample[t] - insample[t - season]);
  }
  const scale = s / (insample.length - season);
  if (scale === 0) throw new ValueError(`mase: the in-sample series is constant at lag ${season}, so the scale (its seasonal naive MAE) is 0 and MASE is undefined. Fix: use mae or rmse.`);
  return err / scale;
}

/** All five metrics of one forecast; `mape` is NaN where undefined, `mase` only with `insample`. */
export interface ForecastMetrics {
  readonly mae: number;
  readonly rmse: number;
  readonly mape: number;
  readonly smape: number;
  readonly mase?: number;
}

/**
 * MAE, RMSE, MAPE, sMAPE and (given the training column) MASE at once, for reports that put
 * a model beside its baselines. MAPE is NaN instead of an error when an actual value is 0.
 *
 * @example
 * forecastMetrics(y, yHat, { insample: trainColumn, season: 12 });
 */
export function forecastMetrics(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  options: { insample?: ArrayLike<number>; season?: number } = {},
): ForecastMetrics {
  const hasZero = Array.prototype.some.call(actual, (v: number) => v === 0);
  const out = {
    mae: mae(actual, forecast),
    rmse: rmse(actual, forecast),
    mape: hasZero ? NaN : mape(actual, forecast),
    smape: smape(actual, forecast),
  };
  return options.insample === undefined ? out : { ...out, mase: mase(actual, forecast, options.insample, options.season ?? 1) };
}
