/**
 * The baselines beside every Forecaster, fitted on its training part: naive (last value),
 * seasonal naive (season detected or given), moving average (window chosen on the training
 * part) and a linear autoregressive model fitted by least squares (lags chosen on the training
 * part) — the models a statistician fits first.
 */

import { RecurrentError } from '../../errors.js';
import { LinearAR, chooseArLags } from '../../timeseries/linear-ar.js';
import { originForecast } from '../../timeseries/origin-baselines.js';
import { detectSeason } from '../../timeseries/season.js';
import { columnIndex, seriesLength, type TimeSeries } from '../../timeseries/series.js';
import type { Frequency } from '../../timeseries/timeline.js';
import type { ResolvedForecasterOptions } from './forecaster.js';
import { naiveScale } from './scoring.js';
import type { ForecasterState, TargetBaselines } from './state.js';

/** Names of the baselines, in the order reports list them. */
export const BASELINE_NAMES = ['naive', 'seasonalNaive', 'movingAverage', 'linear'] as const;
/** A baseline a forecast is compared with: naive, seasonal naive, moving average, linear AR. */
export type BaselineName = (typeof BASELINE_NAMES)[number];

/** Moving-average windows tried on the training part. */
const MA_WINDOWS = [2, 3, 5, 7, 12, 24, 30];

/** One-step MAE of a moving average of `w` rows over the training column. */
function maMae(v: Float64Array, w: number): number {
  const origins = Int32Array.from({ length: v.length - w }, (_, i) => w - 1 + i);
  const f = originForecast(v, origins, 1, { kind: 'movingAverage', window: w });
  let s = 0;
  for (let i = 0; i < origins.length; i++) s += Math.abs(v[origins[i] + 1] - f[i]);
  return s / origins.length;
}

/** Fits every baseline of every target on the training series. */
export function fitBaselines(
  train: TimeSeries,
  o: Pick<ResolvedForecasterOptions, 'targets' | 'horizon' | 'season' | 'arMaxLags'>,
  frequency: Frequency | null,
): { season: number | null; targets: Record<string, TargetBaselines> } {
  const n = seriesLength(train);
  const first = train.values[columnIndex(train, o.targets[0], 'Forecaster')];
  const season = o.season ?? detectSeason(first, { frequency, maxLag: Math.floor(n / 3) });
  const targets: Record<string, TargetBaselines> = {};
  for (const name of o.targets) {
    const v = train.values[columnIndex(train, name, 'Forecaster')];
    const windows = MA_WINDOWS.filter((w) => w <= n / 4);
    let maWindow = windows[0] ?? 1, best = Infinity;
    for (const w of windows) {
      const e = maMae(v, w);
      if (e < best) [best, maWindow] = [e, w];
    }
    const arLags = chooseArLags(v, n, { maxLags: o.arMaxLags, season: season ?? undefined });
    const ar = new LinearAR({ lags: arLags, horizon: o.horizon }).fit(v, n);
    targets[name] = { naiveScale: naiveScale(v), maWindow, linear: ar.toJSON(), arLags };
  }
  return { season, targets };
}

/**
 * Forecasts [N, H] per baseline and target from each origin (original units), using every row
 * up to the origin. A baseline that cannot forecast some origin (too little history for its
 * season, say) is left out rather than scored on fewer points.
 */
export function baselineForecasts(
  series: TimeSeries,
  targets: readonly string[],
  state: ForecasterState,
  origins: Int32Array,
  H: number,
): Record<string, Partial<Record<BaselineName, Float64Array>>> {
  const out: Record<string, Partial<Record<BaselineName, Float64Array>>> = {};
  for (const name of targets) {
    const v = series.values[columnIndex(series, name, 'Forecaster')];
    const b = state.baselines[name];
    const row: Partial<Record<BaselineName, Float64Array>> = {};
    const attempt = (key: BaselineName, f: () => Float64Array) => {
      try {
        row[key] = f();
      } catch (e) {
        if (!(e instanceof RecurrentError)) throw e;
      }
    };
    attempt('naive', () => originForecast(v, origins, H, { kind: 'naive' }));
    if (state.season) attempt('seasonalNaive', () => originForecast(v, origins, H, { kind: 'seasonalNaive', season: state.season! }));
    attempt('movingAverage', () => originForecast(v, origins, H, { kind: 'movingAverage', window: b.maWindow }));
    attempt('linear', () => {
      const p = LinearAR.fromJSON(b.linear as never).predict(v, origins); // [N, trained horizon]
      const Har = p.length / origins.length;
      return Float64Array.from({ length: origins.length * H }, (_, j) => p[Math.floor(j / H) * Har + (j % H)]);
    });
    out[name] = row;
  }
  return out;
}
