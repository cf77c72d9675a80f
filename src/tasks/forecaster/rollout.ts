/**
 * Forecasts from many origins at once: the network emits `Hn` steps per call; longer horizons
 * feed its median forecast back as the next inputs (the recursive strategy is the case Hn = 1).
 * Inputs that are neither targets nor known in advance cannot be fed back; `canRollOut` says so.
 */

import { Tensor } from '../../tensor/tensor.js';
import { noGrad } from '../../autograd/grad-mode.js';
import type { ForecastNet } from './network.js';
import { aheadAt, inputsAt, type Frame } from './frame.js';

/** What the rollout needs to know about the network's columns. */
export interface RolloutSpec {
  readonly lookBack: number;
  /** Network input columns, in order. */
  readonly inputs: readonly string[];
  readonly targets: readonly string[];
  /** Known-future columns (user covariates and calendar), in the order the network reads them. */
  readonly future: readonly string[];
  /** Sorted quantiles, or [] for a point forecast. */
  readonly quantiles: readonly number[];
  readonly predictChange: boolean;
}

/** Origins per network call: large enough to amortise a call, small enough for little memory. */
const CHUNK = 512;

/** Index of the point forecast among the Q outputs: the median (or the middle quantile). */
export function pointIndex(quantiles: readonly number[]): number {
  if (quantiles.length === 0) return 0;
  const m = quantiles.indexOf(0.5);
  return m >= 0 ? m : Math.floor(quantiles.length / 2);
}

/**
 * Scaled forecasts [N, steps, C, Q] (float64) from each origin; Q = max(1, quantiles.length),
 * quantiles sorted per point so they never cross.
 */
export function rollOut(net: ForecastNet, spec: RolloutSpec, frame: Frame, origins: ArrayLike<number>, steps: number): Float64Array {
  const C = spec.targets.length;
  const Q = Math.max(1, spec.quantiles.length);
  const out = new Float64Array(origins.length * steps * C * Q);
  for (let s = 0; s < origins.length; s += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, origins.length - s) }, (_, i) => origins[s + i]);
    const part = rollOutChunk(net, spec, frame, chunk, steps);
    out.set(part, s * steps * C * Q);
  }
  return out;
}

function rollOutChunk(net: ForecastNet, spec: RolloutSpec, frame: Frame, origins: number[], steps: number): Float64Array {
  const { lookBack: T } = spec;
  const Hn = net.options.horizon;
  const C = spec.targets.length, Q = Math.max(1, spec.quantiles.length), F = spec.inputs.length, K = spec.future.length;
  const B = origins.length;
  const point = pointIndex(spec.quantiles);
  const targetSlot = spec.targets.map((name) => spec.inputs.indexOf(name));
  // Per input column, once: which target feeds it back (−1: read from the frame instead).
  const fedBy = spec.inputs.map((name) => spec.targets.indexOf(name));
  const frameCols = spec.inputs.map((name) => frame.columns.get(name)!);
  const x = inputsAt(frame, origins, T, spec.inputs);
  const out = new Float64Array(B * steps * C * Q);
  // Last known (or fed-back) scaled value of each target per origin, for predictChange.
  const level = new Float64Array(B * C);
  for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) level[b * C + c] = x[((b * T) + T - 1) * F + targetSlot[c]];
  return noGrad(() => {
    net.eval();
    for (let s = 0; s < steps; s += Hn) {
      const at = origins.map((L) => L + s);
      const fut = K > 0 ? new Tensor(aheadAt(frame, at, Hn, spec.future), [B, Hn, K]) : null;
      const y = net.forward(new Tensor(x, [B, T, F]), fut).data; // [B, Hn, C·Q]
      const take = Math.min(Hn, steps - s);
      const row = new Float64Array(Q);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < take; k++) {
          for (let c = 0; c < C; c++) {
            for (let q = 0; q < Q; q++) row[q] = y[((b * Hn + k) * C + c) * Q + q] + (spec.predictChange ? level[b * C + c] : 0);
            row.sort();
            out.set(row, (((b * steps) + s + k) * C + c) * Q);
          }
        }
        if (spec.predictChange && s + Hn < steps) {
          // the next block's changes are relative to this block's last point forecast
          for (let c = 0; c < C; c++) level[b * C + c] = out[(((b * steps) + s + take - 1) * C + c) * Q + point];
        }
      }
      if (s + Hn >= steps) break;
      // Slide each window by Hn rows: targets from the forecast, known-future columns from the frame.
      const shift = Math.min(Hn, T);
      for (let b = 0; b < B; b++) {
        const base = b * T * F;
        x.copyWithin(base, base + shift * F, base + T * F);
        for (let k = 0; k < shift; k++) {
          const t = T - shift + k;
          const r = origins[b] + s + (Hn - shift) + k + 1; // frame row of this input step
          const lead = s + (Hn - shift) + k;
          for (let f = 0; f < F; f++) {
            const c = fedBy[f];
            x[base + t * F + f] = c >= 0 ? out[(((b * steps) + lead) * C + c) * Q + point] : frameCols[f][r];
          }
        }
      }
    }
    return out;
  });
}

/** Input columns a rollout cannot feed back (neither targets nor known in advance). */
export function unrollableInputs(spec: Pick<RolloutSpec, 'inputs' | 'targets' | 'future'>): string[] {
  return spec.inputs.filter((n) => !spec.targets.includes(n) && !spec.future.includes(n));
}
