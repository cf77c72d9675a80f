/**
 * Baseline forecasts from a full history at chosen forecast origins: the third form beside
 * `naiveForecast` (one history) and `baselineForecast` (one window each). Here a forecast made
 * at origin row L may read every row ≤ L of the series, not only a window's inputs, so a
 * seasonal naive forecast with a yearly season works with a short look-back model beside it.
 */

import { NonFiniteError, ValueError } from '../errors.js';
import type { BaselineMethod } from './baselines.js';

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`originForecast: expected ${name} to be an integer >= 1, got ${v}`);
  return v;
}

/** Rows of history (0 … L) a method needs at an origin, and what they are, for errors. */
function historyNeeded(method: BaselineMethod): [number, string] {
  switch (method.kind) {
    case 'naive':
      return [1, 'the last value'];
    case 'seasonalNaive':
      return [positiveInt('season', method.season), `one season of ${method.season} rows`];
    case 'movingAverage':
      return [positiveInt('window', method.window), `a window of ${method.window} rows`];
    default:
      throw new ValueError(`originForecast: unknown baseline kind ${JSON.stringify((method as { kind: unknown }).kind)}; expected 'naive', 'seasonalNaive' or 'movingAverage'`);
  }
}

/**
 * Baseline forecasts at forecast origins, laid out `[N, H]` (origin-major, float64): row n
 * holds the forecasts of rows L+1 … L+H made at origin L = origins[n], the last observed row,
 * from rows 0 … L only (rows past L may be absent, e.g. L = values.length − 1):
 *
 *   naive:                 ŷ_R = x_L
 *   seasonalNaive (m):     ŷ_R = x_{R − m·⌈(R−L)/m⌉}                 needs L + 1 ≥ m rows
 *   movingAverage (w):     ŷ_R = (1/w) Σ_{j=0..w−1} x_{L−j}          needs L + 1 ≥ w rows
 *
 * with R = L + k, k = 1 … H. These are the same formulas as `baselineForecast`, without the
 * window's limit on how far back they reach.
 *
 * @example
 * // origins of a test split that starts at row 120, a 12-month season, 6 months ahead
 * const origins = Int32Array.from({ length: 30 }, (_, i) => 119 + i);
 * const f = originForecast(passengers, origins, 6, { kind: 'seasonalNaive', season: 12 }); // [30, 6]
 */
export function originForecast(values: Float64Array, origins: ArrayLike<number>, horizon: number, method: BaselineMethod): Float64Array {
  positiveInt('horizon', horizon);
  const [need, what] = historyNeeded(method);
  const H = horizon;
  const out = new Float64Array(origins.length * H);
  for (let n = 0; n < origins.length; n++) {
    const L = origins[n];
    if (!Number.isInteger(L) || L < 0 || L >= values.length) {
      throw new ValueError(`originForecast: origin ${L} (origins[${n}]) is not a row of the series; expected an integer in [0, ${values.length - 1}]`);
    }
    if (L + 1 < need) {
      throw new ValueError(
        `originForecast ${method.kind}: origin ${L} (origins[${n}]) has ${L + 1} rows of history (rows 0…${L}), ` +
          `needs at least ${need} (${what}). Fix: start the origins at row ${need - 1} or later.`,
      );
    }
    const read = (row: number): number => {
      const v = values[row];
      if (!Number.isFinite(v)) throw new NonFiniteError(`originForecast: row ${row} (read for origin ${L}; apply a missing-value policy first)`, row, v);
      return v;
    };
    let level = 0;
    if (method.kind === 'naive') level = read(L);
    else if (method.kind === 'movingAverage') {
      for (let j = 0; j < method.window; j++) level += read(L - j);
      level /= method.window;
    }
    for (let k = 1; k <= H; k++) {
      // seasonal naive: the same phase of the last season that ends at or before L
      out[n * H + k - 1] = method.kind === 'seasonalNaive' ? read(L + k - method.season * Math.ceil(k / method.season)) : level;
    }
  }
  return out;
}
