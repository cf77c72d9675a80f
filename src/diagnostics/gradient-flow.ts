/**
 * Measures derived from a per-step gradient-norm curve g[0 … T−1] = ‖∂L/∂h_t‖, where the last
 * step T−1 is nearest the loss: how far back the gradient reaches (memory horizon), how fast it
 * decays per step (decay rate), and whether it explodes. Curves come from the BPTT kernels (or
 * any other source) as float64: on the adding problem the tanh RNN's first-step norm reaches
 * 1e-40, below float32's smallest normal number.
 */

import { ValueError } from '../errors.js';

/** The defaults of the gradient-flow measures, each with the reason. */
export const GRADIENT_FLOW_DEFAULTS = {
  /**
   * A step whose gradient is below 1e-3 of the last step's adds under 0.1 % to the update of
   * the shared weights: three decades down, it no longer teaches the model anything. It is
   * also the mirror of `explodingFactor`.
   */
  fraction: 1e-3,
  /**
   * Growth by more than three decades back in time: the early steps then dominate the update
   * and one step of the optimizer can throw the weights far off (Pascanu et al. 2013). Noise in
   * a healthy curve (an LSTM's, say) stays well within a factor of 10.
   */
  explodingFactor: 1e3,
} as const;

function check(g: ArrayLike<number>, where: string): number {
  if (!g || typeof g.length !== 'number' || g.length < 1) throw new ValueError(`${where}: expected a non-empty curve of per-step norms (a Float64Array of T ≥ 1 values), got ${g?.length ?? g} values`);
  return g.length;
}

function fractionOf(v: unknown, where: string, name: string, def: number): number {
  const x = v === undefined ? def : v;
  if (!(typeof x === 'number' && x > 0 && Number.isFinite(x))) throw new ValueError(`${where}: ${name} must be a finite number > 0, got ${x}`);
  return x;
}

/**
 * The memory horizon: the smallest step distance k ≥ 1 back from the last step at which the
 * norm falls below `fraction`·g[T−1],
 *
 *   horizon = min { k ≥ 1 : g[T−1−k] < fraction · g[T−1] },   or T when no step does,
 *
 * so T means "reaches the whole sequence". `fraction` defaults to 1e-3 (the reason is in
 * {@link GRADIENT_FLOW_DEFAULTS}). NaN entries never count as below; a last-step norm
 * that is 0 or not finite gives NaN (there is nothing to measure against).
 *
 * @example
 * const g = Float64Array.from({ length: 100 }, (_, t) => 0.5 ** (99 - t));
 * memoryHorizon(g);                     // 10: 0.5^10 ≈ 9.8e-4 < 1e-3
 * memoryHorizon(g, { fraction: 0.1 });  // 4
 */
export function memoryHorizon(g: ArrayLike<number>, options: { readonly fraction?: number } = {}): number {
  const T = check(g, 'memoryHorizon');
  const fraction = fractionOf(options.fraction, 'memoryHorizon', 'fraction', GRADIENT_FLOW_DEFAULTS.fraction);
  const ref = g[T - 1];
  if (!(ref > 0 && Number.isFinite(ref))) return NaN;
  const limit = fraction * ref;
  for (let k = 1; k < T; k++) if (g[T - 1 - k] < limit) return k;
  return T;
}

/** The per-step decay of a gradient-norm curve, from {@link decayRate}. */
export interface DecayRate {
  /**
   * Factor by which the norm changes per step back in time, g[t−1] ≈ factor·g[t]: below 1 the
   * gradient vanishes, above 1 it explodes. NaN with fewer than 2 usable points.
   */
  readonly factor: number;
  /** log10(factor): decades per step (−0.2 means a factor 10 every 5 steps). */
  readonly log10Factor: number;
  /** Coefficient of determination of the log-linear fit (1 = a clean geometric curve). */
  readonly r2: number;
  /** Points used: the finite, positive entries. */
  readonly points: number;
}

/**
 * The geometric decay per step of g: the least-squares line log g[t] ≈ a + b·t over the finite,
 * positive entries (zeros and non-finite values are skipped, since their log says nothing
 * about the rate), reported per step back in time:
 *
 *   factor = exp(−b),   log10Factor = −b / ln 10.
 *
 * Sums are taken about the mean step, in float64, so a curve spanning 1e-300 … 1 keeps its
 * precision. With 1/(−log10Factor) steps per decade, the horizon of {@link memoryHorizon} is
 * about −log10(fraction)/(−log10Factor) steps on a clean curve.
 *
 * @example
 * decayRate(Float64Array.from({ length: 50 }, (_, t) => 0.8 ** (49 - t))).factor; // 0.8
 */
export function decayRate(g: ArrayLike<number>): DecayRate {
  const T = check(g, 'decayRate');
  let n = 0, tMean = 0, yMean = 0;
  for (let t = 0; t < T; t++) {
    const v = g[t];
    if (!(v > 0 && Number.isFinite(v))) continue;
    n++;
    tMean += t;
    yMean += Math.log(v);
  }
  if (n < 2) return { factor: NaN, log10Factor: NaN, r2: NaN, points: n };
  tMean /= n;
  yMean /= n;
  let stt = 0, sty = 0, syy = 0;
  for (let t = 0; t < T; t++) {
    const v = g[t];
    if (!(v > 0 && Number.isFinite(v))) continue;
    const dt = t - tMean, dy = Math.log(v) - yMean;
    stt += dt * dt;
    sty += dt * dy;
    syy += dy * dy;
  }
  const b = sty / stt;
  return { factor: Math.exp(-b), log10Factor: -b / Math.LN10, r2: syy === 0 ? 1 : (sty * sty) / (stt * syy), points: n };
}

/**
 * The largest growth of the norm back in time, max_t g[t] / g[T−1] (so g[0]/g[T−1] and every
 * step in between): 1 for a flat curve, ≪ 1 for a vanishing one. Infinity when g[T−1] is 0 and
 * an earlier step is not; NaN when the curve has a non-finite entry.
 */
export function gradientGrowth(g: ArrayLike<number>): number {
  const T = check(g, 'gradientGrowth');
  const ref = g[T - 1];
  let max = 0;
  for (let t = 0; t < T; t++) {
    if (!Number.isFinite(g[t])) return NaN;
    if (g[t] > max) max = g[t];
  }
  if (ref === 0) return max > 0 ? Infinity : 1;
  return max / ref;
}

/**
 * ‖∂L/∂h_0‖ / ‖∂L/∂h_{T−1}‖: the first step's norm over the last step's (the lab's
 * `gradientRatio`). NaN when the last is 0 and the first is too, or either is not finite.
 */
export function gradientRatio(g: ArrayLike<number>): number {
  const T = check(g, 'gradientRatio');
  return Number.isFinite(g[0]) && Number.isFinite(g[T - 1]) ? g[0] / g[T - 1] : NaN;
}

/**
 * True when the gradient explodes: some entry is NaN or ±Infinity, or the norm grows back in
 * time by more than `factor` ({@link gradientGrowth} > factor; default 1e3, see
 * {@link GRADIENT_FLOW_DEFAULTS}).
 *
 * @example
 * explodingGradient(Float64Array.from({ length: 100 }, (_, t) => 1.1 ** (99 - t))); // true: 1.1^99 ≈ 1.3e4
 */
export function explodingGradient(g: ArrayLike<number>, options: { readonly factor?: number } = {}): boolean {
  const factor = fractionOf(options.factor, 'explodingGradient', 'factor', GRADIENT_FLOW_DEFAULTS.explodingFactor);
  const growth = gradientGrowth(g);
  return Number.isNaN(growth) || growth > factor;
}

/** All gradient-flow measures of one curve, from {@link gradientFlow}. */
export interface GradientFlow {
  /** Steps T of the curve. */
  readonly steps: number;
  readonly horizon: number;
  readonly decay: DecayRate;
  readonly ratio: number;
  readonly growth: number;
  readonly exploding: boolean;
}

/** Options of {@link gradientFlow}, with the defaults of {@link GRADIENT_FLOW_DEFAULTS}. */
export interface GradientFlowOptions {
  /** Fraction of the last-step norm that ends the memory horizon. Default 1e-3. */
  readonly fraction?: number;
  /** Growth back in time beyond which the gradient counts as exploding. Default 1e3. */
  readonly explodingFactor?: number;
}

/**
 * Every measure of one per-step norm curve at once: memory horizon, decay rate, first/last
 * ratio, largest growth and whether it explodes.
 *
 * @example
 * const flow = gradientFlow(curve);          // curve: Float64Array [T], last step nearest the loss
 * flow.horizon; flow.decay.factor; flow.exploding;
 */
export function gradientFlow(g: ArrayLike<number>, options: GradientFlowOptions = {}): GradientFlow {
  return {
    steps: check(g, 'gradientFlow'),
    horizon: memoryHorizon(g, { fraction: options.fraction }),
    decay: decayRate(g),
    ratio: gradientRatio(g),
    growth: gradientGrowth(g),
    exploding: explodingGradient(g, { factor: options.explodingFactor }),
  };
}
