/**
 * Point-forecast errors over flat arrays of equal length (actual yᵢ, forecast ŷᵢ, i = 1 … n),
 * and the scores of quantile and interval forecasts (pinball, coverage, interval width).
 * Any layout works as long as the arrays share it, e.g. a `y` batch `[B, H, C]` and a
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

/** Checks intervals [lower, upper] (and the actual values): one length, finite, lower ≤ upper. */
function checkInterval(where: string, actual: ArrayLike<number> | null, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const named: [string, ArrayLike<number>][] = [['lower', lower], ['upper', upper]];
  if (actual !== null) named.unshift(['actual', actual]);
  const n = named[0][1].length;
  for (const [name, a] of named) {
    if (a.length !== n) throw new ShapeError(`${where}: ${name}`, [n], [a.length], `${named.map(([m]) => m).join(', ')} need one value per position, in the same layout.`);
  }
  if (n === 0) throw new ValueError(`${where}: expected at least one value, got empty arrays`);
  for (const [name, a] of named) {
    for (let i = 0; i < n; i++) if (!Number.isFinite(a[i])) throw new NonFiniteError(`${where} ${name}`, i, a[i]);
  }
  for (let i = 0; i < n; i++) {
    if (lower[i] > upper[i]) {
      throw new ValueError(`${where}: expected lower <= upper, got lower ${lower[i]} > upper ${upper[i]} at index ${i}. Fix: sort each forecast's quantiles (they cross), or swap the bounds.`);
    }
  }
  return n;
}

/**
 * Empirical coverage of a prediction interval: the share of actual values inside it,
 * `(1/n) #{i : lowerᵢ ≤ yᵢ ≤ upperᵢ}`. An 80% interval should score near 0.8.
 *
 * @example
 * coverage([1, 5, 3], [0, 0, 0], [2, 2, 4]); // 2/3 (5 lies outside [0, 2])
 */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const n = checkInterval('coverage', actual, lower, upper);
  let inside = 0;
  for (let i = 0; i < n; i++) if (lower[i] <= actual[i] && actual[i] <= upper[i]) inside++;
  return inside / n;
}

/**
 * Mean width of prediction intervals, `(1/n) Σ (upperᵢ − lowerᵢ)`: the price paid for
 * coverage (report both; a wide interval covers anything).
 *
 * @example
 * meanIntervalWidth([0, 1], [2, 4]); // (2 + 3) / 2 = 2.5
 */
export function meanIntervalWidth(lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const n = checkInterval('meanIntervalWidth', null, lower, upper);
  let s = 0;
  for (let i = 0; i < n; i++) s += upper[i] - lower[i];
  return s / n;
}

/**
 * Mean pinball (quantile) loss of a forecast of the q-quantile, in float64:
 *
 *   pinball = (1/n) Σ max(q·(yᵢ − ŷᵢ), (q − 1)·(yᵢ − ŷᵢ)),   0 < q < 1
 *
 * Under-forecasts cost q per unit, over-forecasts 1 − q; at q = 0.5 it is half the MAE.
 * The training loss of the same name is `pinballLoss` in losses.
 *
 * @example
 * pinball([10, 10], [8, 13], 0.9); // (0.9·2 + 0.1·3) / 2 = 1.05
 */
export function pinball(actual: ArrayLike<number>, forecast: ArrayLike<number>, q: number): number {
  const n = check('pinball', actual, forecast);
  if (!(q > 0 && q < 1)) throw new ValueError(`pinball: expected a quantile q strictly between 0 and 1, got ${q}`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = actual[i] - forecast[i];
    s += Math.max(q * e, (q - 1) * e);
  }
  return s / n;
}
