/**
 * Finding the season of a series (the m of a seasonal naive forecast, MASE and `chooseArLags`)
 * from its autocorrelation function, with the calendar's usual seasons tried first when the
 * step of the series is known.
 */

import { NonFiniteError, ValueError } from '../errors.js';
import type { Frequency } from './timeline.js';

/** Options of {@link detectSeason}. Defaults in comments. */
export interface SeasonOptions {
  /** Longest lag searched. Default min(⌊n/2⌋, 1000): two seasons of data at least, and enough for 365 days. */
  readonly maxLag?: number;
  /** Shortest lag searched. Default 2 (lag 1 is persistence, not a season). */
  readonly minLag?: number;
  /** Step of the series; its usual seasons ({@link seasonCandidates}) are tried first. Default null: none. */
  readonly frequency?: Frequency | null;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Familywise false-alarm rate of the peak test on white noise. */
const ALPHA = 0.05;
/** Smallest autocorrelation called a season: r = 0.1 explains 1% of the variance. */
const MIN_ACF = 0.1;
/** A season's multiples have nearly the same ACF; among peaks within this share of the highest, the shortest lag wins. */
const HARMONIC_SHARE = 0.9;

/**
 * The seasons a calendar suggests for a step, shortest first:
 * - hours (and whole fractions of a day): a day and a week, [24, 168] for hourly data
 * - days: a week and a year, [7, 365]; weeks: [52]
 * - business days: a week and a year, [5, 261]
 * - months: a year, [12] (quarters [4]); steps of a year or more, plain step numbers, null: []
 *
 * @example
 * seasonCandidates({ unit: 'ms', step: 3_600_000 }); // [24, 168]
 * seasonCandidates({ unit: 'month', step: 1 });      // [12]
 */
export function seasonCandidates(frequency: Frequency | null): number[] {
  if (frequency === null) return [];
  if (frequency.unit === 'businessDay') return [5, 261];
  if (frequency.unit === 'month') return frequency.step < 12 && 12 % frequency.step === 0 ? [12 / frequency.step] : [];
  const step = frequency.step;
  if (step <= 0) return [];
  if (step < DAY && DAY % step === 0 && step % 60_000 === 0) return [DAY / step, WEEK / step];
  if (step === DAY) return [7, 365];
  if (step === WEEK) return [52];
  return [];
}

/** The series minus its least-squares line a + b·t. */
export function detrend(values: Float64Array): Float64Array {
  const n = values.length;
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += values[i];
  yMean /= n;
  let sty = 0;
  let stt = 0;
  for (let i = 0; i < n; i++) {
    sty += (i - tMean) * (values[i] - yMean);
    stt += (i - tMean) ** 2;
  }
  const slope = stt > 0 ? sty / stt : 0;
  return Float64Array.from(values, (v, i) => v - yMean - slope * (i - tMean));
}

/** r_k = Σ_t y_t y_{t+k} / Σ_t y_t², k = 0 … K (the usual biased estimator; y has mean 0). */
export function autocorrelation(y: Float64Array, K: number): Float64Array | null {
  const n = y.length;
  let s0 = 0;
  for (let i = 0; i < n; i++) s0 += y[i] * y[i];
  if (!(s0 > 0)) return null;
  const r = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += y[t] * y[t + k];
    r[k] = s / s0;
  }
  return r;
}

/**
 * Upper-tail standard normal quantile z with P(Z > z) = p, p ≤ 0.5 (Abramowitz & Stegun
 * 26.2.23, error below 4.5e-4: ample for a threshold).
 */
function normalUpperQuantile(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
}

/**
 * How far a local maximum at k rises above its surroundings (as scipy's peak prominence): go
 * left and right until the ACF exceeds r_k; the higher of the two minima passed is the base.
 * A side that runs off the computed lags does not count (the peak is judged by the other).
 */
function prominence(r: Float64Array, k: number): number {
  let left = r[k];
  let i = k - 1;
  for (; i >= 0 && r[i] <= r[k]; i--) left = Math.min(left, r[i]);
  let right = r[k];
  let j = k + 1;
  for (; j < r.length && r[j] <= r[k]; j++) right = Math.min(right, r[j]);
  const base = j >= r.length ? left : Math.max(left, right);
  return r[k] - base;
}

/**
 * The season of a series in rows, or null when it has none: a lag k where the autocorrelation
 * of the linearly detrended series has a clear peak.
 *
 *   r_k = Σ_t y_t y_{t+k} / Σ_t y_t²        y = x minus its least-squares line
 *
 * A lag k ∈ [minLag, maxLag] qualifies when r_k is a local maximum, and both r_k and its
 * prominence (its rise above the troughs beside it) reach the threshold
 *
 *   τ = max(0.1, z_{α/M} / √n),   α = 0.05, M = number of lags searched.
 *
 * 1.96/√n is the 95% band of one lag of white noise, but taking the highest of M lags
 * with it would find a "season" in white noise most of the time, so the band is widened to
 * a 5% chance over all M lags (Bonferroni); 0.1 keeps long series from reporting seasons
 * that explain under 1% of the variance. The prominence test rejects the wiggles of noise on
 * the slope of a long cycle, where the ACF is high but not a peak.
 *
 * Which qualifying lag wins:
 * - with a `frequency`, the calendar's seasons ({@link seasonCandidates}) come first: one
 *   counts when a qualifying peak lies within ⌊m/50⌋ lags of it (365.25-day years land on
 *   365 or 366), and the one with the higher ACF wins (returned as the calendar value m);
 * - otherwise, and when no calendar season qualifies: of the peaks whose ACF is within 90%
 *   of the highest, the shortest lag (2·m, 3·m of a season m have nearly its ACF).
 *
 * On daily data with a weekly pattern, 7 beats 365: the ACF at 7 days also carries nearly all
 * of a smooth yearly cycle (cos(2π·7/365) ≈ 0.99), while at 365 days a weekly pattern is one
 * weekday off (365 mod 7 = 1). 365 wins only without a weekly peak; give a model the year as
 * calendar features (dayOfYear) rather than as the season.
 *
 * A random walk has no season but its detrended ACF can wander into broad bumps; difference
 * such a series first.
 *
 * @example
 * detectSeason(monthlyPassengers);                                   // 12
 * detectSeason(dailyLoad, { frequency: { unit: 'ms', step: 86_400_000 } }); // 7
 */
export function detectSeason(values: Float64Array, options: SeasonOptions = {}): number | null {
  const where = 'detectSeason';
  const n = values.length;
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new NonFiniteError(`${where}: values (apply a missing-value policy first)`, bad, values[bad]);
  const minLag = options.minLag ?? 2;
  if (!Number.isInteger(minLag) || minLag < 1) throw new ValueError(`${where}: expected minLag to be an integer >= 1, got ${minLag}`);
  const maxLag = options.maxLag ?? Math.min(Math.floor(n / 2), 1000);
  if (!Number.isInteger(maxLag) || maxLag < 0 || maxLag > n - 2) {
    throw new ValueError(`${where}: expected maxLag to be an integer in [0, n − 2 = ${n - 2}], got ${maxLag}. Fix: at most the series length − 2 (half of it is the default).`);
  }
  if (maxLag < minLag) return null; // too short to show a season
  const r = autocorrelation(detrend(values), maxLag + 1);
  if (r === null) return null; // a straight line has no season

  const M = maxLag - minLag + 1;
  const tau = Math.max(MIN_ACF, normalUpperQuantile(ALPHA / M) / Math.sqrt(n));
  const peaks: number[] = [];
  for (let k = minLag; k <= maxLag; k++) {
    if (r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] >= tau && prominence(r, k) >= tau) peaks.push(k);
  }
  if (peaks.length === 0) return null;

  let best: number | null = null;
  let bestR = -Infinity;
  for (const m of seasonCandidates(options.frequency ?? null)) {
    const tol = Math.floor(m / 50);
    for (const k of peaks) {
      if (Math.abs(k - m) <= tol && r[k] > bestR) [best, bestR] = [m, r[k]];
    }
  }
  if (best !== null) return best;

  const highest = Math.max(...peaks.map((k) => r[k]));
  return peaks.find((k) => r[k] >= HARMONIC_SHARE * highest)!;
}
