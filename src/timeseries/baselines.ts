/**
 * What a person would forecast without a model, so that every model can be compared with it:
 * the last value (naive), the value one season ago (seasonal naive), and the mean of the last
 * few values (moving average).
 *
 * Two forms: on a plain history (`naiveForecast(history, horizon)`, as Darts's baseline models),
 * and on windows (`baselineForecast(windows, …)`), which gives one forecast per window in the
 * layout of the windows' `y`, from that window's own inputs only, so it never looks ahead.
 */

import { ValueError } from '../errors.js';
import type { SeriesWindows } from './windows.js';

/** Which baseline: `season` and `window` count rows of the series. */
export type BaselineMethod =
  | { readonly kind: 'naive' }
  | { readonly kind: 'seasonalNaive'; readonly season: number }
  | { readonly kind: 'movingAverage'; readonly window: number };

function checkHistory(where: string, history: ArrayLike<number>, need: number, what: string): void {
  if (history.length < need) {
    throw new ValueError(`${where}: expected at least ${need} past values (${what}), got ${history.length}`);
  }
}

function checkInt(where: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${where}: expected ${name} to be an integer >= 1, got ${v}`);
}

/**
 * Naive forecast: every future step equals the last observed value, `ŷ_{N+h} = x_N`.
 *
 * @example
 * naiveForecast([3, 5, 4], 2); // Float64Array [4, 4]
 */
export function naiveForecast(history: ArrayLike<number>, horizon: number): Float64Array {
  checkInt('naiveForecast', 'horizon', horizon);
  checkHistory('naiveForecast', history, 1, 'the last value');
  return new Float64Array(horizon).fill(history[history.length - 1]);
}

/**
 * Seasonal naive forecast: the value one season earlier, repeated season after season,
 * `ŷ_{N+h} = x_{N+h−m·⌈h/m⌉}`.
 *
 * @example
 * seasonalNaiveForecast([1, 2, 3, 10, 20, 30], 4, 3); // Float64Array [10, 20, 30, 10]
 */
export function seasonalNaiveForecast(history: ArrayLike<number>, horizon: number, season: number): Float64Array {
  checkInt('seasonalNaiveForecast', 'horizon', horizon);
  checkInt('seasonalNaiveForecast', 'season', season);
  checkHistory('seasonalNaiveForecast', history, season, 'one full season');
  const n = history.length;
  return Float64Array.from({ length: horizon }, (_, k) => history[n - season + (k % season)]);
}

/**
 * Moving-average forecast: every future step equals the mean of the last `window` values,
 * `ŷ_{N+h} = (1/w) Σ_{j=0..w−1} x_{N−j}`.
 *
 * @example
 * movingAverageForecast([1, 2, 3, 4], 2, 3); // Float64Array [3, 3]
 */
export function movingAverageForecast(history: ArrayLike<number>, horizon: number, window: number): Float64Array {
  checkInt('movingAverageForecast', 'horizon', horizon);
  checkInt('movingAverageForecast', 'window', window);
  checkHistory('movingAverageForecast', history, window, `window = ${window}`);
  let s = 0;
  for (let j = 1; j <= window; j++) s += history[history.length - j];
  return new Float64Array(horizon).fill(s / window);
}

/**
 * One baseline forecast per window, laid out like the windows' targets `[N, H, C]`
 * (window-major, float32, same as `gatherWindows(w, indices).y` batch-first).
 *
 * Each forecast uses only rows up to the window's last input row (the forecast origin L):
 * - naive: `ŷ(k) = x_L`
 * - seasonalNaive (season m rows): `ŷ(k) = x_{R−m·⌈(R−L)/m⌉}` with R = targetRow(i, k);
 *   needs `m ≤ (lookBack − 1)·samplingRate + 1` so the value lies inside the window.
 * - movingAverage (w input steps): `ŷ(k) = (1/w) Σ_{j<w} x_{inputRow(i, T−1−j)}`; needs `w ≤ lookBack`.
 *
 * @example
 * const naive = baselineForecast(w, { kind: 'naive' });
 * mae(gatherWindows(w, all).y, naive); // the number a model must beat
 */
export function baselineForecast(windows: SeriesWindows, method: BaselineMethod, indices?: ArrayLike<number>): Float32Array {
  const ids = indices ?? Int32Array.from({ length: windows.count }, (_, i) => i);
  const { horizon: H, lookBack: T, samplingRate: r } = windows;
  const cols = windows.targetValues;
  const C = cols.length;
  if (method.kind === 'seasonalNaive') {
    checkInt('baselineForecast', 'season', method.season);
    const reach = (T - 1) * r + 1;
    if (method.season > reach) {
      throw new ValueError(`baselineForecast seasonalNaive: season ${method.season} reaches back beyond the window, which covers ${reach} rows. Fix: lookBack >= ${Math.ceil((method.season - 1) / r) + 1}.`);
    }
  } else if (method.kind === 'movingAverage') {
    checkInt('baselineForecast', 'window', method.window);
    if (method.window > T) throw new ValueError(`baselineForecast movingAverage: window ${method.window} is longer than lookBack ${T}. Fix: window <= lookBack.`);
  }
  const out = new Float32Array(ids.length * H * C);
  for (let b = 0; b < ids.length; b++) {
    const i = ids[b];
    if (!Number.isInteger(i) || i < 0 || i >= windows.count) throw new ValueError(`baselineForecast: expected window indices in [0, ${windows.count}), got ${i}`);
    const L = windows.lastInputRow(i);
    for (let c = 0; c < C; c++) {
      const x = cols[c];
      let level = x[L];
      if (method.kind === 'movingAverage') {
        level = 0;
        for (let j = 0; j < method.window; j++) level += x[windows.inputRow(i, T - 1 - j)];
        level /= method.window;
      }
      for (let k = 0; k < H; k++) {
        let v = level;
        if (method.kind === 'seasonalNaive') {
          const R = windows.targetRow(i, k);
          v = x[R - method.season * Math.ceil((R - L) / method.season)];
        }
        out[(b * H + k) * C + c] = v;
      }
    }
  }
  return out;
}
